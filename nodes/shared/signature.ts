import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `x-hub-signature`: the lowercase hex HMAC (RFC 2104) of the exact body bytes, keyed with the hub
 * secret. The spec offers SHA256 and SHA512 (SHA1 is no longer offered for new configurations).
 * Some receivers (GitHub style) expect the digest prefixed with `sha256=`; that is an option.
 */
export const HUB_SIGNATURE_HEADER = 'x-hub-signature';

export type HubAlgorithm = 'sha256' | 'sha512';
export const HUB_ALGORITHMS: readonly HubAlgorithm[] = ['sha256', 'sha512'];

export interface SignOptions {
	secret: string;
	algorithm: HubAlgorithm;
	/** Prefix the digest with `sha256=` / `sha512=`. */
	prefix?: boolean;
}

export function hmacHex(secret: string | Buffer, algorithm: HubAlgorithm, body: Buffer | string): string {
	return createHmac(algorithm, secret).update(body).digest('hex');
}

export function signBody(body: Buffer | string, { secret, algorithm, prefix = false }: SignOptions): string {
	const digest = hmacHex(secret, algorithm, body);
	return prefix ? `${algorithm}=${digest}` : digest;
}

export interface VerifyOptions {
	/** Current secret first; during a rotation the previous secret(s) too. */
	secrets: readonly string[];
	algorithm: HubAlgorithm;
}

const PREFIX_PATTERN = /^(sha1|sha256|sha512)=/i;
const HEX_LENGTH: Record<HubAlgorithm, number> = { sha256: 64, sha512: 128 };

/**
 * Checks a received `x-hub-signature` (bare hex or `algo=hex`) against the raw body, for every
 * accepted secret. A prefix naming another algorithm than the configured one is refused, so a
 * sender cannot downgrade to SHA1. Comparison is constant-time on equal-length buffers.
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
