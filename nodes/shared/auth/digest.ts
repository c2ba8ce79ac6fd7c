import { randomBytes as nodeRandomBytes } from 'node:crypto';

import { WebhookError } from '../errors';
import type { Authorizer } from './authorizer';
import type { OutgoingRequest, ResponseHead } from '../http/types';
import {
	algorithmStrength,
	digestHash,
	digestResponse,
	normaliseAlgorithm,
	type DigestAlgorithm,
	type DigestQop,
} from './digest-response';
import { parseChallenges, type Challenge } from './www-authenticate';

/**
 * Digest access authorization, RFC 7616: the first request goes out bare (or pre-emptively
 * answered when the user filled realm and nonce), a 401 carries the challenge, and the answer goes
 * out at once. Later requests reuse the server's nonce with the next nonce count, so a batch pays
 * the handshake once. `stale=true` (the nonce expired, the password was right) gets one more answer
 * on the new nonce; a plain second 401 means the credentials were rejected.
 */
export interface DigestAuthConfig {
	scheme: 'digestAuth';
	user: string;
	password: string;
	/** Optional values for a pre-emptive first request (the spec's optional fields). */
	preemptive?: {
		realm: string;
		nonce: string;
		algorithm?: string;
		qop?: string;
		/** Nonce count of the first pre-emptive request (1 when not given). */
		nonceCount?: number;
		/** Client nonce to use with the pre-configured nonce; random when not given. */
		cnonce?: string;
		opaque?: string;
	};
	/** Preferred qop when the server offers both; `auth` when not given. */
	preferredQop?: DigestQop;
}

export interface DigestDeps {
	randomBytes?: (size: number) => Buffer;
}

/** The protection space's current state: one server nonce and how often it has been used. */
interface NonceState {
	realm: string;
	nonce: string;
	algorithm: DigestAlgorithm;
	qop?: DigestQop;
	opaque?: string;
	userhash: boolean;
	/** Requests sent with this nonce so far. */
	count: number;
	/** Fixed client nonce (pre-configured), else a fresh random one per request. */
	cnonce?: string;
}

const CNONCE_BYTES = 24;
const MAX_NONCE_COUNT = 0xffffffff;

