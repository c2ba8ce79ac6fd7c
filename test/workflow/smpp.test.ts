import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../harness/workflow';
import { reply, startHttpsServer, type TestHttpsServer } from '../support/https-server';
import { startSmppServer, type SmppServerScript, type TestSmppServer } from '../support/smpp-server';
import { normalizeEvent } from '../../nodes/shared/events';
import { corpusBody, loadCorpus } from '../support/platform-corpus';

const NODE = 'n8n-nodes-outbound-webhooks.outboundWebhook';
const PHONE = '447700900999';
const PASSWORD = 'esme-pw-canary';
const DELIVERED = 0;
const FAILED = 1;
const SMPP = 2;

const incoming = (from: string, text: string) => ({ event: 'incomingMessage', channel: 'sms', from, to: PHONE, text });
const receipt = (status: string) => ({
	deliveryInfoNotification: { deliveryInfo: { deliveryStatus: status, deliveryChannel: 'sms', destination: '447700900123', transid: `t-${status}` } },
});

/** Incoming messages and receipts interleaved, as a relay would see them. */
const ITEMS = [
	incoming('+447700900001', 'Hello'),
	receipt('Delivered'),
	incoming('+447700900002', 'Grüße 😀'),
	receipt('Failed'),
	incoming('ACME', 'x'.repeat(400)),
];

let https: TestHttpsServer;
let smsc: TestSmppServer;
afterEach(async () => {
	await https?.close();
	await smsc?.close();
});

/** Source → Outbound Webhook for a phone number with Forward to SMPP on, posting to `https`. */
function forwardingWorkflow(items: unknown[], parameters: IDataObject = {}, node: IDataObject = {}): WorkflowJson {
	return {
		nodes: [
			{ name: 'Source', type: 'test.source', parameters: { items: JSON.stringify(items) } },
			{
				name: 'Webhook',
				type: NODE,
				parameters: {
					url: `${https.origin}/hook`,
					entityType: 'phoneNumber',
					entityId: PHONE,
					authentication: 'none',
					enableHubSignature: false,
					forwardToSmpp: true,
					...parameters,
					options: { caCertificate: https.cert, retryInterval: 0.01, timeout: 2000, ...(parameters.options as IDataObject) },
				},
				...node,
			},
		],
		connections: { Source: { main: [[{ node: 'Webhook', type: 'main', index: 0 }]] } },
	};
}

async function run(items: unknown[], parameters: IDataObject = {}, script: SmppServerScript = {}) {
	https = await startHttpsServer((req, res) => reply(res, req.method === 'HEAD' ? 200 : 204));
	smsc = await startSmppServer(script);
	return await runWorkflow(forwardingWorkflow(items, parameters), {
		credentials: {
			smppBindApi: { host: '127.0.0.1', port: smsc.port, systemId: 'esme1', password: PASSWORD, systemType: '', bindMode: 'transmitter', tls: false, sourceTon: 'auto', sourceNpi: 'auto' },
		},
	});
}

const indexes = (items: Array<{ pairedItem?: unknown }>) => items.map((item) => (item.pairedItem as { item: number }).item);

