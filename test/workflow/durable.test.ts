import { createHmac } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { reply, startHttpsServer, type RecordedRequest, type TestHttpsServer } from '../support/https-server';
import { runWorkflow, type WorkflowJson } from '../harness/workflow';

const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const SECRET = 'durable-hub-secret-7c1a';
const credentials = {
	hubSignatureApi: { secret: SECRET, algorithm: 'sha256' },
	webhookBasicAuthApi: { user: 'replayer', password: 'replay-pw-canary' },
};
const BASIC = `Basic ${Buffer.from('replayer:replay-pw-canary').toString('base64')}`;

/** A delivery receipt and an incoming message as the Channel Event Trigger emits them, and a plain item. */
const ITEMS = [
	{ kind: 'deliveryReceipt', channel: 'sms', status: 'delivered', entity: { type: 'service', id: 'svc-1' }, transactionId: 'tx-1', timestamp: '2026-12-01T10:00:00Z', raw: { transid: 'tx-1' } },
	{ kind: 'incomingMessage', channel: 'sms', entity: { type: 'service', id: 'svc-1' }, from: '+447700900123', text: 'hi', messageId: 'mo-1', raw: { messageId: 'mo-1' } },
	{ order: 42, note: 'not a channel event' },
];

const edge = (node: string, index = 0) => ({ node, type: 'main' as const, index });
const posts = (server: TestHttpsServer, path = '') => server.requests.filter((r) => r.method === 'POST' && r.url.startsWith(path));
const hmac = (body: Buffer) => createHmac('sha256', SECRET).update(body).digest('hex');
const json = (items: INodeExecutionData[]) => items.map((i) => i.json);

/** Answers HEAD 200; POSTs by path: /ok → 200, /down → 503, /bad → 400. */
const receiver = () =>
	startHttpsServer((req, res) => {
		if (req.method === 'HEAD') return reply(res, 200);
		reply(res, req.url.startsWith('/ok') ? 200 : req.url.startsWith('/bad') ? 400 : 503);
	});

function webhook(name: string, server: TestHttpsServer, path: string, parameters: IDataObject = {}, options: IDataObject = {}) {
	return {
		id: `id-${name}`,
		name,
		type: NODE,
		parameters: {
			url: `${server.origin}${path}`,
			enableHubSignature: true,
			...parameters,
			options: { caCertificate: server.cert, retryInterval: 0.01, maxRetries: 1, timeout: 2000, ...options },
		},
	};
}

function source(items: unknown[]) {
	return { id: 'id-source', name: 'Source', type: 'test.source', parameters: { items: JSON.stringify(items) } };
}

