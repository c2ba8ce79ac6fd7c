import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * JSON Web Token verification with node:crypto (RFC 7519, signatures per RFC 7515 / RFC 7518
 * section 3): HS256 with a shared secret, RS256 and ES256 with public keys. The algorithm is taken
 * from the key, never from the token alone: a token whose `alg` does not fit the key (`none`, HS256
 * against a public key) is refused, so one kind of key is never used as another.
 */
export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

export type JwtKey = { alg: 'HS256'; secret: Buffer; kid?: string } | { alg: 'RS256' | 'ES256'; key: KeyObject; kid?: string };

export interface JwtClaimRules {
	/** Required `iss` when set. */
	issuer?: string;
	/** Required member of `aud` (string or array) when set. */
	audience?: string;
	/** Seconds of clock difference tolerated for exp and nbf. */
	leewaySeconds: number;
}

export const DEFAULT_JWT_LEEWAY_SECONDS = 60;

export type JwtVerdict = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

const B64URL = /^[A-Za-z0-9_-]*$/;

/** The algorithm a public key signs with: RSA → RS256, EC P-256 → ES256; others are not taken. */
export function publicKeyAlgorithm(key: KeyObject): 'RS256' | 'ES256' | undefined {
	if (key.asymmetricKeyType === 'rsa') return 'RS256';
	if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
	return undefined;
}

/** One PEM public key (or certificate) as a JwtKey; undefined when it is neither RSA nor P-256. */
export function jwtKeyFromPem(pem: string): JwtKey | undefined {
	const key = createPublicKey(pem);
	const alg = publicKeyAlgorithm(key);
	return alg ? { alg, key } : undefined;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The header of a compact JWS, or undefined when `token` is not one. */
export function jwtHeader(token: string): Record<string, unknown> | undefined {
	const parts = token.split('.');
	if (parts.length !== 3 || !parts.every((part) => B64URL.test(part))) return undefined;
	return decodeJson(parts[0]);
}

function signatureOk(key: JwtKey, input: Buffer, signature: Buffer): boolean {
	if (key.alg === 'HS256') {
		const expected = createHmac('sha256', key.secret).update(input).digest();
		return expected.length === signature.length && timingSafeEqual(expected, signature);
	}
	// ES256 signatures are r ‖ s (RFC 7518 section 3.4), not DER.
	return verify('sha256', input, key.alg === 'ES256' ? { key: key.key, dsaEncoding: 'ieee-p1363' } : key.key, signature);
}

export function verifyJwt(token: string, keys: readonly JwtKey[], rules: JwtClaimRules, nowMs: number): JwtVerdict {
	const header = jwtHeader(token);
	if (!header) return { ok: false, reason: 'the bearer token is not a JWT (three base64url parts)' };
	const [head, body, sig] = token.split('.');
	const alg = header.alg;
	const kid = typeof header.kid === 'string' ? header.kid : undefined;
	const candidates = keys.filter((key) => key.alg === alg && (kid === undefined || key.kid === undefined || key.kid === kid));
	if (candidates.length === 0) {
		return { ok: false, reason: `the JWT's alg ${String(alg).slice(0, 10)}${kid ? ` and kid ${kid.slice(0, 60)}` : ''} match no configured key` };
	}
	const input = Buffer.from(`${head}.${body}`, 'ascii');
	const signature = Buffer.from(sig, 'base64url');
	if (!candidates.some((key) => signatureOk(key, input, signature))) return { ok: false, reason: 'the JWT signature does not verify with the configured key' };

	const claims = decodeJson(body);
	if (!claims) return { ok: false, reason: 'the JWT payload is not a JSON object' };
	const now = nowMs / 1000;
	if (typeof claims.exp !== 'number') return { ok: false, reason: 'the JWT has no exp claim' };
	if (claims.exp + rules.leewaySeconds <= now) return { ok: false, reason: 'the JWT has expired (exp)' };
	if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf - rules.leewaySeconds > now)) {
		return { ok: false, reason: 'the JWT is not valid yet (nbf)' };
	}
	const claimVerdict = checkIssuerAudience(claims, rules);
	return claimVerdict ?? { ok: true, claims };
}

/** iss and aud as RFC 7519 sections 4.1.1 and 4.1.3 define them (also used for introspection answers). */
export function checkIssuerAudience(claims: Record<string, unknown>, rules: Pick<JwtClaimRules, 'issuer' | 'audience'>): JwtVerdict | undefined {
	if (rules.issuer && claims.iss !== rules.issuer) return { ok: false, reason: 'the token\'s iss is not the configured Issuer' };
	if (rules.audience) {
		const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
		if (!aud.includes(rules.audience)) return { ok: false, reason: 'the token\'s aud does not name the configured Audience' };
	}
	return undefined;
}
