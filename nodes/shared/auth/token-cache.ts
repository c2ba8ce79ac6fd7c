/**
 * OAuth 2.0 access tokens, cached per key and shared by every item (and every execution in the
 * process, for the shared cache), with two guarantees: concurrent callers that need a new token
 * share one token request, and a token is renewed before it expires (with a skew), not after.
 */
export interface AccessToken {
	accessToken: string;
	/** Milliseconds since the epoch; undefined when the server did not say (`expires_in` absent). */
	expiresAt?: number;
	/** When the token was obtained, to size the refresh skew for short-lived tokens. */
	obtainedAt: number;
	refreshToken?: string;
	scope?: string;
}

export type TokenFetcher = () => Promise<AccessToken>;

interface Entry {
	token?: AccessToken;
	pending?: Promise<AccessToken>;
}

/** Renew this long before the stated expiry, so a token does not run out in flight. */
export const DEFAULT_REFRESH_SKEW_MS = 60_000;
/** Distinct credentials remembered at once; the oldest idle one is forgotten beyond this. */
const MAX_ENTRIES = 500;

export class TokenCache {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly options: { now?: () => number; skewMs?: number } = {}) {}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	/** True while the token can still be used; short-lived tokens get at most half their life as skew. */
	isFresh(token: AccessToken, now = this.now()): boolean {
		if (token.expiresAt === undefined) return true;
		const lifetime = token.expiresAt - token.obtainedAt;
		const skew = Math.min(this.options.skewMs ?? DEFAULT_REFRESH_SKEW_MS, Math.max(0, lifetime / 2));
		return now < token.expiresAt - skew;
	}

	/** Puts a token obtained elsewhere (e.g. the one stored in an n8n credential). */
	seed(key: string, token: AccessToken): void {
		const entry = this.entries.get(key) ?? {};
		entry.token = token;
		this.entries.set(key, entry);
	}

	peek(key: string): AccessToken | undefined {
		return this.entries.get(key)?.token;
	}

	/** A fresh token: the cached one, or one new fetch shared by all concurrent callers. */
	async get(key: string, fetch: TokenFetcher): Promise<AccessToken> {
		const entry = this.entries.get(key);
		if (entry?.pending) return await entry.pending;
		if (entry?.token && this.isFresh(entry.token)) return entry.token;
		return await this.fetchOnce(key, fetch);
	}

	/**
	 * The receiver refused `rejected`: fetch a new token, unless another caller already replaced it
	 * (then that one is returned and no second request goes out).
	 */
	async renew(key: string, rejected: string, fetch: TokenFetcher): Promise<AccessToken> {
		const entry = this.entries.get(key);
		if (entry?.pending) return await entry.pending;
		if (entry?.token && entry.token.accessToken !== rejected && this.isFresh(entry.token)) return entry.token;
		return await this.fetchOnce(key, fetch);
	}

	delete(key: string): void {
		this.entries.delete(key);
	}

	private fetchOnce(key: string, fetch: TokenFetcher): Promise<AccessToken> {
		const entry = this.entries.get(key) ?? {};
		// Re-inserting moves the key to the end, so the first keys are the least recently renewed.
		this.entries.delete(key);
		this.entries.set(key, entry);
		for (const [oldKey, oldEntry] of this.entries) {
			if (this.entries.size <= MAX_ENTRIES) break;
			if (!oldEntry.pending) this.entries.delete(oldKey);
		}
		const pending = fetch().then(
			(token) => {
				entry.token = token;
				entry.pending = undefined;
				return token;
			},
			(error: unknown) => {
				entry.pending = undefined;
				throw error;
			},
		);
		entry.pending = pending;
		return pending;
	}
}

/** The cache every client-credentials authorizer in this process uses unless a test injects one. */
export const sharedTokenCache = new TokenCache();
