import { TokenCache, type AccessToken } from '../../../nodes/shared/auth/token-cache';

function token(name: string, obtainedAt: number, lifetimeMs?: number): AccessToken {
	return { accessToken: name, obtainedAt, expiresAt: lifetimeMs === undefined ? undefined : obtainedAt + lifetimeMs };
}

describe('TokenCache', () => {
	it('concurrent callers share one fetch', async () => {
		const cache = new TokenCache({ now: () => 0 });
		let fetches = 0;
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const fetch = async () => {
			fetches++;
			await gate;
			return token('t1', 0, 3_600_000);
		};
		const all = Promise.all(Array.from({ length: 20 }, () => cache.get('k', fetch)));
		release();
		expect((await all).map((t) => t.accessToken)).toEqual(Array(20).fill('t1'));
		expect(fetches).toBe(1);
	});

	it('renews before expiry, by the skew (or half the lifetime for short tokens)', async () => {
		let now = 0;
		const cache = new TokenCache({ now: () => now, skewMs: 60_000 });
		let n = 0;
		const fetch = async () => token(`t${++n}`, now, 3_600_000);
		expect((await cache.get('k', fetch)).accessToken).toBe('t1');
		now = 3_600_000 - 60_001;
		expect((await cache.get('k', fetch)).accessToken).toBe('t1');
		now = 3_600_000 - 59_999;
		expect((await cache.get('k', fetch)).accessToken).toBe('t2');
		const short = new TokenCache({ now: () => now, skewMs: 60_000 });
		const shortToken = token('s', now, 10_000);
		expect(short.isFresh(shortToken, now + 4_999)).toBe(true);
		expect(short.isFresh(shortToken, now + 5_000)).toBe(false);
	});

	it('renew fetches once for many callers rejecting the same token, and not when it was already replaced', async () => {
		const cache = new TokenCache({ now: () => 0 });
		let n = 0;
		const fetch = async () => token(`t${++n}`, 0, 3_600_000);
		await cache.get('k', fetch);
		const renewed = await Promise.all([cache.renew('k', 't1', fetch), cache.renew('k', 't1', fetch), cache.renew('k', 't1', fetch)]);
		expect(renewed.map((t) => t.accessToken)).toEqual(['t2', 't2', 't2']);
		expect((await cache.renew('k', 't1', fetch)).accessToken).toBe('t2');
		expect(n).toBe(2);
	});

	it('a failed fetch reaches every waiter and the next call tries again', async () => {
		const cache = new TokenCache({ now: () => 0 });
		let n = 0;
		const fetch = async () => {
			if (++n === 1) throw new Error('down');
			return token('ok', 0);
		};
		await expect(Promise.all([cache.get('k', fetch), cache.get('k', fetch)])).rejects.toThrow('down');
		expect((await cache.get('k', fetch)).accessToken).toBe('ok');
		expect(n).toBe(2);
	});
});
