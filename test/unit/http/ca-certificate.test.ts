import { generateKeyPairSync, X509Certificate } from 'node:crypto';

import { WebhookError } from '../../../nodes/shared/errors';
import { caCertificatePem } from '../../../nodes/shared/http/ca-certificate';
import { testCertificate } from '../../support/certs';

const FIELD = 'Options → Custom CA Certificate';

function refusal(value: unknown): WebhookError {
	try {
		caCertificatePem(value, FIELD);
	} catch (error) {
		return error as WebhookError;
	}
	throw new Error('the value was accepted');
}

describe('caCertificatePem: a Custom CA Certificate field as the transport needs it', () => {
	let cert: string;
	beforeAll(async () => {
		cert = (await testCertificate()).cert;
	});

	it('keeps an empty field empty (Node\'s trusted CAs)', () => {
		expect(caCertificatePem('', FIELD)).toBe('');
		expect(caCertificatePem('  \n ', FIELD)).toBe('');
		expect(caCertificatePem(undefined, FIELD)).toBe('');
	});

	const fingerprints = (pem: string) => pem.split(/(?<=-----END CERTIFICATE-----)\n/).map((block) => new X509Certificate(block).fingerprint256);

	it('returns the certificate itself, without the text pasted around it', () => {
		const pem = caCertificatePem(`Issuer: our private CA\n${cert}\n(exported from the vault)`, FIELD);
		expect(pem).not.toMatch(/Issuer|vault/);
		expect(fingerprints(pem)).toEqual([new X509Certificate(cert).fingerprint256]);
		expect(new X509Certificate(pem).subject).toContain('CN=localhost');
	});

	it('keeps every certificate of a pasted chain', () => {
		const pem = caCertificatePem(`${cert}\n${cert}`, FIELD);
		expect(fingerprints(pem)).toEqual([new X509Certificate(cert).fingerprint256, new X509Certificate(cert).fingerprint256]);
	});

	it('reads a PEM whose line breaks were lost: one line (a password field), \\n from JSON, spaces', () => {
		const lines = cert.trim().split(/\r?\n/);
		expect(() => new X509Certificate(lines.join(''))).toThrow();
		for (const mangled of [lines.join(''), lines.join('\\n'), lines.join(' '), lines.join('\r\n')]) {
			expect(fingerprints(caCertificatePem(mangled, FIELD))).toEqual([new X509Certificate(cert).fingerprint256]);
		}
	});

	it('refuses a value with no certificate, naming the field and what to paste, never the value', () => {
		const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		for (const value of ['not a certificate', privatePem, publicKey.export({ type: 'spki', format: 'pem' }).toString()]) {
			const error = refusal(value);
			expect(error).toBeInstanceOf(WebhookError);
			expect(error.code).toBe('INVALID_CONFIG');
			expect(error.message).toBe(`${FIELD} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block)`);
			expect(error.hint).toMatch(/-----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----/);
			const told = `${error.message} ${error.hint} ${JSON.stringify(error.data)}`;
			expect(told).not.toContain(value.includes('\n') ? value.split('\n')[1] : value);
		}
	});

	it('refuses a certificate block that does not parse, saying which one', () => {
		const lines = cert.trim().split('\n');
		lines[3] = lines[3].replace(/[A-Za-z]/g, (c) => (c === 'A' ? 'B' : 'A'));
		const broken = lines.join('\n');
		expect(refusal(`${cert}\n${broken}`).message).toBe(`${FIELD} has a certificate that does not parse (block 2 of 2)`);
		expect(refusal('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----').message).toBe(`${FIELD} has a certificate that does not parse (block 1 of 1)`);
	});
});