describe('durable delivery in a workflow (n8n-core WorkflowExecute, loopback HTTPS)', () => {
	let server: TestHttpsServer;
	beforeEach(async () => (server = await receiver()));
	afterEach(async () => server.close());

	test('one workflow executed twice: the receiver sees the same delivery ids, distinct per item', async () => {
		const wf: WorkflowJson = { nodes: [source(ITEMS), webhook('Relay', server, '/ok')], connections: { Source: { main: [[edge('Relay')]] } } };
		await runWorkflow(wf, { credentials });
		const first = posts(server).map((r) => String(r.headers['x-delivery-id']));
		await runWorkflow(wf, { credentials });
		const second = posts(server).slice(first.length).map((r) => String(r.headers['x-delivery-id']));
		expect(first).toHaveLength(3);
		expect(new Set(first).size).toBe(3);
		expect(second.sort()).toEqual([...first].sort());
		for (const id of first) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

		// The Delivery ID option overrides the default.
		const custom: WorkflowJson = {
			nodes: [source(ITEMS), webhook('Relay', server, '/ok', {}, { deliveryId: '={{ "order-" + $itemIndex }}' })],
			connections: { Source: { main: [[edge('Relay')]] } },
		};
		await runWorkflow(custom, { credentials });
		expect(posts(server).slice(6).map((r) => r.headers['x-delivery-id']).sort()).toEqual(['order-0', 'order-1', 'order-2']);
	});

	test('Failed items fed straight into another node: same bytes and id, attempts continue, its URL, auth and signing apply', async () => {
		const wf: WorkflowJson = {
			nodes: [
				source(ITEMS),
				webhook('First', server, '/down'),
				webhook('Replay', server, '/ok/replayed', { authentication: 'basicAuth', options: {} }),
			],
			connections: { Source: { main: [[edge('First')]] }, First: { main: [[], [edge('Replay')], []] } },
		};
		const result = await runWorkflow(wf, { credentials });
		const [, failed] = result.outputs('First');
		expect(failed).toHaveLength(3);
		for (const item of json(failed)) expect(item).toMatchObject({ status: 'failed', retryable: false, bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
		const [delivered, failedAgain] = result.outputs('Replay');
		expect(failedAgain).toHaveLength(0);
		expect(delivered).toHaveLength(3);

		const down = posts(server, '/down');
		const replayed = posts(server, '/ok/replayed');
		expect(down).toHaveLength(6); // 3 items × (1 + 1 retry)
		expect(replayed).toHaveLength(3);
		for (const request of replayed) {
			const original = down.filter((r) => r.headers['x-delivery-id'] === request.headers['x-delivery-id']);
			expect(original.map((r) => r.headers['x-delivery-attempt'])).toEqual(['1', '2']);
			expect(request.body.equals(original[0].body)).toBe(true);
			expect(request.headers['x-hub-signature']).toBe(original[0].headers['x-hub-signature']);
			expect(request.headers['x-hub-signature']).toBe(hmac(request.body));
			expect(request.headers['x-delivery-attempt']).toBe('3');
			expect(request.headers.authorization).toBe(BASIC);
			expect(original[0].headers.authorization).toBeUndefined();
		}
		// The payload is the original item, not the Failed item; the attempts list is extended.
		for (const item of json(delivered)) {
			expect(ITEMS).toContainEqual(item.payload);
			expect((item.attempts as IDataObject[]).map((a) => [a.attempt, a.statusCode])).toEqual([[1, 503], [2, 503], [3, 200]]);
		}
		expect(JSON.stringify(result.run.data)).not.toContain('replay-pw-canary');
	});

	test('Failed items replayed after a JSON round trip (a database that keeps the JSON) go again as the original requests', async () => {
		const fail: WorkflowJson = { nodes: [source(ITEMS), webhook('Relay', server, '/down', {}, { maxRetries: 0 })], connections: { Source: { main: [[edge('Relay')]] } } };
		const [, failed] = (await runWorkflow(fail, { credentials })).outputs('Relay');
		const stored = JSON.parse(JSON.stringify(json(failed))) as unknown[];

		const replay: WorkflowJson = { nodes: [source(stored), webhook('Relay', server, '/ok', { bodyContent: 'field', bodyField: 'nothing' })], connections: { Source: { main: [[edge('Relay')]] } } };
		const [delivered, failedAgain] = (await runWorkflow(replay, { credentials })).outputs('Relay');
		expect(failedAgain).toHaveLength(0);
		expect(delivered).toHaveLength(3);
		const sent = posts(server, '/down');
		const again = posts(server, '/ok');
		expect(again.map((r) => r.headers['x-delivery-id']).sort()).toEqual(sent.map((r) => r.headers['x-delivery-id']).sort());
		for (const r of again) {
			const before = sent.find((s) => s.headers['x-delivery-id'] === r.headers['x-delivery-id'])!;
			expect(r.body.equals(before.body)).toBe(true);
			expect(r.headers['x-delivery-attempt']).toBe('2');
		}
	});

	test('a tampered or partial Failed item is a new item: its JSON is the body, under another id, and nothing crashes', async () => {
		const fail: WorkflowJson = { nodes: [source(ITEMS.slice(2)), webhook('Relay', server, '/down', {}, { maxRetries: 0 })], connections: { Source: { main: [[edge('Relay')]] } } };
		const [, [failedItem]] = (await runWorkflow(fail, { credentials })).outputs('Relay');
		const original = failedItem.json;
		const tampered = [
			{ ...original, payload: { order: 43, note: 'edited' } },
			(({ bodySha256: _b, ...rest }) => rest)(original),
			{ ...original, deliveryId: 'x\r\nx-injected: yes' },
			{ ...original, attempts: 'lots' },
		];
		const replay: WorkflowJson = { nodes: [source(tampered), webhook('Relay', server, '/ok')], connections: { Source: { main: [[edge('Relay')]] } } };
		const [delivered] = (await runWorkflow(replay, { credentials })).outputs('Relay');
		expect(delivered).toHaveLength(4);
		const got = posts(server, '/ok');
		expect(got.map((r) => JSON.parse(r.body.toString()))).toEqual(expect.arrayContaining(JSON.parse(JSON.stringify(tampered))));
		for (const r of got) {
			expect(r.headers['x-delivery-id']).not.toBe(original.deliveryId);
			expect(r.headers['x-delivery-attempt']).toBe('1');
			expect(r.headers['x-injected']).toBeUndefined();
		}
	});

	test('extended schedule in a loop without a Wait node: each item waits for its nextAttemptAt, then retryable false ends it', async () => {
		// Failed → (retryable?) → back into the same node; the node itself waits for nextAttemptAt.
		const wf: WorkflowJson = {
			nodes: [
				source(ITEMS),
				webhook('Relay', server, '/down', {}, { maxRetries: 1, extendedRetries: 'custom', extendedRetryDelays: '300ms, 400ms' }),
				{ id: 'id-filter', name: 'Retryable?', type: 'test.filter', parameters: { field: 'retryable' } },
			],
			connections: { Source: { main: [[edge('Relay')]] }, Relay: { main: [[], [edge('Retryable?')], []] }, 'Retryable?': { main: [[edge('Relay')]] } },
		};
		const result = await runWorkflow(wf, { credentials });
		const runs = result.run.data.resultData.runData.Relay;
		expect(runs).toHaveLength(3); // the first run, then one per extended delay
		const failedPerRun = runs.map((run) => (run.data?.main?.[1] ?? []).map((i) => i.json));
		expect(failedPerRun.map((items) => items.map((i) => [i.retryable, i.extendedAttempts]))).toEqual([
			[[true, 0], [true, 0], [true, 0]],
			[[true, 1], [true, 1], [true, 1]],
			[[false, 2], [false, 2], [false, 2]],
		]);
		expect(failedPerRun[2].every((i) => i.nextAttemptAt === undefined)).toBe(true);

		const byId = new Map<string, RecordedRequest[]>();
		for (const r of posts(server, '/down')) byId.set(String(r.headers['x-delivery-id']), [...(byId.get(String(r.headers['x-delivery-id'])) ?? []), r]);
		expect(byId.size).toBe(3);
		for (const [id, requests] of byId) {
			expect(requests.map((r) => r.headers['x-delivery-attempt'])).toEqual(['1', '2', '3', '4']);
			expect(new Set(requests.map((r) => r.body.toString())).size).toBe(1);
			// No attempt before the time the Failed item named (the loop has no Wait node, and must not spin).
			for (const [run, items] of failedPerRun.slice(0, 2).entries()) {
				const due = Date.parse(String(items.find((i) => i.deliveryId === id)!.nextAttemptAt));
				expect(requests[run + 2].receivedAt).toBeGreaterThanOrEqual(due);
			}
		}
	});

	test('a no-retry answer leaves retryable false at once, even with the extended schedule', async () => {
		const wf: WorkflowJson = {
			nodes: [source(ITEMS.slice(2)), webhook('Relay', server, '/bad', {}, { extendedRetries: 'svix' })],
			connections: { Source: { main: [[edge('Relay')]] } },
		};
		const [, [failed]] = (await runWorkflow(wf, { credentials })).outputs('Relay');
		expect(failed.json).toMatchObject({ retryable: false, error: { code: 'REJECTED' } });
		expect(failed.json.nextAttemptAt).toBeUndefined();
	});

	test('Svix preset: after the in-run retries the item is due 5 minutes after its last attempt', async () => {
		const wf: WorkflowJson = { nodes: [source(ITEMS.slice(2)), webhook('Relay', server, '/down', {}, { extendedRetries: 'svix' })], connections: { Source: { main: [[edge('Relay')]] } } };
		const [, [failed]] = (await runWorkflow(wf, { credentials })).outputs('Relay');
		const attempts = failed.json.attempts as Array<{ startedAt: string; durationMs: number }>;
		const last = attempts[attempts.length - 1];
		expect(failed.json).toMatchObject({ retryable: true, extendedAttempts: 0 });
		expect(Date.parse(String(failed.json.nextAttemptAt))).toBe(Date.parse(last.startedAt) + last.durationMs + 5 * 60_000);
	});

	test('with the extended schedule, an endpoint that is down at the test call sends the items to wait, not the node to stop', async () => {
		const down = await startHttpsServer((_req, res) => reply(res, 503));
		try {
			const wf: WorkflowJson = {
				nodes: [source(ITEMS.slice(2)), { ...webhook('Relay', down, '/x', {}, { extendedRetries: 'custom', extendedRetryDelays: '70s' }) }],
				connections: { Source: { main: [[edge('Relay')]] } },
			};
			const [, [failed]] = (await runWorkflow(wf, { credentials })).outputs('Relay');
			expect(failed.json).toMatchObject({ retryable: true, extendedAttempts: 0, error: { code: 'VERIFICATION_FAILED' } });
			expect(down.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
			const plain: WorkflowJson = { nodes: [source(ITEMS.slice(2)), webhook('Relay', down, '/y')], connections: { Source: { main: [[edge('Relay')]] } } };
			expect((await runWorkflow(plain, { credentials })).nodeError('Relay')?.message).toContain('503');
		} finally {
			await down.close();
		}
	});

	test('Custom with no delays stops the node with a clear error', async () => {
		const wf: WorkflowJson = { nodes: [source(ITEMS.slice(2)), webhook('Relay', server, '/ok', {}, { extendedRetries: 'custom', extendedRetryDelays: 'soon' })], connections: { Source: { main: [[edge('Relay')]] } } };
		const result = await runWorkflow(wf, { credentials });
		expect(result.nodeError('Relay')?.message).toContain('"soon" is not a duration');
		expect(posts(server)).toHaveLength(0);
	});
});
