import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What a scheme's checker sees of a request and what it answers. Header names are lower case;
 * `url` is the request-target as received (path and query), which Digest and AWS SigV4 sign.
 */
export interface InboundRequestAuthData {
	method?: string;
	url?: string;
	headers: Record<string, string | string[] | undefined>;
	query?: Record<string, unknown>;
	/** The exact body bytes (AWS SigV4 signs their SHA-256; Digest qop=auth-int their hash). */
	rawBody?: Buffer;
}

/**
 * A checker's answer. `reason` says what was wrong for n8n's log: it names fields and facts, never a
 * secret or a received credential. `challenge` is the `WWW-Authenticate` value of the 401, where the
 * scheme defines one. `handshake` marks the expected first leg of a challenge-response scheme (a
 * Digest sender's first request carries no answer yet): nothing is wrong, so it is logged quietly.
 */
export type AuthVerdict = { ok: true } | { ok: false; reason: string; challenge?: string; handshake?: boolean };

export const accepted: AuthVerdict = { ok: true };
export const refused = (reason: string, challenge?: string, handshake = false): AuthVerdict => ({
	ok: false,
	reason,
	...(challenge ? { challenge } : {}),
	...(handshake ? { handshake } : {}),
});

/** The realm this package's challenges name unless a credential sets one. */
export const DEFAULT_REALM = 'Channel Event Trigger';

const sha256 = (value: string | Buffer): Buffer => createHash('sha256').update(value).digest();

/**
 * Constant-time equality for equal and unequal lengths alike: both sides are hashed with SHA-256
 * first, so `timingSafeEqual` always compares 32 bytes and no length leaks through timing.
 */
export function safeEqual(received: string | Buffer, expected: string | Buffer): boolean {
	return timingSafeEqual(sha256(received), sha256(expected));
}

/** The first value of a header or query parameter. */
export const first = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;

/** A header's value as AWS and HTTP combine repeated fields: joined with commas. */
export const headerValue = (headers: InboundRequestAuthData['headers'], name: string): string | undefined => {
	const value = headers[name];
	return Array.isArray(value) ? value.join(',') : value;
};

/** The scheme word of an Authorization header (`Digest`, `Bearer`, ...) in lower case, or undefined. */
export const authorizationScheme = (headers: InboundRequestAuthData['headers']): string | undefined =>
	/^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)/.exec(first(headers.authorization) ?? '')?.[1].toLowerCase();
