import { X509Certificate } from 'node:crypto';

import { WebhookError } from '../errors';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * A Custom CA Certificate field as the transport needs it: the PEM certificates it holds (a chain
 * pasted whole is fine; text around the blocks is dropped), or '' when the field is empty (Node's
 * trusted CAs). Each block is written out again with its base64 in 64-character lines, so a PEM whose
 * line breaks were lost on the way (a single-line password field, `\n` copied from JSON, spaces) is
 * read as the PEM it stands for. A value with no certificate in it, or a block that does not parse,
 * is INVALID_CONFIG naming the field, before any connection uses it: a bad CA would otherwise
 * surface as a TLS error on every request, far from its cause.
 */
export function caCertificatePem(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return '';
	const blocks = [...text.matchAll(PEM_CERTIFICATE)].map((match) => canonicalPem(match[1]));
	const unreadable = blocks.findIndex((block) => !parses(block));
	if (blocks.length > 0 && unreadable < 0) return blocks.join('\n');
	const what = blocks.length === 0 ? 'holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block)' : `has a certificate that does not parse (block ${unreadable + 1} of ${blocks.length})`;
	throw new WebhookError('INVALID_CONFIG', `${field} ${what}`, {
		hint: "Paste the CA's certificate in PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- (a private key or a public key will not do), or leave the field empty to trust the public CAs.",
		data: { field },
	});
}

function canonicalPem(body: string): string {
	const base64 = body.replace(/\\n|\s/g, '');
	return ['-----BEGIN CERTIFICATE-----', ...(base64.match(/.{1,64}/g) ?? []), '-----END CERTIFICATE-----'].join('\n');
}

function parses(block: string): boolean {
	try {
		new X509Certificate(block);
		return true;
	} catch {
		return false;
	}
}
