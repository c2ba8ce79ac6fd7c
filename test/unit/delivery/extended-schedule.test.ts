import { afterRetryableFailure, parseDelays, SVIX_DELAYS_MS } from '../../../nodes/shared/delivery/policy';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');

describe('parseDelays', () => {
	test('reads units and bare seconds', () => {
		expect(parseDelays('90s, 10m, 1.5h, 1d, 500ms, 70')).toEqual([90_000, 600_000, 5_400_000, 86_400_000, 500, 70_000]);
		expect(parseDelays('5m 30m 2h')).toEqual([300_000, 1_800_000, 7_200_000]);
		expect(parseDelays('')).toEqual([]);
	});

	test('refuses what is not a duration, saying how to write one', () => {
		for (const bad of ['5x', 'soon', '-5m', '0', '1h, later']) {
			expect(() => parseDelays(bad)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', hint: expect.stringContaining('5m, 30m') }));
		}
	});

	test('the Svix preset is 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
		expect(SVIX_DELAYS_MS.map((ms) => ms / 60_000)).toEqual([5, 30, 120, 300, 600, 600]);
	});
});

describe('afterRetryableFailure', () => {
	const base = { delaysMs: [60_000, 120_000], maxRetryAfterMs: 300_000, now: NOW };

	test('walks the delays, then ends with retryable false', () => {
		expect(afterRetryableFailure({ ...base, extendedAttempts: 0 })).toEqual({ retryable: true, nextAttemptAt: '2026-12-01T12:01:00.000Z', extendedAttempts: 0 });
		expect(afterRetryableFailure({ ...base, extendedAttempts: 1 })).toEqual({ retryable: true, nextAttemptAt: '2026-12-01T12:02:00.000Z', extendedAttempts: 1 });
		expect(afterRetryableFailure({ ...base, extendedAttempts: 2 })).toEqual({ retryable: false, extendedAttempts: 2 });
		expect(afterRetryableFailure({ ...base, delaysMs: [], extendedAttempts: 0 })).toEqual({ retryable: false, extendedAttempts: 0 });
	});

	test('a longer Retry-After is honoured, up to the larger of the cap and the longest delay', () => {
		expect(afterRetryableFailure({ ...base, extendedAttempts: 0, retryAfterMs: 90_000 }).nextAttemptAt).toBe('2026-12-01T12:01:30.000Z');
		expect(afterRetryableFailure({ ...base, extendedAttempts: 0, retryAfterMs: 3_600_000 }).nextAttemptAt).toBe('2026-12-01T12:05:00.000Z');
		expect(afterRetryableFailure({ ...base, extendedAttempts: 0, retryAfterMs: 10_000 }).nextAttemptAt).toBe('2026-12-01T12:01:00.000Z');
		const svix = afterRetryableFailure({ delaysMs: SVIX_DELAYS_MS, maxRetryAfterMs: 300_000, now: NOW, extendedAttempts: 0, retryAfterMs: 3_600_000 });
		expect(svix.nextAttemptAt).toBe('2026-12-01T13:00:00.000Z');
	});
});
