import { deliverAll, type DeliveryJob } from '../../../nodes/shared/delivery/deliver';
import { createTransport, type ClosableTransport } from '../../../nodes/shared/http/transport';
import { noAuth } from '../../../nodes/shared/auth/authorizer';
import { reply, startHttpsServer, type TestHttpsServer } from '../../support/https-server';

/** A clock that only moves when the loop sleeps: waits are exact and take no real time. */
function fakeClock(start: number) {
	let now = start;
	const sleeps: number[] = [];
	return {
		now: () => now,
		sleep: async (ms: number) => {
			sleeps.push(ms);
			now += ms;
		},
		sleeps,
	};
}

describe('deliverAll with replays (real undici, loopback HTTPS, injected clock and sleep)', () => {
	let server: TestHttpsServer;
	let transport: ClosableTransport;
	afterEach(async () => {
		await transport?.close();
		await server?.close();
	});

	const START = Date.parse('2026-12-01T12:00:00.000Z');
	const job = (extra: Partial<DeliveryJob>): DeliveryJob => ({
		url: `${server.origin}/hook`,
		displayUrl: `${server.origin}/hook`,
		body: Buffer.from('{"n":1}'),
		headers: {},
		deliveryId: 'id-1',
		...extra,
	});
	const previous = [
		{ attempt: 1, startedAt: '2026-12-01T11:50:00.000Z', durationMs: 5, statusCode: 503 },
		{ attempt: 2, startedAt: '2026-12-01T11:51:00.000Z', durationMs: 5, statusCode: 503 },
	];

	test('an item that comes back before notBefore waits exactly until then, then continues the attempt numbers', async () => {
		server = await startHttpsServer((_req, res) => reply(res, 200));
		transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 2, timeoutMs: 2000 });
		const clock = fakeClock(START);
		const [result] = await deliverAll(
			[job({ previousAttempts: previous, attemptsThisRun: 1, notBefore: START + 300_000 })],
			{ schedule: { maxRetries: 3, retryIntervalMs: 60_000, maxRetryAfterMs: 300_000 }, timeoutMs: 2000, concurrency: 2 },
			{ transport, authorizer: noAuth, ...clock },
		);
		expect(clock.sleeps).toEqual([300_000]);
		expect(server.requests.map((r) => r.headers['x-delivery-attempt'])).toEqual(['3']);
		expect(result.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
		expect(result.attempts[2].startedAt).toBe('2026-12-01T12:05:00.000Z');
		expect(result.status).toBe('delivered');
		expect(result.exhausted).toBeUndefined();
	});

	test('a scheduled step is one attempt; a retryable failure reports exhausted with the Retry-After', async () => {
		server = await startHttpsServer((_req, res) => reply(res, 503, '', { 'retry-after': '120' }));
		transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 2, timeoutMs: 2000 });
		const clock = fakeClock(START);
		const [result] = await deliverAll(
			[job({ previousAttempts: previous, attemptsThisRun: 1, notBefore: START - 1 })],
			{ schedule: { maxRetries: 3, retryIntervalMs: 60_000, maxRetryAfterMs: 300_000 }, timeoutMs: 2000, concurrency: 2 },
			{ transport, authorizer: noAuth, ...clock },
		);
		expect(clock.sleeps).toEqual([]); // due already: no wait
		expect(server.requests).toHaveLength(1);
		expect(result).toMatchObject({ status: 'failed', exhausted: { retryAfterMs: 120_000 }, error: { code: 'RETRIES_EXHAUSTED' } });
		expect(result.error?.message).toContain('after 3 attempts');
	});

	test('a no-retry answer is not exhausted (the extended schedule ends)', async () => {
		server = await startHttpsServer((_req, res) => reply(res, 410));
		transport = createTransport({ rejectUnauthorized: true, ca: server.cert, connections: 2, timeoutMs: 2000 });
		const clock = fakeClock(START);
		const [result] = await deliverAll(
			[job({})],
			{ schedule: { maxRetries: 3, retryIntervalMs: 60_000, maxRetryAfterMs: 300_000 }, timeoutMs: 2000, concurrency: 2 },
			{ transport, authorizer: noAuth, ...clock },
		);
		expect(result).toMatchObject({ status: 'failed', error: { code: 'REJECTED' } });
		expect(result.exhausted).toBeUndefined();
	});
});
