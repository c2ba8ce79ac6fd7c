import { digestResponse, normaliseAlgorithm, type DigestAlgorithm } from '../auth/digest-response';
import { parseChallenges } from '../auth/www-authenticate';
import { checkNonce, derivedOpaque, DIGEST_NONCE_LIFETIME_MS, issueNonce, nonceKey, processNonceCounts, type NonceCountMemory } from './digest-nonce';
import { accepted, DEFAULT_REALM, first, refused, safeEqual, type AuthVerdict, type InboundRequestAuthData } from './types';

/**
 * Digest access authentication on receipt (RFC 7616): the sender proves it knows the credential's
 * password for this request's method and URI, in either of the two ways the platform sends it:
 * - answering the trigger's challenge: a request without (or with a stale) Digest answer gets 401
 *   with `WWW-Authenticate: Digest` carrying a nonce the trigger checks statelessly (digest-nonce.ts);
 * - pre-emptively, with the nonce, client nonce, nonce count and opaque the platform's configuration
 *   holds. A nonce the trigger did not issue is accepted only when it equals the credential's Nonce
 *   field (set there by the user, who enters the same value on the platform): then the opaque, when
 *   the credential sets one, must match too. That nonce never expires, so each (client nonce, nonce
 *   count) pair is taken once: a sender that repeats both on every request would send a replayable
 *   header, and is refused after the first.
 * qop `auth` and `auth-int` are accepted; the RFC 2069 form without qop (no nonce count, so no replay
 * protection) is refused.
 */
export interface DigestInboundAuth {
	type: 'digestAuth';
	user: string;
	password: string;
	/** The realm; empty: DEFAULT_REALM. */
	realm?: string;
	/** An algorithm to insist on; empty: any of RFC 7616's (challenges offer SHA-256 and MD5). */
	algorithm?: string;
	/** A nonce the sender may use without a challenge (the platform's pre-emptive configuration). */
	nonce?: string;
	opaque?: string;
	/** Nonce counts seen; the process's memory by default. */
	memory?: NonceCountMemory;
}

/** How long a pre-emptive (configured nonce) answer's client nonce and count are remembered. */
const CONFIGURED_NONCE_MEMORY_MS = 24 * 60 * 60 * 1000;
/** Algorithms offered by challenges when the credential names none (strongest first, RFC 7616 3.7). */
const OFFERED: DigestAlgorithm[] = ['SHA-256', 'MD5'];

const realmOf = (auth: DigestInboundAuth) => (auth.realm ?? '').trim() || DEFAULT_REALM;
const keyOf = (auth: DigestInboundAuth) => nonceKey(auth.user, realmOf(auth), auth.password);
const opaqueOf = (auth: DigestInboundAuth) => (auth.opaque ?? '').trim() || derivedOpaque(keyOf(auth));
const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** The `WWW-Authenticate` value: one challenge per offered algorithm, each with a fresh nonce. */
export function digestChallenge(auth: DigestInboundAuth, nowMs: number, stale = false): string {
	const key = keyOf(auth);
	const configured = normaliseAlgorithm(auth.algorithm || undefined);
	const algorithms = auth.algorithm && configured ? [configured] : OFFERED;
	return algorithms
		.map((algorithm) =>
			[
				`Digest realm=${quote(realmOf(auth))}`,
				'qop="auth"',
				`algorithm=${algorithm}`,
				`nonce=${quote(issueNonce(key, nowMs))}`,
				`opaque=${quote(opaqueOf(auth))}`,
				...(stale ? ['stale=true'] : []),
			].join(', '),
		)
		.join(', ');
}

/** The request-target a Digest `uri` names: absolute-form is reduced to path and query. */
function targetOf(uri: string): string {
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
		try {
			const url = new URL(uri);
			return `${url.pathname}${url.search}`;
		} catch {
			return uri;
		}
	}
	return uri;
}

