import { noAuth } from '../../../nodes/shared/auth/authorizer';
import { runDelivery, type DeliveryItem, type HeaderPair, type RunDeps, type RunSettings } from '../../../nodes/shared/delivery/run';
import { isWebhookError, WebhookError } from '../../../nodes/shared/errors';
import type { OutgoingRequest, Transport, TransportResponse } from '../../../nodes/shared/http/types';

/**
 * runDelivery with a scripted transport (each URL answers from its own script, one entry per
 * request) and a recorded sleep whose waits the test releases, so retry timing is asserted as
 * what was asked for, not as wall-clock time.
 */
type Answer = number | { status: number; headers?: Record<string, string> };

function scriptedTransport(script: (request: OutgoingRequest, nth: number) => Answer) {
	const sent: OutgoingRequest[] = [];
	const counts = new Map<string, number>();
	const transport: Transport = {
		send: async (request) => {
			sent.push(request);
			const key = `${request.method} ${request.url}`;
			const nth = (counts.get(key) ?? 0) + 1;
			counts.set(key, nth);
			const answer = script(request, nth);
			const { status, headers = {} } = typeof answer === 'number' ? { status: answer } : answer;
			return { status, headers, body: Buffer.alloc(0), truncated: false } satisfies TransportResponse;
		},
	};
	return { transport, sent, posts: () => sent.filter((r) => r.method === 'POST') };
}

/** Sleeps that wait until the test releases them; `asked` records every wait in ms. */
function recordedSleep() {
	const asked: number[] = [];
	let pending: Array<() => void> = [];
	let onPending: (() => void) | undefined;
	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			asked.push(ms);
			pending.push(resolve);
			onPending?.();
		});
	return {
		sleep,
		asked,
		pendingCount: () => pending.length,
		/** Resolves once `count` sleeps are waiting at the same time. */
		waitForPending: (count: number) =>
			new Promise<void>((resolve) => {
				const check = () => pending.length >= count && resolve();
				onPending = check;
				check();
			}),
		releaseAll: () => {
			const now = pending;
			pending = [];
			now.forEach((resolve) => resolve());
		},
	};
}

const url = (n: number | string) => `https://receiver.test/hook/${n}`;

/** How a test describes its items: what the node's per-item parameters give for each (may throw). */
interface ItemReader {
	json(index: number): Record<string, unknown>;
	request(index: number): { url: unknown; body: unknown; headers: HeaderPair[] };
	deliveryId(index: number): string | undefined;
}

/** The items as the node hands them to the core: values read, a read that failed kept on its item. */
function source(count: number, overrides: Partial<ItemReader> = {}): DeliveryItem[] {
	const reader: ItemReader = {
		json: (index) => ({ n: index }),
		request: (index) => ({ url: url(index), body: { n: index }, headers: [] }),
		deliveryId: () => undefined,
		...overrides,
	};
	return Array.from({ length: count }, (_unused, index) => {
		const item: DeliveryItem = { index, json: reader.json(index) };
		try {
			item.deliveryId = reader.deliveryId(index);
			const { url: target, body, headers } = reader.request(index);
			Object.assign(item, { url: target, body, headers });
		} catch (error) {
			item.readError = error;
		}
		return item;
	});
}

function settings(overrides: Partial<RunSettings> = {}): RunSettings {
	return {
		delivery: { schedule: { maxRetries: 3, retryIntervalMs: 60_000, maxRetryAfterMs: 300_000 }, timeoutMs: 10_000, concurrency: 20 },
		stopOnError: false,
		entity: { type: 'service', id: 'svc-1' },
		...overrides,
	};
}

function deps(transport: Transport, sleep: (ms: number) => Promise<void> = async () => undefined, extra: Partial<RunDeps> = {}): RunDeps {
	return { transport, authorizer: noAuth, now: Date.now, sleep, memory: { passed: new Map(), inFlight: new Map() }, ...extra };
}

const header = (request: OutgoingRequest, name: string) => request.headers[name];

