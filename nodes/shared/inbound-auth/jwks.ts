import { createPublicKey, type JsonWebKey } from 'node:crypto';

import { WebhookError } from '../errors';
import type { Transport } from '../http/types';
import { publicKeyAlgorithm, type JwtKey } from './jwt';

/**
 * A JSON Web Key Set (RFC 7517 section 5) fetched from the authorization server through the
 * package's guarded transport (SSRF policy, no redirects) and cached per URL. A token naming a key
 * id the cache lacks refetches the set (key rotation), at most once per REFETCH_MS.
 */
export const JWKS_CACHE_MS = 10 * 60 * 1000;
const REFETCH_MS = 60 * 1000;
const MAX_SETS = 50;

interface CachedSet {
	keys: JwtKey[];
	until: number;
	fetchedAt: number;
}

export class JwksCache {
	private readonly sets = new Map<string, CachedSet>();

	async keys(url: string, kid: string | undefined, transport: Transport, nowMs: number): Promise<JwtKey[]> {
		const cached = this.sets.get(url);
		const known = cached && cached.until > nowMs && (kid === undefined || cached.keys.some((key) => key.kid === kid));
		if (cached && (known || nowMs - cached.fetchedAt < REFETCH_MS)) return cached.keys;
		const keys = await fetchJwks(url, transport);
		this.sets.delete(url);
		this.sets.set(url, { keys, until: nowMs + JWKS_CACHE_MS, fetchedAt: nowMs });
		if (this.sets.size > MAX_SETS) this.sets.delete(this.sets.keys().next().value!);
		return keys;
	}
}

export const processJwksCache = new JwksCache();

/** The signing keys of a set: RSA and P-256 keys not marked for encryption; others are skipped. */
export function keysOfSet(set: unknown): JwtKey[] {
	const entries = set && typeof set === 'object' && Array.isArray((set as { keys?: unknown }).keys) ? (set as { keys: unknown[] }).keys : [];
	const keys: JwtKey[] = [];
	for (const entry of entries) {
		if (!entry || typeof entry !== 'object') continue;
		const jwk = entry as JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown };
		if (jwk.use === 'enc' || (jwk.kty !== 'RSA' && jwk.kty !== 'EC')) continue;
		try {
			const key = createPublicKey({ key: jwk, format: 'jwk' });
			const alg = publicKeyAlgorithm(key);
			if (!alg || (typeof jwk.alg === 'string' && jwk.alg !== alg)) continue;
			keys.push({ alg, key, kid: typeof jwk.kid === 'string' ? jwk.kid : undefined });
		} catch {
			// A key node:crypto cannot read is skipped; the others still serve.
		}
	}
	return keys;
}

async function fetchJwks(url: string, transport: Transport): Promise<JwtKey[]> {
	const response = await transport.send({ method: 'GET', url, headers: { accept: 'application/jwk-set+json, application/json' } }, AbortSignal.timeout(10_000));
	if (response.status !== 200) throw new WebhookError('AUTH_FAILED', `the JWKS URL answered ${response.status}`);
	let parsed: unknown;
	try {
		parsed = JSON.parse(response.body.toString('utf8'));
	} catch {
		throw new WebhookError('AUTH_FAILED', 'the JWKS URL did not answer JSON');
	}
	const keys = keysOfSet(parsed);
	if (keys.length === 0) throw new WebhookError('AUTH_FAILED', 'the JWKS holds no RSA or P-256 signing key');
	return keys;
}
