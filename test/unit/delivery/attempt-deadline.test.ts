import { deliverAll, type DeliveryJob } from '../../../nodes/shared/delivery/deliver';
import { noAuth } from '../../../nodes/shared/auth/authorizer';
import type { OutgoingRequest, Transport, TransportResponse } from '../../../nodes/shared/http/types';

/**
 * Each attempt's deadline is its own signal, armed when that attempt starts: it fires once,
 * `timeoutMs` after that start, with the TimeoutError reason the transport turns into TIMEOUT; an
 * attempt answered in time is never aborted. The transport is scripted; the deadlines are real
 * (AbortSignal.timeout does not follow Jest's fake timers), so the bounds are loose.
 */
const TIMEOUT_MS = 150;

interface Sent {
	id: string;
	at: number;
	signal: AbortSignal;
	abortedAt?: number;
}

function scripted(answer: (id: string) => 'never' | number): { transport: Transport; sent: Sent[] } {
	const sent: Sent[] = [];
	const transport: Transport = {
		send(request: OutgoingRequest, signal?: AbortSignal): Promise<TransportResponse> {
			const entry: Sent = { id: request.headers['x-delivery-id'] ?? '', at: performance.now(), signal: signal! };
			sent.push(entry);
			const status = answer(entry.id);
			if (status !== 'never') return Promise.resolve({ status, headers: {}, body: Buffer.alloc(0), truncated: false });
			return new Promise((_resolve, reject) =>
				signal!.addEventListener('abort', () => {
					entry.abortedAt = performance.now();
					reject(Object.assign(new Error('deadline'), { code: 'TIMEOUT', name: 'WebhookError' }));
				}),
			);
		},
	};
	return { transport, sent };
}

const job = (id: string): DeliveryJob => ({ url: 'https://127.0.0.1/hook', displayUrl: 'https://127.0.0.1/hook', body: Buffer.from('{}'), headers: {}, deliveryId: id });
const options = { schedule: { maxRetries: 0, retryIntervalMs: 0, maxRetryAfterMs: 0 }, timeoutMs: TIMEOUT_MS, concurrency: 1 };
const sleep = async () => undefined;

describe('the deadline of each attempt', () => {
	afterEach(() => jest.restoreAllMocks());

	test('fires once, timeoutMs after its own attempt started (not the first one\'s), with a TimeoutError reason', async () => {
		const { transport, sent } = scripted(() => 'never');
		// When each deadline was armed, and for how long.
		const armed: Array<{ at: number; ms: number }> = [];
		const timeout = AbortSignal.timeout.bind(AbortSignal);
		jest.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => (armed.push({ at: performance.now(), ms }), timeout(ms)));
		const results = await deliverAll([job('a'), job('b')], options, { transport, authorizer: noAuth, now: Date.now, sleep });
		expect(sent.map((s) => s.id)).toEqual(['a', 'b']);
		expect(armed.map((a) => a.ms)).toEqual([TIMEOUT_MS, TIMEOUT_MS]);
		// b's deadline was armed only when a's had ended it, and runs from there.
		expect(armed[1].at).toBeGreaterThanOrEqual(sent[0].abortedAt!);
		expect(sent[1].abortedAt! - sent[0].abortedAt!).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
		for (const [i, attempt] of sent.entries()) {
			expect(attempt.signal.aborted).toBe(true);
			expect((attempt.signal.reason as Error).name).toBe('TimeoutError');
			expect(attempt.abortedAt! - armed[i].at).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
			expect(attempt.abortedAt! - armed[i].at).toBeLessThan(TIMEOUT_MS + 1000);
		}
		expect(results.map((r) => r.status)).toEqual(['failed', 'failed']);
	});

	test('an attempt answered before its deadline is delivered and its signal was not aborted when it ended', async () => {
		const { transport, sent } = scripted(() => 200);
		const [result] = await deliverAll([job('a')], options, { transport, authorizer: noAuth, now: Date.now, sleep });
		expect(result.status).toBe('delivered');
		expect(sent).toHaveLength(1);
		expect(sent[0].signal.aborted).toBe(false);
	});
});
