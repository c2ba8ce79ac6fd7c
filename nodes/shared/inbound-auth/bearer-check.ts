import type { Transport } from '../http/types';
import { bearerFetchProblem, staticJwtKeys, type BearerInboundAuth } from './bearer';
import { IntrospectionCache } from './introspection';
import { JwksCache } from './jwks';

/** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output (256 bits). */
export const MIN_HS256_SECRET_BYTES = 32;

/** A value no authorization server issued as a token: introspecting it proves the client is accepted. */
const UNISSUED = 'n8n-credential-test-probe';

export interface BearerCheck {
	ok: boolean;
	message: string;
}

/**
 * What a bearer-verifying credential can honestly be tested for, before any token arrives: the
 * JWKS URL answers with usable signing keys, the introspection endpoint accepts the client (an
 * unknown token must come back `active: false`, not 401), the public key parses as RS256 / ES256,
 * a shared HS256 secret is long enough. Issuer and audience can only be checked on a real token.
 */
export async function checkBearerVerifier(auth: BearerInboundAuth, transport: Transport, nowMs = Date.now()): Promise<BearerCheck> {
	try {
		if (auth.mode === 'introspection') {
			if (!auth.introspection) return { ok: false, message: 'Enter the Introspection URL' };
			const answer = await new IntrospectionCache().introspect(UNISSUED, auth.introspection, transport, nowMs);
			return answer.active
				? { ok: false, message: 'The introspection endpoint called an unknown token active: it would accept any token' }
				: { ok: true, message: 'The introspection endpoint accepted the client ID and secret' };
		}
		if (auth.jwksUrl) {
			const keys = await new JwksCache().keys(auth.jwksUrl, undefined, transport, nowMs);
			return { ok: true, message: `The JWKS holds ${keys.length} signing key${keys.length === 1 ? '' : 's'} (${[...new Set(keys.map((k) => k.alg))].join(', ')})` };
		}
		if (auth.secret !== undefined && Buffer.byteLength(auth.secret, 'utf8') < MIN_HS256_SECRET_BYTES) {
			return { ok: false, message: `The shared secret is shorter than ${MIN_HS256_SECRET_BYTES} bytes, which RFC 7518 section 3.2 requires for HS256` };
		}
		const keys = staticJwtKeys(auth);
		if (keys.length === 0) return { ok: false, message: 'Enter the JWKS URL, the public key or the shared secret' };
		return { ok: true, message: `The ${keys[0].alg} key is usable` };
	} catch (error) {
		return { ok: false, message: bearerFetchProblem(error) };
	}
}
