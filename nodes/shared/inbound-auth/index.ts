import { receivedApiKey, verifyApiKey, type ApiKeyInboundAuth } from './api-key';
import { verifyAwsSignature, type AwsInboundAuth } from './aws-sigv4';
import { verifyBasic, type BasicInboundAuth } from './basic';
import { resolveBearer, verifyBearer, type BearerDeps, type BearerInboundAuth } from './bearer';
import { verifyDigest, type DigestInboundAuth } from './digest';
import { accepted, DEFAULT_REALM, first, type AuthVerdict, type InboundRequestAuthData } from './types';

/**
 * The Channel Event Trigger's inbound authorization: every scheme the platform can put on an
 * Outbound Webhook (its "Adding Authorization for Outbound Webhook Notifications": No Auth, Basic,
 * Digest, AWS Signature, API Key, OAuth 2.0), with the Outbound Webhook's option values. One table
 * maps each scheme to its checker; `receive()` asks it through `verifyInboundAuth`.
 */
export type InboundAuth = { type: 'none' } | BasicInboundAuth | DigestInboundAuth | AwsInboundAuth | ApiKeyInboundAuth | BearerInboundAuth;
export type InboundAuthType = InboundAuth['type'];

interface SchemeChecker<A extends InboundAuth> {
	/** True when the request carries authorization data for this scheme (right or wrong). */
	carries(auth: A, request: InboundRequestAuthData): boolean;
	verify(auth: A, request: InboundRequestAuthData, nowMs: number): AuthVerdict;
}

const hasAuthorization = (_auth: InboundAuth, request: InboundRequestAuthData) => first(request.headers.authorization) !== undefined;

const CHECKERS: { [T in InboundAuthType]: SchemeChecker<Extract<InboundAuth, { type: T }>> } = {
	none: { carries: () => false, verify: () => accepted },
	basicAuth: { carries: hasAuthorization, verify: (auth, request) => verifyBasic(auth, request, DEFAULT_REALM) },
	digestAuth: { carries: hasAuthorization, verify: verifyDigest },
	awsSignature: { carries: hasAuthorization, verify: verifyAwsSignature },
	apiKey: { carries: (auth, request) => receivedApiKey(auth, request) !== undefined, verify: verifyApiKey },
	oAuth2: { carries: hasAuthorization, verify: verifyBearer },
};

const checker = <A extends InboundAuth>(auth: A) => CHECKERS[auth.type] as unknown as SchemeChecker<A>;

/** True when the request carries any authorization data for the configured scheme (right or wrong). */
export function carriesInboundAuth(auth: InboundAuth, request: InboundRequestAuthData): boolean {
	return checker(auth).carries(auth, request);
}

/** The verdict on the request's authorization, with what was wrong (for the log) and the challenge. */
export function verifyInboundAuth(auth: InboundAuth, request: InboundRequestAuthData, nowMs: number = Date.now()): AuthVerdict {
	return checker(auth).verify(auth, request, nowMs);
}

/** True when the request carries the configured authorization. */
export function checkInboundAuth(auth: InboundAuth, request: InboundRequestAuthData, nowMs?: number): boolean {
	return verifyInboundAuth(auth, request, nowMs).ok;
}

/**
 * What a check needs from the network, fetched before `receive()` (which stays synchronous): the
 * JWKS of an OAuth 2.0 JWT, or the introspection answer for an opaque token. Every other scheme is
 * returned as it is.
 */
export async function resolveInboundAuth(auth: InboundAuth, request: InboundRequestAuthData, deps: BearerDeps, nowMs: number = Date.now()): Promise<InboundAuth> {
	if (auth.type !== 'oAuth2') return auth;
	const method = (request.method ?? 'POST').toUpperCase();
	if (!['POST', 'GET', 'HEAD'].includes(method)) return auth;
	return await resolveBearer(auth, request, deps, nowMs);
}

export { basicChallenge, parseBasicAuthorization } from './basic';
export { digestChallenge } from './digest';
export { bearerChallenge } from './bearer';
export { DEFAULT_AWS_CLOCK_SKEW_SECONDS } from './aws-sigv4';
export { DEFAULT_JWT_LEEWAY_SECONDS } from './jwt';
export { NonceCountMemory } from './digest-nonce';
export { safeEqual, DEFAULT_REALM, type AuthVerdict, type InboundRequestAuthData } from './types';
export type { ApiKeyInboundAuth, AwsInboundAuth, BasicInboundAuth, BearerInboundAuth, DigestInboundAuth, BearerDeps };
