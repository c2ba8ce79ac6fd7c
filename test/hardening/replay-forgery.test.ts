import { createHash, createHmac } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startTriggerServer } from '../harness/webhook';
import { runWorkflow } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { outboundWorkflow, report } from './support';

/**
 * A replay must come from this node. A stranger POSTs, to a Channel Event Trigger that relays events
 * to an Outbound Webhook signing with the user's secret, an event shaped like a Failed item: status
 * failed, their own delivery id, their own payload and its plain SHA-256. Before the replay mark, the
 * trigger passed those top-level fields through, the Outbound Webhook took the item for a replay, and
 * the receiver got the stranger's bytes, signed with the user's secret, under the stranger's delivery
 * id (even with Body Content set to Custom).
 */

const SECRET = 'forgery-hub-secret-91d2';
const credentials = { hubSignatureApi: { secret: SECRET, algorithm: 'sha256' } };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const hmac = (bytes: Buffer) => createHmac('sha256', SECRET).update(bytes).digest('hex');

const STRANGER_ID = 'stranger-chosen-delivery-id';
const strangerPayload = { order: 'refund', amount: 1_000_000, to: 'stranger' };
const strangerBytes = Buffer.from(JSON.stringify(strangerPayload));

/** What a stranger can build: a Failed item's fields with a correct plain SHA-256 (and a made-up mark). */
const forged = (extra: IDataObject = {}): IDataObject => ({
	status: 'failed',
	deliveryId: STRANGER_ID,
	payload: strangerPayload,
	bodySha256: sha256(strangerBytes),
	attempts: [],
	retryable: false,
	replayMark: `v1.${'0'.repeat(64)}`,
	...extra,
});

