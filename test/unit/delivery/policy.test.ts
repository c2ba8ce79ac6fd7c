import { nextDelay, parseRetryAfter } from '../../../nodes/shared/delivery/policy';
import { Limiter } from '../../../nodes/shared/limiter';

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
	const now = Date.parse('2026-11-28T12:00:00Z');
	test('delay-seconds', () => expect(parseRetryAfter('120', now)).toBe(120_000));
	test('HTTP-date', () => expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000));
	test('a date in the past is no wait', () => expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0));
	test('absent or unreadable', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
	});
});

describe('nextDelay', () => {
	const schedule = { maxRetries: 3, retryIntervalMs: 60_000, maxRetryAfterMs: 300_000 };
	test('the interval when Retry-After is absent or shorter', () => {
		expect(nextDelay(schedule, undefined)).toBe(60_000);
		expect(nextDelay(schedule, 5_000)).toBe(60_000);
	});
	test('a longer Retry-After, up to the cap', () => {
		expect(nextDelay(schedule, 120_000)).toBe(120_000);
		expect(nextDelay(schedule, 3_600_000)).toBe(300_000);
	});
});

describe('Limiter', () => {
	test('never runs more than its limit at once and serves waiters in order', async () => {
		const limiter = new Limiter(2);
		let active = 0;
		let peak = 0;
		const order: number[] = [];
		await Promise.all(
			Array.from({ length: 6 }, (_, i) =>
				limiter.run(async () => {
					active++;
					peak = Math.max(peak, active);
					order.push(i);
					await new Promise((resolve) => setTimeout(resolve, 5));
					active--;
				}),
			),
		);
		expect(peak).toBe(2);
		expect(limiter.peak).toBe(2);
		expect(order).toEqual([0, 1, 2, 3, 4, 5]);
	});
	test('a failing task frees its slot', async () => {
		const limiter = new Limiter(1);
		await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(limiter.run(async () => 'next')).resolves.toBe('next');
	});
});