export function verifyDigest(auth: DigestInboundAuth, request: InboundRequestAuthData, nowMs: number): AuthVerdict {
	const challenge = (stale = false) => digestChallenge(auth, nowMs, stale);
	const header = first(request.headers.authorization);
	if (header === undefined) return refused('no Authorization header yet: a Digest challenge was sent', challenge(), true);
	const parsed = parseChallenges(header)[0];
	if (!parsed || parsed.scheme !== 'digest') return refused('the Authorization header is not Digest', challenge());
	const p = parsed.params;
	for (const field of ['username', 'realm', 'nonce', 'uri', 'response'] as const) {
		if (!p[field]) return refused(`Digest: the answer has no ${field}`, challenge());
	}
	if (p.userhash === 'true') return refused('Digest: userhash=true is not supported; send the user name', challenge());

	const algorithm = normaliseAlgorithm(p.algorithm);
	if (!algorithm) return refused('Digest: the algorithm is not one of RFC 7616\'s', challenge());
	if (auth.algorithm && normaliseAlgorithm(auth.algorithm) !== algorithm) {
		return refused(`Digest: the answer uses ${algorithm}, the credential asks for ${auth.algorithm}`, challenge());
	}
	const qop = p.qop?.toLowerCase();
	if (qop !== 'auth' && qop !== 'auth-int') return refused('Digest: the answer has no qop auth or auth-int (the RFC 2069 form has no replay protection)', challenge());
	if (!/^[0-9a-f]{8}$/i.test(p.nc ?? '') || !p.cnonce) return refused('Digest: qop needs nc (8 hex digits) and cnonce', challenge());
	if (p.realm !== realmOf(auth)) return refused('Digest: the realm differs from the credential\'s', challenge());

	const method = (request.method ?? 'POST').toUpperCase();
	if (request.url === undefined || targetOf(p.uri) !== request.url) {
		return refused('Digest: the uri of the answer is not this request\'s URL (path and query)', challenge());
	}

	const configuredNonce = (auth.nonce ?? '').trim();
	const preemptive = configuredNonce !== '' && safeEqual(p.nonce, configuredNonce);
	if (!preemptive) {
		const state = checkNonce(keyOf(auth), p.nonce, nowMs);
		if (state === 'foreign') return refused('Digest: the nonce was not issued by this trigger and is not the credential\'s Nonce', challenge());
		if (state === 'stale') return refused('Digest: the nonce has expired (a new challenge with stale=true was sent)', challenge(true));
		if (!safeEqual(p.opaque ?? '', opaqueOf(auth))) return refused('Digest: the opaque value is not the one the challenge sent', challenge());
	} else if ((auth.opaque ?? '').trim() !== '' && !safeEqual(p.opaque ?? '', auth.opaque!.trim())) {
		return refused('Digest: the opaque value differs from the credential\'s Opaque', challenge());
	}

	const expected = digestResponse({
		algorithm,
		username: auth.user,
		password: auth.password,
		realm: realmOf(auth),
		nonce: p.nonce,
		method,
		uri: p.uri,
		qop,
		nc: p.nc,
		cnonce: p.cnonce,
		body: request.rawBody,
	});
	const userOk = safeEqual(p.username, auth.user);
	const responseOk = safeEqual(p.response.toLowerCase(), expected);
	if (!userOk) return refused('Digest: the user name does not match the credential', challenge());
	if (!responseOk) return refused('Digest: the response does not match (wrong password, or the request was changed)', challenge());

	// Recorded only once the answer is proven, so nobody can fill the memory with made-up counts.
	const memory = auth.memory ?? processNonceCounts;
	const nc = p.nc!.toLowerCase();
	const fresh = preemptive
		? memory.remember(`${p.nonce}\0${p.cnonce}\0${nc}`, nowMs, CONFIGURED_NONCE_MEMORY_MS)
		: memory.remember(`${p.nonce}\0${nc}`, nowMs, DIGEST_NONCE_LIFETIME_MS);
	if (!fresh) return refused(`Digest: nonce count ${nc} was already used with this nonce (a replayed request)`, challenge());
	return accepted;
}