describe('Outbound Webhook node with Forward to SMPP (WorkflowExecute, loopback HTTPS and SMSC)', () => {
	test('only SMS incoming messages go to the ESME bind; WhatsApp, RCS and In-App incoming messages are posted over HTTPS', async () => {
		const other = (channel: string, text: string) => ({ event: 'incomingMessage', channel, from: '+447700900005', to: PHONE, text });
		const result = await run([other('whatsapp', 'wa'), incoming('+447700900001', 'sms'), other('rcs', 'rcs'), other('Live Chat', 'chat')]);
		const outputs = result.outputs('Webhook');
		expect(indexes(outputs[SMPP])).toEqual([1]);
		expect(indexes(outputs[DELIVERED])).toEqual([0, 2, 3]);
		expect(outputs[FAILED]).toHaveLength(0);
		const posted = https.requests.filter((r) => r.method === 'POST').map((r) => (JSON.parse(r.body.toString()) as IDataObject).text);
		expect(posted.sort()).toEqual(['chat', 'rcs', 'wa']);
		expect(outputs[SMPP][0].json).toMatchObject({ status: 'forwarded' });
		expect(smsc.received('submit_sm').map((r) => [r.pdu.source_addr, r.pdu.destination_addr])).toEqual([['447700900001', PHONE]]);
	});

	test('the node routes incoming messages to SMPP and the rest over HTTPS, and merges the outcomes back in input order', async () => {
		const items = [{ n: 0 }, incoming('+15550001', 'hi'), { n: 2 }];
		const result = await run(items);
		const outputs = result.outputs('Webhook');
		expect(indexes(outputs[DELIVERED])).toEqual([0, 2]);
		expect(indexes(outputs[SMPP])).toEqual([1]);
		expect(outputs[FAILED]).toHaveLength(0);
		expect(outputs[SMPP][0].json.deliveryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(smsc.received('submit_sm')).toHaveLength(1);
		const posted = https.requests.filter((r) => r.method === 'POST').map((r) => (JSON.parse(r.body.toString()) as IDataObject).n);
		expect(posted.sort()).toEqual([0, 2]);
	});

	test('without continue on fail, an item whose URL is wrong stops the run before the SMPP route forwards anything', async () => {
		const items = [incoming('+15550001', 'hi'), { n: 1 }];
		const result = await run(items, { url: `={{ $json.n === 1 ? 'not a url' : '${'https://127.0.0.1:1'}/hook' }}` });
		expect(result.nodeError('Webhook')?.message).toMatch(/not a valid URL/);
		expect(smsc.received('submit_sm')).toHaveLength(0);
		expect(smsc.connections).toBe(0);
	});

	test('forwards the platform\'s published SMS incoming message: oa the source address, da the destination, message the text', async () => {
		const entry = loadCorpus().find((e) => e.file === 'sms/sms-06-mo-incoming.json')!;
		const published = JSON.parse(corpusBody(entry)) as Record<string, string>;
		// As the platform posts it, and as the Channel Event Trigger emits it (normalised, raw kept).
		const items = [published, normalizeEvent(published)[0]];
		const result = await run(items, { entityId: published.da });
		const outputs = result.outputs('Webhook');
		expect(indexes(outputs[SMPP])).toEqual([0, 1]);
		expect(outputs[FAILED]).toHaveLength(0);
		expect(https.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
		const submits = smsc.received('submit_sm').map((r) => r.pdu);
		expect(submits.map((pdu) => [pdu.source_addr, pdu.destination_addr, (pdu.short_message as { message: string }).message])).toEqual([
			[published.oa, published.da, published.message],
			[published.oa, published.da, published.message],
		]);
		expect(outputs[SMPP].map((item) => item.json.entity)).toEqual([{ type: 'phoneNumber', id: published.da }, { type: 'phoneNumber', id: published.da }]);
	});

	test('sends incoming messages to the SMSC (SMPP output) and posts receipts over HTTPS (Delivered output)', async () => {
		const result = await run(ITEMS, { options: { smppRegisteredDelivery: true } });
		const outputs = result.outputs('Webhook');

		expect(indexes(outputs[SMPP])).toEqual([0, 2, 4]);
		expect(indexes(outputs[DELIVERED])).toEqual([1, 3]);
		expect(outputs[FAILED]).toHaveLength(0);

		// Over HTTPS: only the receipts.
		const posts = https.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body.toString()) as IDataObject);
		expect(posts).toHaveLength(2);
		expect(posts).toEqual(expect.arrayContaining([ITEMS[1], ITEMS[3]]));

		// Over SMPP: one bind, the three messages (the long one in three parts), unbind at the end.
		expect(smsc.received('bind_transmitter')).toHaveLength(1);
		const submits = smsc.received('submit_sm').map((r) => r.pdu);
		expect(submits).toHaveLength(5);
		expect(submits.map((pdu) => pdu.source_addr)).toEqual(['447700900001', '447700900002', 'ACME', 'ACME', 'ACME']);
		expect(submits.every((pdu) => pdu.destination_addr === PHONE && pdu.registered_delivery === 1)).toBe(true);
		expect(submits.map((pdu) => pdu.data_coding)).toEqual([0, 8, 0, 0, 0]);
		expect(smsc.pdus[smsc.pdus.length - 1].command).toBe('unbind');

		const [hello, unicode, long] = outputs[SMPP].map((item) => item.json);
		expect(hello).toMatchObject({ status: 'forwarded', messageIds: [smsc.accepted[0].messageId], entity: { type: 'phoneNumber', id: PHONE }, payload: ITEMS[0] });
		expect(unicode).toMatchObject({ status: 'forwarded', smpp: { encoding: 'ucs2', dataCoding: 8, parts: 1 } });
		expect(long).toMatchObject({ status: 'forwarded', smpp: { encoding: 'gsm7', parts: 3, source: { addr: 'ACME', ton: 5, npi: 0 } } });
		expect(long.messageIds).toHaveLength(3);
		expect(JSON.stringify(result.run.data)).not.toContain(PASSWORD);
	});

	test('retries a throttled message with the node’s retry policy and still forwards it once', async () => {
		const result = await run([incoming('+447700900001', 'Hello')], {}, { submit: (_pdu, n) => (n === 1 ? { status: 0x58 } : {}) });
		const [smppItem] = result.outputs('Webhook')[SMPP];

		expect(smppItem.json.attempts).toEqual([
			expect.objectContaining({ attempt: 1, commandStatusName: 'ESME_RTHROTTLED' }),
			expect.objectContaining({ attempt: 2, commandStatusName: 'ESME_ROK' }),
		]);
		expect(smsc.accepted).toHaveLength(1);
	});

	test('puts incoming messages on the Failed output naming the SMPP error when the SMSC refuses them', async () => {
		const result = await run(ITEMS.slice(0, 2), {}, { submit: () => ({ status: 0x0b }) });
		const outputs = result.outputs('Webhook');

		expect(indexes(outputs[FAILED])).toEqual([0]);
		expect(outputs[FAILED][0].json.error).toMatchObject({ code: 'SMPP_REJECTED', message: 'The SMSC refused the message: ESME_RINVDSTADR (0x0000000B)' });
		expect(indexes(outputs[DELIVERED])).toEqual([1]);
		expect(outputs[SMPP]).toHaveLength(0);
	});

	test('fails the incoming messages with a clear message when the bind is refused, and still posts the receipts', async () => {
		const result = await run(ITEMS, {}, { bind: () => 0x0e });
		const outputs = result.outputs('Webhook');

		expect(indexes(outputs[FAILED])).toEqual([0, 2, 4]);
		for (const item of outputs[FAILED]) {
			expect(item.json.error).toMatchObject({ code: 'SMPP_BIND_REFUSED', message: expect.stringContaining('ESME_RINVPASWD (0x0000000E)') });
		}
		expect(indexes(outputs[DELIVERED])).toEqual([1, 3]);
		expect(smsc.received('bind_transmitter')).toHaveLength(1);
		expect(JSON.stringify(result.run.data)).not.toContain(PASSWORD);
	});

	test('posts every item over HTTPS when Forward to SMPP is off', async () => {
		const result = await run(ITEMS, { forwardToSmpp: false });
		const outputs = result.outputs('Webhook');

		expect(indexes(outputs[DELIVERED])).toEqual([0, 1, 2, 3, 4]);
		expect(outputs[SMPP]).toBeUndefined(); // forwarding off: no SMPP output is drawn
		expect(smsc.connections).toBe(0);
	});
});

