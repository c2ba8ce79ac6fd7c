import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

import { WebhookError } from './errors';

/**
 * `x-hub-signature`: the lowercase hex HMAC (RFC 2104) of the exact body bytes, keyed with the hub
 * secret. The spec offers SHA256 and SHA512 for signing; SHA1 "is no longer supported for new
 * configurations" but "will work as is for the existing configurations", so it is accepted for
 * verifying only (the Channel Event Trigger receiving from an existing platform configuration).
 * Some receivers (GitHub style) expect the digest prefixed with `sha256=`; that is an option.
 */
export const HUB_SIGNATURE_HEADER = 'x-hub-signature';

/** What the Outbound Webhook node signs with. */
export type HubAlgorithm = 'sha256' | 'sha512';
export const HUB_ALGORITHMS: readonly HubAlgorithm[] = ['sha256', 'sha512'];
/** What the Channel Event Trigger verifies: the signing algorithms plus legacy SHA1. */
export type HubVerifyAlgorithm = HubAlgorithm | 'sha1';
export const HUB_VERIFY_ALGORITHMS: readonly HubVerifyAlgorithm[] = ['sha256', 'sha512', 'sha1'];

/**
 * The credential's algorithm, checked for signing: SHA1 (legacy, verify only) and anything unknown
 * are refused before a request is made, with a hint that says what to choose.
 */
export function signingAlgorithm(value: unknown): HubAlgorithm {
	const algorithm = value === undefined || value === null || value === '' ? 'sha256' : String(value).toLowerCase();
	if ((HUB_ALGORITHMS as readonly string[]).includes(algorithm)) return algorithm as HubAlgorithm;
	const legacy = algorithm === 'sha1';
	throw new WebhookError(
		'INVALID_CONFIG',
		legacy
			? 'The Hub Signature credential uses SHA1, which is only for verifying existing platform configurations and cannot sign'
			: `The Hub Signature credential names an unknown algorithm "${algorithm.slice(0, 20)}"`,
		{ hint: 'Open the Hub Signature credential and choose SHA256 or SHA512 as Algorithm.', data: { algorithm: legacy ? 'sha1' : 'unknown' } },
	);
}

/** The credential's algorithm, checked for verifying (SHA1 allowed); unknown values are refused. */
export function verifyingAlgorithm(value: unknown): HubVerifyAlgorithm {
	const algorithm = value === undefined || value === null || value === '' ? 'sha256' : String(value).toLowerCase();
	if ((HUB_VERIFY_ALGORITHMS as readonly string[]).includes(algorithm)) return algorithm as HubVerifyAlgorithm;
	throw new WebhookError('INVALID_CONFIG', `The Hub Signature credential names an unknown algorithm "${algorithm.slice(0, 20)}"`, {
		hint: 'Open the Hub Signature credential and choose SHA256, SHA512 or (legacy) SHA1 as Algorithm.',
	});
}

export interface SignOptions {
	/** The hub secret (its UTF-8 bytes are the key), or that key prepared once by `withSigningKey`. */
	secret: string | KeyObject;
	algorithm: HubAlgorithm;
	/** Prefix the digest with `sha256=` / `sha512=`. */
	prefix?: boolean;
}

export function hmacHex(secret: string | Buffer | KeyObject, algorithm: HubVerifyAlgorithm, body: Buffer | string): string {
	return createHmac(algorithm, secret).update(body).digest('hex');
}

/**
 * The same options with the secret imported once as a key: `createHmac` with a text secret imports it
 * again for every body (about half of a 1 KB body's signing time here), with a KeyObject it does not.
 */
export function withSigningKey(options: SignOptions): SignOptions {
	return typeof options.secret === 'string' ? { ...options, secret: createSecretKey(Buffer.from(options.secret, 'utf8')) } : options;
}

export function signBody(body: Buffer | string, { secret, algorithm, prefix = false }: SignOptions): string {
	const digest = hmacHex(secret, algorithm, body);
	return prefix ? `${algorithm}=${digest}` : digest;
}

export interface VerifyOptions {
	/** Current secret first; during a rotation the previous secret(s) too. */
	secrets: readonly string[];
	algorithm: HubVerifyAlgorithm;
}

const PREFIX_PATTERN = /^(sha1|sha256|sha512)=/i;
/** Full lowercase hex of each digest: 64 (SHA256), 128 (SHA512), 40 (SHA1, the spec's "40-byte"). */
const HEX_LENGTH: Record<HubVerifyAlgorithm, number> = { sha256: 64, sha512: 128, sha1: 40 };

/**
 * Checks a received `x-hub-signature` (bare hex or `algo=hex`) against the raw body, for every
 * accepted secret. A prefix naming another algorithm than the configured one is refused, so a
 * sender cannot downgrade to SHA1 unless the credential itself says SHA1. Comparison is constant-time on equal-length buffers.
 */
export function verifySignature(body: Buffer, header: string | undefined, { secrets, algorithm }: VerifyOptions): boolean {
	if (typeof header !== 'string' || secrets.length === 0) return false;
	let received = header.trim();
	const prefix = PREFIX_PATTERN.exec(received);
	if (prefix) {
		if (prefix[1].toLowerCase() !== algorithm) return false;
		received = received.slice(prefix[0].length);
	}
	if (received.length !== HEX_LENGTH[algorithm] || !/^[0-9a-f]+$/i.test(received)) return false;
	const receivedBytes = Buffer.from(received, 'hex');
	let match = false;
	for (const secret of secrets) {
		if (!secret) continue;
		const expected = createHmac(algorithm, secret).update(body).digest();
		// Check every secret, not just until the first match, so timing does not reveal which one matched.
		if (timingSafeEqual(expected, receivedBytes)) match = true;
	}
	return match;
}
