import { createHmac } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import { startTriggerServer, type TriggerServer } from '../harness/webhook';
import { runWorkflow } from '../harness/workflow';
import { startHttpsServer, type TestHttpsServer } from '../support/https-server';

/**
 * The relay with Respond "When the Workflow Has Run": the sender POSTs to the Channel Event Trigger
 * (served as n8n serves it, test/harness/webhook.ts), the trigger's items run through the real
 * Outbound Webhook node (n8n-core's WorkflowExecute) to a loopback HTTPS receiver, and only then
 * does the sender get its answer: 200 when the relay delivered, 500 when it failed with Fail
 * Execution on Failed Deliveries. With Respond Immediately the sender has its 200 before the relay.
 */

const OUTBOUND = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const INBOUND_SECRET = 'relay-inbound-secret';
const sign = (body: string) => createHmac('sha256', INBOUND_SECRET).update(body).digest('hex');
const EVENT = JSON.stringify({ event: 'incomingMessage', channel: 'sms', from: '447700900001', to: '447700900123', text: 'relay me', messageId: 'mo-relay-1' });

let receiver: TestHttpsServer | undefined;
let trigger: TriggerServer | undefined;
/** Runs still going (Respond Immediately answers before its run ends): waited for before closing. */
const runs: Array<Promise<unknown>> = [];
afterEach(async () => {
	await Promise.allSettled(runs.splice(0));
	await trigger?.close();
	await receiver?.close();
	trigger = receiver = undefined;
});

/** Trigger → Outbound Webhook to the receiver; the receiver answers `status` to POSTs (HEAD: 200). */
async function relay(responseMode: string | undefined, status: number, failOnFailedDeliveries = false) {
	const rx = await startHttpsServer((req, res) => {
		res.statusCode = req.method === 'HEAD' ? 200 : status;
		res.end();
	});
	receiver = rx;
	const run = async (items: INodeExecutionData[]) => {
		const running = runWorkflow(
			{
				nodes: [
					{ name: 'Trigger items', type: 'test.source', parameters: { items: JSON.stringify(items.map((item) => item.json)) } },
					{
						name: 'Relay',
						type: OUTBOUND,
						parameters: {
							url: `${rx.origin}/hooks/relay`,
							entityType: 'service',
							entityId: '',
							authentication: 'none',
							enableHubSignature: false,
							options: { caCertificate: rx.cert, maxRetries: 0, timeout: 5000, failOnFailedDeliveries },
						},
					},
				],
				connections: { 'Trigger items': { main: [[{ node: 'Relay', type: 'main', index: 0 }]] } },
			},
			{ mode: 'webhook' },
		);
		runs.push(running);
		return { error: (await running).run.data.resultData.error };
	};
	trigger = await startTriggerServer({
		parameters: {
			entityType: 'service',
			entityId: '',
			events: ['incomingMessage'],
			receipts: {},
			enableHubSignature: true,
			authentication: 'none',
			options: {},
			...(responseMode === undefined ? {} : { responseMode }),
		},
		credentials: { hubSignatureApi: { secret: INBOUND_SECRET, algorithm: 'sha256' } },
		run,
	});
	const response = await fetch(trigger.url, { method: 'POST', body: EVENT, headers: { 'content-type': 'application/json', 'x-hub-signature': sign(EVENT) } });
	const answer = { status: response.status, text: await response.text(), at: Date.now() };
	const posts = rx.requests.filter((r) => r.method === 'POST');
	return { answer, posts };
}

describe('Channel Event Trigger → Outbound Webhook, Respond When the Workflow Has Run', () => {
	test('the sender gets 200 only after the receiver has the delivery', async () => {
		const { answer, posts } = await relay('lastNode', 200);
		expect([answer.status, answer.text]).toEqual([200, '']);
		expect(posts).toHaveLength(1);
		expect(posts[0].receivedAt).toBeLessThanOrEqual(answer.at);
		expect(JSON.parse(posts[0].body.toString())).toMatchObject({ kind: 'incomingMessage', text: 'relay me' });
	});

	test('the receiver answers 404 and Fail Execution on Failed Deliveries is on: the sender gets 500', async () => {
		const { answer, posts } = await relay('lastNode', 404, true);
		expect([answer.status, JSON.parse(answer.text)]).toEqual([500, { message: 'Error in workflow' }]);
		expect(posts).toHaveLength(1);
	});

	test('the receiver answers 404 with the option off: the run succeeds (the item leaves on Failed), so the sender gets 200', async () => {
		const { answer } = await relay('lastNode', 404, false);
		expect(answer.status).toBe(200);
	});

	test('Respond Immediately (no parameter, as in older workflows): 200 with the counts whatever the relay does', async () => {
		const { answer } = await relay(undefined, 404, true);
		expect([answer.status, JSON.parse(answer.text)]).toEqual([200, { status: 'received', received: 1, accepted: 1 }]);
	});
});
