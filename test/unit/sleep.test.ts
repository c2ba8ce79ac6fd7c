import { cancellableSleep, MAX_TIMER_MS } from '../../nodes/shared/sleep';

/**
 * The wait between attempts on a fake clock (jest's modern timers, which keep Node's rule that a
 * delay above 2^31 - 1 ms fires after 1 ms). Before, a wait longer than that ended at once.
 */
describe('cancellableSleep', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());

	const settledAfter = async (pending: Promise<void>, ms: number) => {
		let settled = false;
		void pending.then(() => (settled = true));
		await jest.advanceTimersByTimeAsync(ms);
		return settled;
	};

	test('a wait of 2^31 ms and more is not cut short, and ends when due', async () => {
		const ms = MAX_TIMER_MS + 60_000;
		const pending = cancellableSleep()(ms);
		expect(await settledAfter(pending, 1000)).toBe(false);
		expect(await settledAfter(pending, MAX_TIMER_MS - 1000)).toBe(false);
		expect(await settledAfter(pending, 59_999)).toBe(false);
		expect(await settledAfter(pending, 1)).toBe(true);
	});

	test('a 30-day wait is cancelled by the signal, with CANCELLED', async () => {
		const stop = new AbortController();
		const pending = cancellableSleep(stop.signal)(30 * 24 * 3600_000);
		await jest.advanceTimersByTimeAsync(MAX_TIMER_MS + 5);
		stop.abort();
		await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
	});

	test('a short wait ends when due', async () => {
		const pending = cancellableSleep()(250);
		expect(await settledAfter(pending, 249)).toBe(false);
		expect(await settledAfter(pending, 1)).toBe(true);
	});
});