describe('runDelivery', () => {
	test('retries of different items wait side by side: 100 items failing twice are all waiting at once, twice', async () => {
		const wire = scriptedTransport((_request, nth) => (nth <= 2 ? 503 : 200));
		const clock = recordedSleep();
		const run = runDelivery(source(100), settings(), deps(wire.transport, clock.sleep));
		// Sequential retries would never have more than one item waiting.
		await clock.waitForPending(100);
		expect(wire.posts()).toHaveLength(100);
		clock.releaseAll();
		await clock.waitForPending(100);
		expect(wire.posts()).toHaveLength(200);
		clock.releaseAll();
		const outcomes = await run;
		expect(outcomes.every((o) => o.output === 'delivered' && (o.json.attempts as unknown[]).length === 3)).toBe(true);
		expect(wire.posts()).toHaveLength(300);
		expect(clock.asked).toEqual(new Array(200).fill(60_000));
	});

	test('a retry that is due takes the next free slot before items not yet started', async () => {
		// A transport whose requests wait until the test answers them, one at a time.
		const held: Array<{ request: OutgoingRequest; answer: (status: number) => void }> = [];
		let onSend: (() => void) | undefined;
		const transport: Transport = {
			send: (request) =>
				new Promise<TransportResponse>((resolve) => {
					held.push({ request, answer: (status) => resolve({ status, headers: {}, body: Buffer.alloc(0), truncated: false }) });
					onSend?.();
				}),
		};
		const sent = (count: number) =>
			new Promise<void>((resolve) => {
				onSend = () => held.length >= count && resolve();
				onSend();
			});
		const order = () => held.map(({ request }) => `${request.url.split('/').pop()}#${request.headers['x-delivery-attempt']}`);
		const clock = recordedSleep();
		const run = runDelivery(source(3), settings({ delivery: { schedule: { maxRetries: 1, retryIntervalMs: 60_000, maxRetryAfterMs: 0 }, timeoutMs: 10_000, concurrency: 1 } }), deps(transport, clock.sleep));
		await sent(1);
		held[0].answer(503);
		await sent(2);
		await clock.waitForPending(1);
		clock.releaseAll();
		// Item 0's retry is due while item 1 holds the only slot; item 2 has not started.
		held[1].answer(200);
		await sent(3);
		held[2].answer(200);
		await sent(4);
		held[3].answer(200);
		const outcomes = await run;
		expect(order()).toEqual(['0#1', '1#1', '0#2', '2#1']);
		expect(outcomes.map((o) => o.output)).toEqual(['delivered', 'delivered', 'delivered']);
	});

	test('every attempt of an item carries the same delivery id and counts x-delivery-attempt up', async () => {
		const wire = scriptedTransport((_request, nth) => (nth <= 2 ? 503 : 200));
		const outcomes = await runDelivery(source(3), settings(), deps(wire.transport));
		for (const [index, outcome] of outcomes.entries()) {
			const mine = wire.posts().filter((request) => request.url === url(index));
			expect(mine.map((request) => header(request, 'x-delivery-attempt'))).toEqual(['1', '2', '3']);
			expect(new Set(mine.map((request) => header(request, 'x-delivery-id')))).toEqual(new Set([outcome.json.deliveryId]));
		}
		expect(new Set(outcomes.map((o) => o.json.deliveryId)).size).toBe(3);
	});

	test('the Delivery ID option is used as it is; without it every item gets an id derived from it', async () => {
		const wire = scriptedTransport(() => 200);
		const outcomes = await runDelivery(source(2, { deliveryId: (index) => (index === 0 ? 'order-42' : undefined) }), settings(), deps(wire.transport));
		expect(outcomes[0].json.deliveryId).toBe('order-42');
		expect(outcomes[1].json.deliveryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		const again = await runDelivery(source(2), settings(), deps(wire.transport));
		expect(again[1].json.deliveryId).toBe(outcomes[1].json.deliveryId);
	});

	test('a Retry-After longer than the interval is honoured, up to the cap', async () => {
		const wire = scriptedTransport((request, nth) =>
			nth === 1 ? { status: request.url.endsWith('/0') ? 429 : 503, headers: { 'retry-after': request.url.endsWith('/0') ? '1' : '3600' } } : 200,
		);
		const clock = recordedSleep();
		const run = runDelivery(
			source(2),
			settings({ delivery: { schedule: { maxRetries: 1, retryIntervalMs: 10, maxRetryAfterMs: 5000 }, timeoutMs: 2000, concurrency: 1 } }),
			deps(wire.transport, clock.sleep),
		);
		await clock.waitForPending(2);
		clock.releaseAll();
		const outcomes = await run;
		expect(outcomes.map((o) => o.output)).toEqual(['delivered', 'delivered']);
		// 1 s asked by the first endpoint; the second asked an hour and gets the 5 s cap.
		expect([...clock.asked].sort((a, b) => a - b)).toEqual([1000, 5000]);
	});

	test('the first requests leave before the later items are built: an item is encoded and signed when a slot starts it', async () => {
		const encodedBeforeFirstPost: number[] = [];
		let encoded = 0;
		// JSON.stringify calls toJSON when it encodes the body: that is when the item's request is built.
		const body = (n: number) => ({ toJSON: () => ((encoded++), { n }) });
		const transport: Transport = {
			send: async (request) => {
				if (request.method === 'POST' && encodedBeforeFirstPost.length === 0) encodedBeforeFirstPost.push(encoded);
				return { status: 200, headers: {}, body: Buffer.alloc(0), truncated: false };
			},
		};
		const items = source(100, { request: (index) => ({ url: url('one'), body: body(index), headers: [] }) });
		const outcomes = await runDelivery(items, settings({ signing: { secret: 's', algorithm: 'sha256' }, delivery: { schedule: { maxRetries: 0, retryIntervalMs: 0, maxRetryAfterMs: 0 }, timeoutMs: 1000, concurrency: 4 } }), deps(transport));
		// At most one item per slot (concurrency 4) was built when the first request left, not all 100.
		expect(encodedBeforeFirstPost[0]).toBeGreaterThan(0);
		expect(encodedBeforeFirstPost[0]).toBeLessThanOrEqual(4);
		expect(encoded).toBe(100);
		expect(outcomes.every((o) => o.output === 'delivered')).toBe(true);
	});

	describe('an item whose body JSON cannot encode (a BigInt a Code node put in it)', () => {
		const items = () => source(3, { request: (index) => ({ url: url(index), body: index === 1 ? { big: BigInt(1) } : { n: index }, headers: [] }) });

		test('fails on its own with continue-on-fail, with nothing sent for it and the others delivered', async () => {
			const wire = scriptedTransport(() => 200);
			const outcomes = await runDelivery(items(), settings(), deps(wire.transport));
			expect(outcomes.map((o) => o.output)).toEqual(['delivered', 'failed', 'delivered']);
			expect(outcomes[1].json).toMatchObject({ status: 'failed', attempts: [], error: { code: 'INVALID_CONFIG', message: expect.stringMatching(/BigInt/) } });
			expect(wire.posts().map((r) => r.url)).toEqual([url(0), url(2)]);
		});

		test('stops the run without continue-on-fail, naming the item', async () => {
			const wire = scriptedTransport(() => 200);
			const failure = await runDelivery(items(), settings({ stopOnError: true, delivery: { schedule: { maxRetries: 0, retryIntervalMs: 0, maxRetryAfterMs: 0 }, timeoutMs: 1000, concurrency: 1 } }), deps(wire.transport)).catch((e) => e);
			expect(isWebhookError(failure) && failure.code).toBe('INVALID_CONFIG');
			expect((failure as WebhookError).itemIndex).toBe(1);
			expect(wire.posts().map((r) => r.url)).not.toContain(url(1));
		});
	});

	test('a no-retry answer fails the item at once, with the reason first in its JSON', async () => {
		const wire = scriptedTransport((request) => (request.url.endsWith('/1') ? 404 : 200));
		const outcomes = await runDelivery(source(3), settings(), deps(wire.transport));
		expect(outcomes.map((o) => o.output)).toEqual(['delivered', 'failed', 'delivered']);
		const failed = outcomes[1].json;
		expect(Object.keys(failed)[0]).toBe('error');
		expect(failed).toMatchObject({ status: 'failed', statusCode: 404, error: { code: 'REJECTED' }, entity: { type: 'service', id: 'svc-1' }, payload: { n: 1 } });
		expect(wire.posts().filter((request) => request.url === url(1))).toHaveLength(1);
	});

	describe('the test call', () => {
		const verification = () => ({ method: 'HEAD' as const, store: {} as Record<string, string>, identity: { scheme: 'none' } });

		test('is made once per endpoint; a refused endpoint fails its items and the others are delivered', async () => {
			const wire = scriptedTransport((request) => (request.method === 'HEAD' && request.url.endsWith('/bad') ? 404 : 200));
			const items = source(4, { request: (index) => ({ url: url(index % 2 ? 'bad' : 'good'), body: { n: index }, headers: [] }) });
			const outcomes = await runDelivery(items, settings({ verification: verification() }), deps(wire.transport));
			expect(outcomes.map((o) => o.output)).toEqual(['delivered', 'failed', 'delivered', 'failed']);
			expect(outcomes[1].json.error).toMatchObject({ code: 'VERIFICATION_FAILED' });
			expect(outcomes[1].json).toMatchObject({ attempts: [], payload: { n: 1 }, url: url('bad') });
			expect(wire.sent.filter((r) => r.method === 'HEAD').map((r) => r.url)).toEqual([url('good'), url('bad')]);
			expect(wire.posts().map((r) => r.url)).toEqual([url('good'), url('good')]);
		});

		test('with continue-on-fail off, a refusal stops the run before anything is posted, naming the first item', async () => {
			const wire = scriptedTransport((request) => (request.method === 'HEAD' ? 500 : 200));
			const failure = await runDelivery(source(3), settings({ verification: verification(), stopOnError: true }), deps(wire.transport)).catch((e) => e);
			expect(isWebhookError(failure) && failure.code).toBe('VERIFICATION_FAILED');
			expect((failure as WebhookError).itemIndex).toBe(0);
			expect((failure as WebhookError).statusCode).toBe(500);
			expect(wire.posts()).toHaveLength(0);
		});

		test('a pass is remembered in the store: the next run makes no test call', async () => {
			const wire = scriptedTransport(() => 200);
			const shared = verification();
			await runDelivery(source(1), settings({ verification: shared }), deps(wire.transport));
			await runDelivery(source(1), settings({ verification: shared }), deps(wire.transport));
			expect(wire.sent.filter((r) => r.method === 'HEAD')).toHaveLength(1);
			expect(Object.keys(shared.store)).toHaveLength(1);
		});
	});

	describe('an item whose parameters are wrong', () => {
		const broken = source(3, {
			request: (index) => {
				if (index === 1) throw new WebhookError('INVALID_CONFIG', 'The Custom Body is not valid JSON', { hint: 'Fix the JSON' });
				return { url: index === 2 ? 'http://plain.test/' : url(index), body: {}, headers: [] };
			},
		});

		test('fails on its own with continue-on-fail, in input order, with what to change', async () => {
			const wire = scriptedTransport(() => 200);
			const outcomes = await runDelivery(broken, settings(), deps(wire.transport));
			expect(outcomes.map((o) => o.output)).toEqual(['delivered', 'failed', 'failed']);
			expect(outcomes[1].json.error).toEqual({ code: 'INVALID_CONFIG', message: 'The Custom Body is not valid JSON', hint: 'Fix the JSON' });
			expect(outcomes[2].json.error).toMatchObject({ code: 'INSECURE_URL' });
			expect(outcomes[1].json.deliveryId).toEqual(expect.any(String));
			expect(wire.posts()).toHaveLength(1);
		});

		test('stops the run before any call without continue-on-fail, naming the item', async () => {
			const wire = scriptedTransport(() => 200);
			const failure = await runDelivery(broken, settings({ stopOnError: true }), deps(wire.transport)).catch((e) => e);
			expect((failure as WebhookError).code).toBe('INVALID_CONFIG');
			expect((failure as WebhookError).itemIndex).toBe(1);
			expect(wire.sent).toHaveLength(0);
		});
	});
});
