import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { testCertificate } from '../support/certs';
import { startTriggerServer, type TriggerServer } from '../harness/webhook';
import { runWorkflow } from '../harness/workflow';

/**
 * Round trip through both nodes of the package: the Outbound Webhook node (run by n8n-core's
 * WorkflowExecute) verifies, signs, authorizes and POSTs over real HTTPS; the Channel Event Trigger
 * (served through n8n-core's WebhookContext) checks the test call, the signature and the Basic
 * authorization, normalises and emits. Then the relay: the trigger's items sent on again normalise
 * to themselves.
 */
const OUTBOUND = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const SECRET = 'round-trip-secret-7c1e';
const CREDENTIALS = {
	hubSignatureApi: { secret: SECRET, algorithm: 'sha512' },
	webhookBasicAuthApi: { user: 'connect', password: 'p4ss-word' },
};

const PLATFORM_RECEIPT = {
	deliveryInfoNotification: {
		deliveryInfo: {
			deliveryStatus: 'Delivered',
			deliveryChannel: 'sms',
			destination: '447700900123',
			code: '6000',
			Description: 'Délivré',
			transid: 'tx-1',
			correlationid: 'corr-1',
		},
	},
};
const INCOMING = { event: 'incomingMessage', channel: 'whatsapp', from: '447700900001', to: '447700900123', text: 'Bonjour ☀' };

/** Both sides use Basic: the Outbound Webhook node sends it, the trigger checks it (constant time). */
const AUTHENTICATION = 'basicAuth';

async function startTrigger(): Promise<TriggerServer> {
	return await startTriggerServer({
		https: true,
		parameters: {
			entityType: 'service',
			entityId: '',
			events: ['incomingMessage'],
			receipts: { sms: ['delivered'] },
			enableHubSignature: true,
			authentication: AUTHENTICATION,
			options: {},
		},
		credentials: CREDENTIALS,
	});
}

async function send(
	url: string,
	items: unknown[],
	credentials: Record<string, ICredentialDataDecryptedObject> = CREDENTIALS,
	authentication: string = AUTHENTICATION,
) {
	const { cert } = await testCertificate();
	const result = await runWorkflow(
		{
			nodes: [
				{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify(items) } },
				{
					name: 'Outbound Webhook',
					type: OUTBOUND,
					parameters: {
						url,
						entityType: 'service',
						entityId: '',
						authentication,
						enableHubSignature: true,
						options: { caCertificate: cert, maxRetries: 0, retryInterval: 0.01, timeout: 5000 },
					},
				},
			],
			connections: { Source: { main: [[{ node: 'Outbound Webhook', type: 'main', index: 0 }]] } },
		},
		{ credentials },
	);
	const error = result.nodeError('Outbound Webhook');
	if (error) throw error;
	const [delivered, failed] = result.outputs('Outbound Webhook');
	return { delivered, failed };
}

const emitted = (trigger: TriggerServer): INodeExecutionData['json'][] => trigger.runs.flatMap((run) => run.items.map((item) => item.json));

describe('round trip: Outbound Webhook → Channel Event Trigger', () => {
	const servers: TriggerServer[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map((server) => server.close()));
	});

	test('signed and authorized deliveries pass the trigger and are emitted normalised, one run per POST', async () => {
		const trigger = await startTrigger();
		servers.push(trigger);
		const { delivered, failed } = await send(trigger.url, [PLATFORM_RECEIPT, INCOMING]);

		expect(failed).toEqual([]);
		expect(delivered).toHaveLength(2);
		expect(trigger.runs).toHaveLength(2);
		const events = emitted(trigger);
		expect(events).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ kind: 'deliveryReceipt', channel: 'sms', status: 'delivered', transactionId: 'tx-1', raw: PLATFORM_RECEIPT }),
				expect.objectContaining({ kind: 'incomingMessage', channel: 'whatsApp', text: 'Bonjour ☀', raw: INCOMING }),
			]),
		);
	});

	test('relay: the trigger\'s items sent on by the Outbound Webhook normalise to themselves at a second trigger', async () => {
		const first = await startTrigger();
		const second = await startTrigger();
		servers.push(first, second);
		await send(first.url, [PLATFORM_RECEIPT, INCOMING]);
		const relayed = emitted(first);
		expect(relayed).toHaveLength(2);

		const { failed } = await send(second.url, relayed);
		expect(failed).toEqual([]);
		expect(emitted(second)).toEqual(expect.arrayContaining(relayed));
		expect(emitted(second)).toHaveLength(2);
	});

	test('a sender with another hub secret gets 401: the delivery fails and the trigger starts no run', async () => {
		const trigger = await startTrigger();
		servers.push(trigger);
		const { delivered, failed } = await send(trigger.url, [INCOMING], {
			...CREDENTIALS,
			hubSignatureApi: { secret: 'not-the-secret', algorithm: 'sha512' },
		});
		expect(delivered).toEqual([]);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({ status: 'failed', statusCode: 401 });
		expect(trigger.runs).toHaveLength(0);
		expect(trigger.statuses).toContain(401);
	});

	test('a sender with the wrong password fails at the test call, and sends nothing', async () => {
		const trigger = await startTrigger();
		servers.push(trigger);
		const outcome = await send(trigger.url, [INCOMING], { ...CREDENTIALS, webhookBasicAuthApi: { user: 'connect', password: 'wrong' } }).then(
			({ delivered }) => `delivered ${delivered.length}`,
			(error: Error) => error.message,
		);
		expect(outcome).toMatch(/401|verif/i);
		expect(trigger.runs).toHaveLength(0);
		expect(trigger.statuses).toEqual([401]);
	});

	test('a sender without authorization gets 401 on every POST: the delivery fails, no run', async () => {
		const trigger = await startTrigger();
		servers.push(trigger);
		const { cert } = await testCertificate();
		const result = await runWorkflow(
			{
				nodes: [
					{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify([INCOMING]) } },
					{
						name: 'Outbound Webhook',
						type: OUTBOUND,
						parameters: {
							url: trigger.url,
							entityType: 'service',
							entityId: '',
							authentication: 'none',
							enableHubSignature: true,
							options: { caCertificate: cert, maxRetries: 0, retryInterval: 0.01, timeout: 5000 },
						},
					},
				],
				connections: { Source: { main: [[{ node: 'Outbound Webhook', type: 'main', index: 0 }]] } },
			},
			{ credentials: CREDENTIALS },
		);
		const [delivered, failed] = result.outputs('Outbound Webhook');
		expect(delivered).toEqual([]);
		expect(failed[0].json).toMatchObject({ status: 'failed', statusCode: 401 });
		expect(trigger.runs).toHaveLength(0);
	});

	test.each(['header', 'query'])('API key sent in the %s passes the trigger', async (sendIn) => {
		const credentials = { ...CREDENTIALS, webhookApiKeyApi: { name: 'x-connect-key', value: 'k-42', sendIn } };
		const trigger = await startTriggerServer({
			https: true,
			parameters: { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: {}, enableHubSignature: true, authentication: 'apiKey', options: {} },
			credentials,
		});
		servers.push(trigger);
		const { delivered, failed } = await send(trigger.url, [INCOMING], credentials, 'apiKey');
		expect(failed).toEqual([]);
		expect(delivered).toHaveLength(1);
		expect(emitted(trigger)).toEqual([expect.objectContaining({ kind: 'incomingMessage', text: 'Bonjour ☀' })]);
	});
});
