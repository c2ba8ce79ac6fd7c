import { createHash } from 'node:crypto';

import { WebhookError } from '../errors';
import type { Transport } from '../http/types';
import { processIntrospectionCache, type Introspected, type IntrospectionCache, type IntrospectionEndpoint } from './introspection';
import { processJwksCache, type JwksCache } from './jwks';
import { checkIssuerAudience, DEFAULT_JWT_LEEWAY_SECONDS, jwtHeader, jwtKeyFromPem, verifyJwt, type JwtKey } from './jwt';
import { accepted, DEFAULT_REALM, first, refused, type AuthVerdict, type InboundRequestAuthData } from './types';

/**
 * OAuth 2.0 bearer tokens on receipt (RFC 6750): `Authorization: Bearer <token>`, checked either as
 * a JWT (HS256 secret, RS256 / ES256 public key, or the keys of a JWKS URL) or, for opaque tokens,
 * by the authorization server's introspection endpoint (RFC 7662). What needs the network (the
 * JWKS, an introspection answer) is fetched by `resolveBearer` before the synchronous check.
 */
export interface BearerInboundAuth {
	type: 'oAuth2';
	mode: 'jwt' | 'introspection';
	/** HS256 shared secret. */
	secret?: string;
	/** RS256 / ES256 public key (PEM, SPKI or certificate). */
	publicKey?: string;
	/** HTTPS URL of the authorization server's JWKS. */
	jwksUrl?: string;
	issuer?: string;
	audience?: string;
	leewaySeconds?: number;
	introspection?: IntrospectionEndpoint;
	/** PEM of a private CA to trust for the JWKS and introspection URLs (besides the public CAs). */
	caCertificate?: string;
	/** What resolveBearer found for this request. */
	resolved?: { keys?: JwtKey[]; introspected?: Introspected; error?: string };
}

export interface BearerDeps {
	transport: Transport;
	jwks?: JwksCache;
	introspection?: IntrospectionCache;
}

/** RFC 6750 section 3: the challenge, with the error code when a token was presented. */
export const bearerChallenge = (error?: 'invalid_token' | 'invalid_request') =>
	`Bearer realm="${DEFAULT_REALM}"${error ? `, error="${error}"` : ''}`;

export function bearerToken(request: InboundRequestAuthData): string | undefined {
	return /^\s*bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(first(request.headers.authorization) ?? '')?.[1];
}

const pemKeys = new Map<string, JwtKey | undefined>();
function pemKey(pem: string): JwtKey | undefined {
	const id = createHash('sha256').update(pem).digest('base64');
	if (!pemKeys.has(id)) {
		pemKeys.set(id, jwtKeyFromPem(pem));
		if (pemKeys.size > 100) pemKeys.delete(pemKeys.keys().next().value!);
	}
	return pemKeys.get(id);
}

/** The configured keys that need no network. Throws (no secret in the message) on an unusable PEM. */
export function staticJwtKeys(auth: BearerInboundAuth): JwtKey[] {
	const keys: JwtKey[] = [];
	if (auth.secret) keys.push({ alg: 'HS256', secret: Buffer.from(auth.secret, 'utf8') });
	if (auth.publicKey?.trim()) {
		const key = pemKey(auth.publicKey.trim());
		if (!key) throw new Error('the Public Key is neither RSA nor EC P-256');
		keys.push(key);
	}
	return keys;
}

/** Fetches what the check of this request needs; failures land in `resolved.error`. */
export async function resolveBearer(auth: BearerInboundAuth, request: InboundRequestAuthData, deps: BearerDeps, nowMs: number): Promise<BearerInboundAuth> {
	const token = bearerToken(request);
	if (token === undefined) return auth;
	try {
		if (auth.mode === 'introspection') {
			if (!auth.introspection) return { ...auth, resolved: { error: 'no introspection endpoint is configured' } };
			const introspected = await (deps.introspection ?? processIntrospectionCache).introspect(token, auth.introspection, deps.transport, nowMs);
			return { ...auth, resolved: { introspected } };
		}
		const keys = staticJwtKeys(auth);
		const header = jwtHeader(token);
		if (auth.jwksUrl && header) {
			const kid = typeof header.kid === 'string' ? header.kid : undefined;
			keys.push(...(await (deps.jwks ?? processJwksCache).keys(auth.jwksUrl, kid, deps.transport, nowMs)));
		}
		return { ...auth, resolved: { keys } };
	} catch (error) {
		return { ...auth, resolved: { error: bearerFetchProblem(error) } };
	}
}

/**
 * Why the JWKS or the introspection answer could not be had, in words for n8n's log and the
 * credential's Test button; a certificate the trigger could not verify says where a private CA goes.
 */
export function bearerFetchProblem(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return error instanceof WebhookError && error.code === 'TLS'
		? `${message}; if a private CA issued it, paste that CA into the credential's Custom CA Certificate`
		: message;
}

export function verifyBearer(auth: BearerInboundAuth, request: InboundRequestAuthData, nowMs: number): AuthVerdict {
	const header = first(request.headers.authorization);
	if (header === undefined) return refused('the Authorization header is missing (a Bearer token was expected)', bearerChallenge());
	const token = bearerToken(request);
	if (token === undefined) return refused('the Authorization header is not Bearer <token>', bearerChallenge('invalid_request'));
	if (auth.resolved?.error) return refused(`OAuth 2.0: the token could not be checked: ${auth.resolved.error}`, bearerChallenge('invalid_token'));
	const rules = { issuer: auth.issuer || undefined, audience: auth.audience || undefined, leewaySeconds: auth.leewaySeconds ?? DEFAULT_JWT_LEEWAY_SECONDS };

	if (auth.mode === 'introspection') {
		const claims = auth.resolved?.introspected;
		if (!claims) return refused('OAuth 2.0: the token was not introspected', bearerChallenge('invalid_token'));
		if (!claims.active) return refused('OAuth 2.0: the introspection endpoint says the token is not active', bearerChallenge('invalid_token'));
		if (typeof claims.exp === 'number' && claims.exp * 1000 <= nowMs) return refused('OAuth 2.0: the introspected token has expired (exp)', bearerChallenge('invalid_token'));
		const verdict = checkIssuerAudience(claims, rules);
		return verdict && !verdict.ok ? refused(`OAuth 2.0: ${verdict.reason}`, bearerChallenge('invalid_token')) : accepted;
	}

	let keys: JwtKey[];
	try {
		keys = auth.resolved?.keys ?? staticJwtKeys(auth);
	} catch (error) {
		return refused(`OAuth 2.0: ${(error as Error).message}`, bearerChallenge('invalid_token'));
	}
	if (keys.length === 0) return refused('OAuth 2.0: no Secret, Public Key or JWKS URL is configured', bearerChallenge('invalid_token'));
	const verdict = verifyJwt(token, keys, rules, nowMs);
	return verdict.ok ? accepted : refused(`OAuth 2.0: ${verdict.reason}`, bearerChallenge('invalid_token'));
}