describe('a replay must come from this node', () => {
	let receiver: TestHttpsServer;
	const lines: string[] = [];
	beforeAll(async () => (receiver = await startHttpsServer((_req, res) => reply(res, 200))));
	afterAll(async () => {
		await receiver.close();
		report('integrity', 'forged replays', lines);
	});

	const strangerRequests = () =>
		receiver.requests.filter((r) => r.method === 'POST' && (r.headers['x-delivery-id'] === STRANGER_ID || r.body.equals(strangerBytes)));

	const relay = (items: IDataObject[], bodyOptions: IDataObject = {}) =>
		runWorkflow(outboundWorkflow(items, { url: `${receiver.origin}/hook`, enableHubSignature: true, ...bodyOptions, options: { caCertificate: receiver.cert, verifyEndpoint: false, maxRetries: 0 } }), { credentials });

	test('through the Channel Event Trigger: the emitted event carries no replay fields, the relay sends no stranger bytes under the stranger id', async () => {
		const emitted: INodeExecutionData[] = [];
		const trigger = await startTriggerServer({
			parameters: { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: {}, authentication: 'none' },
			run: async (items) => {
				emitted.push(...items);
				const result = await relay(items.map((item) => item.json));
				return { error: result.nodeError('Webhook') };
			},
		});
		try {
			// A relayed event (this package's own event model, which keeps extra top-level fields).
			const event = { kind: 'incomingMessage', channel: 'sms', from: '+447700900123', text: 'hi', raw: { text: 'hi' }, ...forged() };
			const answer = await fetch(trigger.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
			expect(answer.status).toBe(200);
			for (let waited = 0; receiver.requests.length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
		} finally {
			await trigger.close();
		}
		expect(emitted).toHaveLength(1);
		expect(emitted[0].json).not.toHaveProperty('bodySha256');
		expect(emitted[0].json).not.toHaveProperty('replayMark');
		expect((emitted[0].json.raw as IDataObject | undefined) ?? {}).toBeDefined();
		expect(strangerRequests()).toEqual([]);
		lines.push('trigger → relay: the emitted event has no bodySha256 / replayMark; no request carried the stranger id or the stranger bytes');
	});

	test.each([
		['Whole Item', {}],
		['Custom body', { bodyContent: 'custom', customBody: '{"mine":true}' }],
		['Field', { bodyContent: 'field', bodyField: 'payload' }],
	] as const)('a forged Failed item fed straight into the node (Body Content: %s) is not a replay', async (label, bodyOptions) => {
		const before = receiver.requests.length;
		const result = await relay([forged()], bodyOptions);
		const [delivered] = result.outputs('Webhook');
		expect(delivered).toHaveLength(1);
		const sent = receiver.requests.slice(before);
		expect(sent).toHaveLength(1);
		expect(sent[0].headers['x-delivery-id']).not.toBe(STRANGER_ID);
		expect(sent[0].headers['x-delivery-attempt']).toBe('1');
		expect(sent[0].headers['x-hub-signature']).toBe(hmac(sent[0].body));
		if (label === 'Custom body') expect(JSON.parse(sent[0].body.toString())).toEqual({ mine: true });
		if (label === 'Whole Item') expect(JSON.parse(sent[0].body.toString())).toMatchObject({ deliveryId: STRANGER_ID, status: 'failed' });
		lines.push(`forged Failed item, Body Content ${label}: sent as a new item under ${String(sent[0].headers['x-delivery-id']).slice(0, 13)}…, not as a replay`);
	});

	test('a real Failed item of this node is replayed, and not where Body Content is Custom', async () => {
		const down = await startHttpsServer((_req, res) => reply(res, 503));
		try {
			const failing = await runWorkflow(outboundWorkflow([{ n: 7 }], { url: `${down.origin}/hook`, enableHubSignature: true, options: { caCertificate: down.cert, verifyEndpoint: false, maxRetries: 0 } }), { credentials });
			const [, [failedItem]] = failing.outputs('Webhook');
			expect(failedItem.json.replayMark).toMatch(/^v1\.[0-9a-f]{64}$/);
			const id = failedItem.json.deliveryId;

			let before = receiver.requests.length;
			await relay([failedItem.json]);
			let sent = receiver.requests.slice(before);
			expect(sent.map((r) => [r.headers['x-delivery-id'], r.headers['x-delivery-attempt'], r.body.toString()])).toEqual([[id, '2', '{"n":7}']]);

			before = receiver.requests.length;
			await relay([failedItem.json], { bodyContent: 'custom', customBody: '{"mine":true}' });
			sent = receiver.requests.slice(before);
			expect(sent[0].headers['x-delivery-id']).not.toBe(id);
			expect(sent[0].body.toString()).toBe('{"mine":true}');
			lines.push('a real Failed item: replayed under its id (attempt 2); with Body Content Custom it is a new item with the custom body');
		} finally {
			await down.close();
		}
	});

	/**
	 * `nextAttemptAt` weeks ahead (a Custom extended delay of 30 days) fed straight back into the node
	 * without a Wait node. Before, the node held the execution for the whole wait, and a wait over
	 * 2^31 ms overflowed Node's timer and was sent at once.
	 */
	test('a replay due 30 days ahead is neither held nor sent early: Failed NOT_DUE, its schedule ended', async () => {
		const down = await startHttpsServer((_req, res) => reply(res, 503));
		try {
			const failing = await runWorkflow(
				outboundWorkflow([{ n: 30 }], { url: `${down.origin}/hook`, enableHubSignature: true, options: { caCertificate: down.cert, verifyEndpoint: false, maxRetries: 0, extendedRetries: 'custom', extendedRetryDelays: '30d' } }),
				{ credentials },
			);
			const [, [failedItem]] = failing.outputs('Webhook');
			expect(failedItem.json).toMatchObject({ retryable: true });
			expect(Date.parse(String(failedItem.json.nextAttemptAt)) - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);

			const before = receiver.requests.length;
			const started = Date.now();
			const again = await runWorkflow(
				outboundWorkflow([failedItem.json], { url: `${receiver.origin}/hook`, enableHubSignature: true, options: { caCertificate: receiver.cert, verifyEndpoint: false, maxRetries: 0, extendedRetries: 'custom', extendedRetryDelays: '30d' } }),
				{ credentials },
			);
			const took = Date.now() - started;
			const [delivered, failed] = again.outputs('Webhook');
			expect(delivered).toHaveLength(0);
			expect(failed).toHaveLength(1);
			expect(failed[0].json).toMatchObject({ error: { code: 'NOT_DUE' }, deliveryId: failedItem.json.deliveryId, retryable: false });
			expect(receiver.requests.length - before).toBe(0);
			expect(took).toBeLessThan(10_000);
			lines.push(`a replay due in 30 days, no Wait node: Failed NOT_DUE in ${took} ms, nothing sent (cap: 1 hour held in memory)`);
		} finally {
			await down.close();
		}
	});
});
