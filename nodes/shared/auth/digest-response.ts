import { createHash } from 'node:crypto';

/**
 * The digest computation of RFC 7616 section 3.4.1 (and RFC 2617 section 3.2.2, which it keeps
 * compatible), as a pure function so it can be checked against the RFCs' worked examples.
 */
export const DIGEST_ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];
export type DigestQop = 'auth' | 'auth-int';

/** Node's name for the hash behind each algorithm family (RFC 7616 section 6.1 registry). */
const NODE_HASH: Record<string, string> = { md5: 'md5', 'sha-256': 'sha256', 'sha-512-256': 'sha512-256' };

/** Higher is stronger; used to pick among several challenges (RFC 7616 section 3.7). */
const STRENGTH: Record<string, number> = { md5: 1, 'sha-256': 2, 'sha-512-256': 3 };

/** The canonical spelling of an algorithm name as servers send it (case-insensitive), or undefined. */
export function normaliseAlgorithm(name: string | undefined): DigestAlgorithm | undefined {
	const wanted = (name ?? 'MD5').trim().toLowerCase();
	return DIGEST_ALGORITHMS.find((algorithm) => algorithm.toLowerCase() === wanted);
}

export function algorithmStrength(algorithm: DigestAlgorithm): number {
	return STRENGTH[algorithm.toLowerCase().replace(/-sess$/, '')];
}

export function digestHash(algorithm: DigestAlgorithm, data: string | Buffer): string {
	return createHash(NODE_HASH[algorithm.toLowerCase().replace(/-sess$/, '')])
		.update(data)
		.digest('hex');
}

export interface DigestInput {
	algorithm: DigestAlgorithm;
	username: string;
	password: string;
	realm: string;
	nonce: string;
	method: string;
	/** The request-target as sent: path and query. */
	uri: string;
	/** Absent for the RFC 2069 form, when the server offered no qop. */
	qop?: DigestQop;
	/** 8 hex digits. Needed with qop. */
	nc?: string;
	/** Needed with qop and for -sess algorithms. */
	cnonce?: string;
	/** The body bytes, for qop=auth-int. */
	body?: Buffer;
}

/** The `response` value: KD(H(A1), nonce:nc:cnonce:qop:H(A2)) or, without qop, KD(H(A1), nonce:H(A2)). */
export function digestResponse(input: DigestInput): string {
	const h = (data: string | Buffer) => digestHash(input.algorithm, data);
	let ha1 = h(`${input.username}:${input.realm}:${input.password}`);
	if (input.algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
	const a2 =
		input.qop === 'auth-int'
			? `${input.method}:${input.uri}:${h(input.body ?? Buffer.alloc(0))}`
			: `${input.method}:${input.uri}`;
	const ha2 = h(a2);
	if (!input.qop) return h(`${ha1}:${input.nonce}:${ha2}`);
	return h(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}