function quote(value: string): string {
	return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** RFC 7616 section 3.4.4: a username that a quoted-string cannot carry goes as `username*`. */
function needsExtendedUsername(user: string): boolean {
	return /[^\x20-\x7e]/.test(user);
}

function chooseQop(offered: string | undefined, preferred: DigestQop): DigestQop | undefined | null {
	if (offered === undefined) return undefined; // RFC 2069 compatibility: no qop at all
	const options = offered
		.split(',')
		.map((option) => option.trim().toLowerCase())
		.filter(Boolean);
	if (options.includes(preferred)) return preferred;
	if (options.includes('auth')) return 'auth';
	if (options.includes('auth-int')) return 'auth-int';
	return null; // only qop values we do not know: cannot answer
}

interface Candidate {
	challenge: Challenge;
	algorithm: DigestAlgorithm;
	qop: DigestQop | undefined;
}

/** The strongest digest challenge we can answer, the server's order breaking ties. */
function pickChallenge(challenges: Challenge[], preferred: DigestQop): Candidate | undefined {
	let best: Candidate | undefined;
	for (const challenge of challenges) {
		if (challenge.scheme !== 'digest' || !challenge.params.nonce) continue;
		const algorithm = normaliseAlgorithm(challenge.params.algorithm);
		if (!algorithm) continue;
		const qop = chooseQop(challenge.params.qop, preferred);
		if (qop === null) continue;
		if (!best || algorithmStrength(algorithm) > algorithmStrength(best.algorithm)) best = { challenge, algorithm, qop };
	}
	return best;
}

/** The nonce an `Authorization: Digest` header was computed with. */
function sentNonce(request: OutgoingRequest): string | undefined {
	const header = request.headers.authorization;
	if (!header || !/^digest\s/i.test(header)) return undefined;
	return parseChallenges(header)[0]?.params.nonce;
}

function withoutAuthorization(request: OutgoingRequest): OutgoingRequest {
	const { authorization: _dropped, ...headers } = request.headers;
	return { ...request, headers };
}

export function createDigestAuthorizer(config: DigestAuthConfig, deps: DigestDeps = {}): Authorizer {
	const random = deps.randomBytes ?? nodeRandomBytes;
	const preferredQop = config.preferredQop ?? 'auth';
	if (!config.user) {
		throw new WebhookError('INVALID_CONFIG', 'The Digest Auth credential has no username', {
			hint: 'Fill "Username" in the Digest Auth credential',
			data: { scheme: 'digestAuth' },
		});
	}

	let state: NonceState | undefined;
	const pre = config.preemptive;
	if (pre?.realm && pre.nonce) {
		const algorithm = normaliseAlgorithm(pre.algorithm || undefined);
		if (!algorithm) {
			throw new WebhookError('INVALID_CONFIG', `The digest algorithm "${pre.algorithm}" is not supported`, {
				hint: 'Use MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256 or SHA-512-256-sess, or leave Algorithm empty',
				data: { scheme: 'digestAuth' },
			});
		}
		const qop = pre.qop ? chooseQop(pre.qop, preferredQop) : undefined;
		if (qop === null) {
			throw new WebhookError('INVALID_CONFIG', `The digest qop "${pre.qop}" is not supported`, {
				hint: 'Use auth or auth-int, or leave QOP empty',
				data: { scheme: 'digestAuth' },
			});
		}
		state = {
			realm: pre.realm,
			nonce: pre.nonce,
			algorithm,
			qop,
			opaque: pre.opaque || undefined,
			userhash: false,
			count: Math.max(0, (pre.nonceCount ?? 1) - 1),
			cnonce: pre.cnonce || undefined,
		};
	}

	/** Builds the Authorization header for one request on the current nonce (RFC 7616 3.4). */
	function answer(request: OutgoingRequest, current: NonceState): OutgoingRequest {
		if (current.count >= MAX_NONCE_COUNT) current.count = 0;
		current.count += 1;
		const nc = current.count.toString(16).padStart(8, '0');
		const cnonce = current.cnonce ?? random(CNONCE_BYTES).toString('base64');
		const url = new URL(request.url);
		const uri = `${url.pathname}${url.search}`;
		const response = digestResponse({
			algorithm: current.algorithm,
			username: config.user,
			password: config.password,
			realm: current.realm,
			nonce: current.nonce,
			method: request.method,
			uri,
			qop: current.qop,
			nc,
			cnonce,
			body: request.body,
		});
		const parts: string[] = [];
		if (current.userhash) {
			parts.push(`username=${quote(digestHash(current.algorithm, `${config.user}:${current.realm}`))}`);
		} else if (needsExtendedUsername(config.user)) {
			parts.push(`username*=UTF-8''${encodeURIComponent(config.user)}`);
		} else {
			parts.push(`username=${quote(config.user)}`);
		}
		parts.push(`realm=${quote(current.realm)}`, `uri=${quote(uri)}`, `algorithm=${current.algorithm}`, `nonce=${quote(current.nonce)}`);
		if (current.qop) parts.push(`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${current.qop}`);
		parts.push(`response=${quote(response)}`);
		if (current.opaque !== undefined) parts.push(`opaque=${quote(current.opaque)}`);
		if (current.userhash) parts.push('userhash=true');
		return { ...request, headers: { ...request.headers, authorization: `Digest ${parts.join(', ')}` } };
	}

	return {
		scheme: 'digestAuth',
		secrets: [config.password],

		async authorize(request) {
			const bare = withoutAuthorization(request);
			return state ? answer(bare, state) : bare;
		},

		async challenge(request: OutgoingRequest, response: ResponseHead) {
			const picked = pickChallenge(parseChallenges(response.headers['www-authenticate']), preferredQop);
			if (!picked) return undefined; // no digest challenge we can answer: the 401 stands
			const { params } = picked.challenge;
			const stale = params.stale?.toLowerCase() === 'true';
			const previous = sentNonce(request);
			// A pre-configured nonce was never issued by this server: its rejection is no verdict on the password.
			const previousWasConfirmed = previous !== undefined && previous !== pre?.nonce;
			state = {
				realm: params.realm ?? '',
				nonce: params.nonce,
				algorithm: picked.algorithm,
				qop: picked.qop,
				opaque: params.opaque,
				userhash: params.userhash?.toLowerCase() === 'true',
				count: 0,
			};
			// We answered a server nonce and the server said no without `stale`: wrong credentials.
			if (previousWasConfirmed && !stale) return undefined;
			return answer(withoutAuthorization(request), state);
		},
	};
}