describe('Forward to SMPP obeys the SSRF policy', () => {
	const saved = { ...process.env };
	afterEach(() => {
		for (const name of ['N8N_SSRF_PROTECTION_ENABLED', 'N8N_SSRF_BLOCKED_IP_RANGES']) {
			if (saved[name] === undefined) delete process.env[name];
			else process.env[name] = saved[name];
		}
	});

	test('an SMSC on a blocked address is refused before connecting; its items fail at once, naming the rule', async () => {
		process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
		const result = await run([incoming('+447700900001', 'Hello'), incoming('+447700900002', 'Hi')], { options: { maxRetries: 3, retryInterval: 1 } });
		const outputs = result.outputs('Webhook');
		expect(outputs[SMPP]).toHaveLength(0);
		expect(indexes(outputs[FAILED])).toEqual([0, 1]);
		const error = outputs[FAILED][0].json.error as IDataObject;
		expect(String(error.message)).toMatch(/Refused to connect to 127\.0\.0\.1.*blocked by/);
		expect(smsc.connections).toBe(0);
		// Not retried: a refusal by policy would be refused again.
		expect(outputs[FAILED].map((item) => (item.json.attempts as unknown[]).length)).toEqual([1, 1]);
	});
});

describe('Forward to SMPP without an ESME Bind credential (issue 14, continue on fail)', () => {
	async function runWithout(onError?: 'continueRegularOutput') {
		https = await startHttpsServer((req, res) => reply(res, req.method === 'HEAD' ? 200 : 204));
		return await runWorkflow(forwardingWorkflow([incoming('+447700900001', 'Hi'), receipt('Delivered')], {}, onError ? { onError } : {}));
	}

	test('without continue on fail the node stops saying to select a credential', async () => {
		const result = await runWithout();
		expect(result.nodeError('Webhook')?.message).toMatch(/credentials/);
		expect(String(result.nodeError('Webhook')?.description)).toMatch(/Select an SMPP ESME Bind credential/);
	});

	test('with continue on fail the SMS item is on Failed with the hint; the receipt is still delivered', async () => {
		const result = await runWithout('continueRegularOutput');
		const outputs = result.outputs('Webhook');
		expect(indexes(outputs[DELIVERED])).toEqual([1]);
		expect(indexes(outputs[FAILED])).toEqual([0]);
		expect(outputs[FAILED][0].json).toMatchObject({ status: 'failed', error: { code: 'INVALID_CONFIG', hint: expect.stringMatching(/Select an SMPP ESME Bind credential/) } });
	});
});
