import { createHmac } from 'node:crypto';

import { Webhook } from 'standardwebhooks';

import { verifyEndpoint } from '../../nodes/shared/delivery/verification';
import { createTransport } from '../../nodes/shared/http/transport';
import { noAuth } from '../../nodes/shared/auth/authorizer';
import { startTriggerServer, type TriggerServer, type TriggerServerOptions } from '../harness/webhook';
import { testCertificate } from '../support/certs';
import { corpusBody, loadCorpus } from '../support/platform-corpus';

/**
 * The Channel Event Trigger's webhook() driven by real HTTP requests on loopback, through n8n-core's
 * WebhookContext (test/harness/webhook.ts). One valid signed receipt; each test changes one thing.
 */

const SECRET = 'It’s a Secret to Everybody';
const PREVIOUS = 'the-old-secret';

/** Deliberately not what JSON.stringify would produce: spacing, key order, a non-ASCII character. */
const RECEIPT_BODY =
	'{ "deliveryInfoNotification" : {"deliveryInfo": {"deliveryStatus":"Delivered", "deliveryChannel":"sms",' +
	' "destination":"447700900123","code":"6000","Description":"Délivré","transid":"t-1","correlationid":"c-1"}}}';

const sign = (body: string, secret = SECRET, algorithm = 'sha256') => createHmac(algorithm, secret).update(body).digest('hex');

const BASE: TriggerServerOptions = {
	parameters: {
		entityType: 'service',
		entityId: '',
		events: ['incomingMessage'],
		receipts: { sms: ['delivered', 'failed'] },
		enableHubSignature: true,
		authentication: 'none',
		options: {},
	},
	credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha256', previousSecret: PREVIOUS } },
};

let server: TriggerServer | undefined;
async function start(change: (options: TriggerServerOptions) => TriggerServerOptions = (o) => o) {
	server = await startTriggerServer(change(structuredClone(BASE)));
	return server;
}
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function post(url: string, body: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/json', [`x-hub-signature`]: sign(body), ...headers },
	});
	const text = await response.text();
	return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: response.headers };
}

describe('Channel Event Trigger over HTTP', () => {
	test('a signed, subscribed receipt is answered 200 and starts one run with the normalised event', async () => {
		const { url, runs } = await start();
		const answer = await post(url, RECEIPT_BODY);
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ status: 'received', received: 1, accepted: 1 });
		expect(runs).toHaveLength(1);
		expect(runs[0].items.map((item) => item.json)).toEqual([
			{
				kind: 'deliveryReceipt',
				channel: 'sms',
				status: 'delivered',
				to: '447700900123',
				code: '6000',
				description: 'Délivré',
				transactionId: 't-1',
				correlationId: 'c-1',
				raw: JSON.parse(RECEIPT_BODY),
			},
		]);
	});

	test('HEAD and GET (the sender\'s test call) are answered 200 and start no run', async () => {
		const { url, runs } = await start();
		expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
		const get = await fetch(url);
		expect(get.status).toBe(200);
		expect(await get.json()).toMatchObject({ status: 'ok' });
		expect(runs).toHaveLength(0);
	});

	test('PUT is not a webhook of the node: 404 as n8n answers, no run', async () => {
		const { url, runs } = await start();
		expect((await fetch(url, { method: 'PUT', body: RECEIPT_BODY })).status).toBe(404);
		expect(runs).toHaveLength(0);
	});

	test('a wrong signature gets 401, no run, and no secret in the answer', async () => {
		const { url, runs } = await start();
		const answer = await post(url, RECEIPT_BODY, { 'x-hub-signature': sign(RECEIPT_BODY, 'wrong secret') });
		expect(answer.status).toBe(401);
		expect(runs).toHaveLength(0);
		expect(answer.text).not.toContain(SECRET);
		expect(answer.text).not.toContain(PREVIOUS);
		expect(answer.text).not.toContain(sign(RECEIPT_BODY));
	});

	test('a missing signature gets 401', async () => {
		const { url, runs } = await start();
		const response = await fetch(url, { method: 'POST', body: RECEIPT_BODY, headers: { 'content-type': 'application/json' } });
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ message: 'The x-hub-signature header is missing.' });
		expect(runs).toHaveLength(0);
	});

	test('a signature over a re-serialised body (not the bytes sent) gets 401', async () => {
		const { url, runs } = await start();
		const reserialised = JSON.stringify(JSON.parse(RECEIPT_BODY));
		const answer = await post(url, RECEIPT_BODY, { 'x-hub-signature': sign(reserialised) });
		expect(answer.status).toBe(401);
		expect(runs).toHaveLength(0);
	});

	test('a signature with the sha256= prefix is accepted', async () => {
		const { url, runs } = await start();
		const answer = await post(url, RECEIPT_BODY, { 'x-hub-signature': `sha256=${sign(RECEIPT_BODY)}` });
		expect(answer.status).toBe(200);
		expect(runs).toHaveLength(1);
	});

	test('during a rotation, a signature made with the previous secret is accepted', async () => {
		const { url, runs } = await start();
		const answer = await post(url, RECEIPT_BODY, { 'x-hub-signature': sign(RECEIPT_BODY, PREVIOUS) });
		expect(answer.status).toBe(200);
		expect(runs).toHaveLength(1);
	});

	test('SHA512 credential: a SHA512 signature passes, a SHA256 one gets 401', async () => {
		const { url, runs } = await start((o) => ({ ...o, credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha512' } } }));
		expect((await post(url, RECEIPT_BODY, { 'x-hub-signature': sign(RECEIPT_BODY, SECRET, 'sha512') })).status).toBe(200);
		expect((await post(url, RECEIPT_BODY)).status).toBe(401);
		expect(runs).toHaveLength(1);
	});

	test('an event outside the subscriptions is answered 200 and starts no run', async () => {
		const { url, runs } = await start();
		const body = RECEIPT_BODY.replace('"Delivered"', '"Submitted"');
		const answer = await post(url, body);
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ status: 'received', received: 1, accepted: 0 });
		expect(runs).toHaveLength(0);
	});

	test('a batch is split into one item per event; only subscribed ones are emitted, in one run', async () => {
		const { url, runs } = await start();
		const batch = JSON.stringify([
			{ event: 'incomingMessage', channel: 'sms', from: '447700900001', to: '447700900123', text: 'one' },
			{ event: 'deliveryReceipt', channel: 'sms', status: 'failed', transactionId: 't-2' },
			{ event: 'deliveryReceipt', channel: 'sms', status: 'clicked', transactionId: 't-3' },
			{ event: 'incomingMessage', channel: 'whatsApp', from: '447700900002', text: 'two' },
		]);
		const answer = await post(url, batch);
		expect(answer.json).toEqual({ status: 'received', received: 4, accepted: 3 });
		expect(runs).toHaveLength(1);
		expect(runs[0].items.map((item) => [item.json.kind, item.json.text ?? item.json.status])).toEqual([
			['incomingMessage', 'one'],
			['deliveryReceipt', 'failed'],
			['incomingMessage', 'two'],
		]);
	});

	test('a huge batch (5000 receipts) is split into one item per event, all in one run', async () => {
		const { url, runs } = await start();
		const batch = JSON.stringify(
			Array.from({ length: 5000 }, (_, i) => ({ deliveryInfoNotification: { deliveryInfo: { deliveryStatus: 'Delivered', deliveryChannel: 'sms', transid: `t-${i}` } } })),
		);
		const answer = await post(url, batch);
		expect(answer.json).toEqual({ status: 'received', received: 5000, accepted: 5000 });
		expect(runs).toHaveLength(1);
		expect(runs[0].items).toHaveLength(5000);
		expect(runs[0].items[4999].json.transactionId).toBe('t-4999');
	});

	test('a body over the configured limit gets 413 and starts no run', async () => {
		const { url, runs } = await start((o) => ({ ...o, parameters: { ...o.parameters, options: { maxBodySize: 1 } } }));
		const big = JSON.stringify({ event: 'incomingMessage', text: 'x'.repeat(2048) });
		const answer = await post(url, big);
		expect(answer.status).toBe(413);
		expect(runs).toHaveLength(0);
	});

	test('malformed JSON sent as text/plain gets 400 from the node', async () => {
		const { url, runs } = await start();
		const body = '{"deliveryInfoNotification": ';
		const answer = await post(url, body, { 'content-type': 'text/plain' });
		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({ error: 'Bad Request' });
		expect(runs).toHaveLength(0);
	});

	test('malformed JSON as application/json: n8n itself answers 422 before the node runs', async () => {
		const { url, runs } = await start();
		expect((await post(url, '{"a": ')).status).toBe(422);
		expect(runs).toHaveLength(0);
	});

	test('malformed JSON as application/json reaching the node (no pre-parse) gets 400', async () => {
		const { url, runs } = await start((o) => ({ ...o, preParse: false }));
		expect((await post(url, '{"a": ')).status).toBe(400);
		expect(runs).toHaveLength(0);
	});

	test('a non-JSON content type gets 415 and starts no run', async () => {
		const { url, runs } = await start();
		const answer = await post(url, RECEIPT_BODY, { 'content-type': 'application/xml' });
		expect(answer.status).toBe(415);
		expect(runs).toHaveLength(0);
	});

	test('an unknown channel does not break the trigger: 200, dropped unless unrecognised events are emitted', async () => {
		const body = JSON.stringify({ event: 'deliveryReceipt', channel: 'carrierPigeon', status: 'landed', newField: { a: 1 } });
		const { url, runs } = await start();
		expect((await post(url, body)).status).toBe(200);
		expect(runs).toHaveLength(0);
		await server!.close();

		const second = await start((o) => ({ ...o, parameters: { ...o.parameters, options: { includeUnrecognised: true } } }));
		expect((await post(second.url, body)).status).toBe(200);
		expect(second.runs[0].items[0].json).toMatchObject({ channel: 'carrierPigeon', status: 'landed', raw: { newField: { a: 1 } } });
	});

	test('App entity: an In-App receipt of the app is emitted; an SMS receipt is answered 200 and dropped', async () => {
		const { url, runs } = await start((o) => ({
			...o,
			parameters: { ...o.parameters, entityType: 'app', entityId: 'app-1', events: [], receipts: { inApp: ['read'] } },
		}));
		const inApp = JSON.stringify({ event: 'deliveryReceipt', channel: 'Live Chat', status: 'READ', appId: 'app-1' });
		const sms = JSON.stringify({ event: 'deliveryReceipt', channel: 'sms', status: 'delivered', appId: 'app-1' });
		expect((await post(url, inApp)).status).toBe(200);
		expect((await post(url, sms)).status).toBe(200);
		expect(runs).toHaveLength(1);
		expect(runs[0].items[0].json).toMatchObject({ channel: 'inApp', status: 'read', entity: { type: 'app', id: 'app-1' } });
	});

	test('include headers and raw body: the raw body is exact, secret-bearing headers are left out', async () => {
		const { url, runs } = await start((o) => ({
			...o,
			parameters: { ...o.parameters, options: { includeHeaders: true, includeRawBody: true } },
		}));
		await post(url, RECEIPT_BODY, { 'x-trace': 'abc' });
		const json = runs[0].items[0].json;
		expect(json.rawBody).toBe(RECEIPT_BODY);
		expect(json.headers).toMatchObject({ 'x-trace': 'abc', 'content-type': 'application/json' });
		expect(json.headers).not.toHaveProperty('x-hub-signature');
	});
});

describe('Channel Event Trigger: legacy SHA1, POST test calls, dropped events (issue 14)', () => {
	test('legacy SHA1 credential: a SHA1 signature passes (40 hex), a SHA256 one gets 401', async () => {
		const { url, runs } = await start((o) => ({ ...o, credentials: { hubSignatureApi: { secret: SECRET, algorithm: 'sha1' } } }));
		const sha1 = sign(RECEIPT_BODY, SECRET, 'sha1');
		expect(sha1).toHaveLength(40);
		expect((await post(url, RECEIPT_BODY, { 'x-hub-signature': sha1 })).status).toBe(200);
		expect((await post(url, RECEIPT_BODY, { 'x-hub-signature': `sha1=${sha1}` })).status).toBe(200);
		expect((await post(url, RECEIPT_BODY)).status).toBe(401);
		expect(runs).toHaveLength(2);
	});

	test('a SHA256 credential refuses a SHA1 signature, prefixed or not (no downgrade)', async () => {
		const { url, runs } = await start();
		const sha1 = sign(RECEIPT_BODY, SECRET, 'sha1');
		expect((await post(url, RECEIPT_BODY, { 'x-hub-signature': sha1 })).status).toBe(401);
		expect((await post(url, RECEIPT_BODY, { 'x-hub-signature': `sha1=${sha1}` })).status).toBe(401);
		expect(runs).toHaveLength(0);
	});

	test('an empty POST (a sender\'s test call), signed, is answered 200 and starts no run; unsigned it gets 401', async () => {
		const { url, runs, statuses } = await start();
		expect((await post(url, '')).status).toBe(200);
		expect((await post(url, '', { 'x-hub-signature': '' })).status).toBe(401);
		expect(statuses).toEqual([200, 401]);
		expect(runs).toHaveLength(0);
	});

	test('this package\'s own POST test notification (verificationMethod POST, signed) passes the trigger and starts no run', async () => {
		const { url, runs } = await start((o) => ({ ...o, https: true }));
		const { cert } = await testCertificate();
		const transport = createTransport({ rejectUnauthorized: true, ca: cert, connections: 1, timeoutMs: 5000 });
		try {
			const options = { url, displayUrl: url, method: 'POST' as const, timeoutMs: 5000 };
			await expect(verifyEndpoint({ ...options, signing: { secret: SECRET, algorithm: 'sha256' } }, { transport, authorizer: noAuth })).resolves.toBeUndefined();
			// Without the signature the same call is refused: the test call passes the checks, it does not skip them.
			await expect(verifyEndpoint(options, { transport, authorizer: noAuth })).rejects.toThrow(/answered 401/);
		} finally {
			await transport.close();
		}
		expect(runs).toHaveLength(0);
	});

	test('dropped events are logged through n8n\'s logger with the reason; nothing of the text or secret', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Logger } = require('@n8n/backend-common') as { Logger: { prototype: { log(level: string, message: string, meta?: object): void } } };
		const lines: string[] = [];
		const spy = jest.spyOn(Logger.prototype, 'log').mockImplementation((level: string, message: string, meta?: object) => {
			lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
		});
		try {
			const { url, runs } = await start();
			const body = JSON.stringify([
				{ event: 'deliveryReceipt', channel: 'sms', status: 'submitted' },
				{ event: 'deliveryReceipt', channel: 'carrierPigeon', status: 'landed' },
				{ event: 'incomingMessage', channel: 'sms', from: '1', text: 'secret words', entity: { id: 'svc-1' } },
			]);
			const answer = await post(url, body);
			expect(answer.json).toEqual({ status: 'received', received: 3, accepted: 1 });
			expect(runs).toHaveLength(1);
			const drops = lines.filter((line) => line.includes('dropped'));
			expect(drops).toEqual([
				expect.stringMatching(
					/^info Channel Event Trigger "Channel Event Trigger" answered 200 but dropped 2 of 3 event\(s\): deliveryReceipt \/ sms \/ submitted: its event or receipt status is not selected .*; deliveryReceipt \/ carrierPigeon \/ landed: its kind, channel or status is unknown .*Emit Unrecognised Events/,
				),
			]);
			expect(drops[0]).toContain('"dropped":{"notSubscribed":1,"unrecognised":1}');
			expect(lines.join('\n')).not.toContain('secret words');
			expect(lines.join('\n')).not.toContain(SECRET);
		} finally {
			spy.mockRestore();
		}
	});

	test('the platform\'s typing indicator is a customer event: dropped with its reason unless Customer Events is selected, then emitted once', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Logger } = require('@n8n/backend-common') as { Logger: { prototype: { log(level: string, message: string, meta?: object): void } } };
		const lines: string[] = [];
		const spy = jest.spyOn(Logger.prototype, 'log').mockImplementation((level: string, message: string) => {
			lines.push(`${level} ${message}`);
		});
		const typing = corpusBody(loadCorpus().find((entry) => entry.file === 'inapp/rt-09-typing-start.json')!);
		try {
			const messagesOnly = await start();
			const dropped = await post(messagesOnly.url, typing);
			expect(dropped.json).toEqual({ status: 'received', received: 1, accepted: 0 });
			expect(messagesOnly.runs).toHaveLength(0);
			expect(lines.filter((line) => line.includes('dropped'))).toEqual([
				'info Channel Event Trigger "Channel Event Trigger" answered 200 but dropped 1 of 1 event(s): customerEvent / typingStart / inApp: it is a customer event, not a message (select Customer Events under Events to receive it)',
			]);
			await server!.close();

			const subscribed = await start((o) => ({ ...o, parameters: { ...o.parameters, events: ['incomingMessage', 'customerEvent'] } }));
			const accepted = await post(subscribed.url, typing);
			expect(accepted.json).toEqual({ status: 'received', received: 1, accepted: 1 });
			expect(subscribed.runs).toHaveLength(1);
			expect(subscribed.runs[0].items.map((item) => [item.json.kind, item.json.eventType, item.json.text])).toEqual([['customerEvent', 'typingStart', undefined]]);
		} finally {
			spy.mockRestore();
		}
	});
});

describe('Channel Event Trigger: Standard Webhooks (the standardwebhooks package signs)', () => {
	const SW_SECRET = 'whsec_' + Buffer.from('standard-webhooks-trigger-secret').toString('base64');
	const SW_PREVIOUS = 'whsec_' + Buffer.from('the previous whsec secret bytes').toString('base64');
	const swStart = (options: Record<string, string | number | boolean> = {}, credential: Record<string, string> = { secret: SW_SECRET, previousSecrets: SW_PREVIOUS }) =>
		start((o) => ({
			...o,
			parameters: { ...o.parameters, signatureScheme: 'standardWebhooks', options },
			credentials: { standardWebhooksApi: credential },
		}));
	const swHeaders = (body: string, { secret = SW_SECRET, at = Date.now(), id = 'msg_trigger_1' } = {}) => ({
		'webhook-id': id,
		'webhook-timestamp': String(Math.floor(at / 1000)),
		'webhook-signature': new Webhook(secret).sign(id, new Date(at), body),
		'x-hub-signature': '',
	});

	test('signed now: 200 and one run; a 10 minute old or 10 minute future timestamp: 401, no run', async () => {
		const { url, runs } = await swStart();
		expect((await post(url, RECEIPT_BODY, swHeaders(RECEIPT_BODY))).status).toBe(200);
		const old = await post(url, RECEIPT_BODY, swHeaders(RECEIPT_BODY, { at: Date.now() - 600_000 }));
		expect([old.status, old.json?.message]).toEqual([401, expect.stringMatching(/replay protection/)]);
		expect((await post(url, RECEIPT_BODY, swHeaders(RECEIPT_BODY, { at: Date.now() + 600_000 }))).status).toBe(401);
		expect(runs).toHaveLength(1);
	});

	test('the tolerance option widens the window: 10 minutes old passes with 900 s', async () => {
		const { url, runs } = await swStart({ timestampTolerance: 900 });
		expect((await post(url, RECEIPT_BODY, swHeaders(RECEIPT_BODY, { at: Date.now() - 600_000 }))).status).toBe(200);
		expect(runs).toHaveLength(1);
	});

	test('rotation: signatures by the previous secret pass; a hub signature or another secret get 401', async () => {
		const { url, runs } = await swStart();
		expect((await post(url, RECEIPT_BODY, swHeaders(RECEIPT_BODY, { secret: SW_PREVIOUS }))).status).toBe(200);
		expect((await post(url, RECEIPT_BODY)).status).toBe(401);
		const other = 'whsec_' + Buffer.from('some other secret entirely!!').toString('base64');
		expect((await post(url, RECEIPT_BODY, swHeaders(RECEIPT_BODY, { secret: other }))).status).toBe(401);
		expect(runs).toHaveLength(1);
	});

	test('an empty POST signed the Standard Webhooks way is a test call: 200, no run', async () => {
		const { url, runs } = await swStart();
		expect((await post(url, '', swHeaders(''))).status).toBe(200);
		expect((await post(url, '', { 'x-hub-signature': '' })).status).toBe(401);
		expect(runs).toHaveLength(0);
	});

	test('a secret that is not whsec_/base64: 500 "not configured correctly", no run, the secret in no answer or log', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Logger } = require('@n8n/backend-common') as { Logger: { prototype: { log(level: string, message: string, meta?: object): void } } };
		const lines: string[] = [];
		const spy = jest.spyOn(Logger.prototype, 'log').mockImplementation((level: string, message: string, meta?: object) => {
			lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
		});
		try {
			const bad = 'not*a*whsec*secret';
			const { url, runs } = await swStart({}, { secret: bad });
			const answer = await post(url, RECEIPT_BODY, swHeaders(RECEIPT_BODY));
			expect([answer.status, answer.json?.message]).toEqual([500, 'The trigger is not configured correctly; see the n8n log.']);
			expect(lines.some((line) => /^error .*Standard Webhooks credential's Secret is not a whsec_ secret/.test(line))).toBe(true);
			expect(answer.text + lines.join('\n')).not.toContain(bad);
			expect(runs).toHaveLength(0);
		} finally {
			spy.mockRestore();
		}
	});

	test('include headers: webhook-id and webhook-timestamp are kept, webhook-signature is left out', async () => {
		const { url, runs } = await swStart({ includeHeaders: true });
		await post(url, RECEIPT_BODY, swHeaders(RECEIPT_BODY));
		expect(runs[0].items[0].json.headers).toMatchObject({ 'webhook-id': 'msg_trigger_1' });
		expect(runs[0].items[0].json.headers).not.toHaveProperty('webhook-signature');
	});
});

describe('Channel Event Trigger inbound authorization over HTTP', () => {
	const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
	const withAuth = (authentication: string, credentials: Record<string, Record<string, string>>) => (o: TriggerServerOptions) => ({
		...o,
		parameters: { ...o.parameters, enableHubSignature: false, authentication },
		credentials,
	});

	test('Basic: right credentials pass, wrong password gets 401 with a Basic challenge and no run', async () => {
		const { url, runs } = await start(withAuth('basicAuth', { webhookBasicAuthApi: { user: 'connect', password: 'p4ss' } }));
		expect((await post(url, RECEIPT_BODY, { authorization: basic('connect', 'p4ss') })).status).toBe(200);
		const wrong = await post(url, RECEIPT_BODY, { authorization: basic('connect', 'nope') });
		expect(wrong.status).toBe(401);
		expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
		expect(wrong.text).not.toContain('p4ss');
		expect(runs).toHaveLength(1);
	});

	test('Basic: the test call passes with the right credentials or none, and gets 401 with wrong ones', async () => {
		const { url, runs } = await start(withAuth('basicAuth', { webhookBasicAuthApi: { user: 'connect', password: 'p4ss' } }));
		expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
		expect((await fetch(url, { method: 'HEAD', headers: { authorization: basic('connect', 'p4ss') } })).status).toBe(200);
		expect((await fetch(url, { method: 'HEAD', headers: { authorization: basic('connect', 'typo') } })).status).toBe(401);
		expect((await fetch(url, { headers: { authorization: basic('connect', 'typo') } })).status).toBe(401);
		expect(runs).toHaveLength(0);
	});

	test('API key header: right key passes, wrong or missing key gets 401; the key header is not output', async () => {
		const { url, runs } = await start((o) => ({
			...withAuth('apiKey', { webhookApiKeyApi: { name: 'X-Api-Key', value: 'k-123', sendIn: 'header' } })(o),
			parameters: { ...withAuth('apiKey', {})(o).parameters, options: { includeHeaders: true } },
		}));
		expect((await post(url, RECEIPT_BODY, { 'x-api-key': 'k-123' })).status).toBe(200);
		expect((await post(url, RECEIPT_BODY, { 'x-api-key': 'k-124' })).status).toBe(401);
		expect((await post(url, RECEIPT_BODY)).status).toBe(401);
		expect(runs).toHaveLength(1);
		expect(runs[0].items[0].json.headers).not.toHaveProperty('x-api-key');
	});

	// The key header is matched whatever the spacing and case of the configured name; before, a name
	// with a trailing space was matched for checking but not hidden from Include Headers.
	test.each(['X-Api-Key ', ' x-api-key', 'X-API-KEY', '  X-Api-Key  '])('API key header named %j: checked, and never output with Include Headers', async (name) => {
		const { url, runs } = await start((o) => ({
			...withAuth('apiKey', { webhookApiKeyApi: { name, value: 'k-secret-123', sendIn: 'header' } })(o),
			parameters: { ...withAuth('apiKey', {})(o).parameters, options: { includeHeaders: true, includeRawBody: true } },
		}));
		expect((await post(url, RECEIPT_BODY, { 'x-api-key': 'k-secret-123' })).status).toBe(200);
		expect((await post(url, RECEIPT_BODY, { 'x-api-key': 'wrong' })).status).toBe(401);
		expect(runs).toHaveLength(1);
		expect(runs[0].items[0].json.headers).toHaveProperty('content-type');
		expect(runs[0].items[0].json.headers).not.toHaveProperty('x-api-key');
		expect(JSON.stringify(runs[0].items)).not.toContain('k-secret-123');
	});

	test('signature and authorization together: both must pass', async () => {
		const { url, runs } = await start((o) => ({
			...o,
			parameters: { ...o.parameters, authentication: 'apiKey' },
			credentials: { ...o.credentials, webhookApiKeyApi: { name: 'x-api-key', value: 'k-123', sendIn: 'header' } },
		}));
		expect((await post(url, RECEIPT_BODY, { 'x-api-key': 'k-123', 'x-hub-signature': 'bad' })).status).toBe(401);
		expect((await post(url, RECEIPT_BODY, { 'x-api-key': 'bad' })).status).toBe(401);
		expect((await post(url, RECEIPT_BODY, { 'x-api-key': 'k-123' })).status).toBe(200);
		expect(runs).toHaveLength(1);
	});
});

describe('Channel Event Trigger webhookMethods', () => {
	test('create records the production URL; checkExists sees it; the test URL is a different registration; delete removes it', async () => {
		const trigger = await start();
		expect(await trigger.hook('checkExists')).toBe(false);
		expect(await trigger.hook('create')).toBe(true);
		expect(await trigger.hook('checkExists')).toBe(true);
		expect(trigger.workflow.staticData).toMatchObject({ 'node:Channel Event Trigger': { webhookUrl: trigger.url } });
		expect(await trigger.hook('checkExists', { isTest: true })).toBe(false);
		expect(await trigger.hook('delete')).toBe(true);
		expect(await trigger.hook('checkExists')).toBe(false);
	});

	test('the test URL serves the same webhook (manual mode)', async () => {
		const { testUrl, runs } = await start();
		expect((await post(testUrl, RECEIPT_BODY)).status).toBe(200);
		expect(runs).toHaveLength(1);
	});
});

describe('Channel Event Trigger: workflows saved by earlier versions', () => {
	/**
	 * The trigger node of demo/workflows/relay.json as version 0.1.0 saved it (before the
	 * subscription parameters changed their display rules): same parameter names, same stored values.
	 */
	const SAVED_NODE = {
		parameters: {
			entityType: 'service',
			entityId: '',
			events: ['incomingMessage'],
			receipts: { sms: ['delivered'] },
			enableHubSignature: true,
			authentication: 'none',
			options: {},
		},
		type: 'n8n-nodes-outbound-webhooks.channelEventTrigger',
		typeVersion: 1,
	};

	test('still accepts its subscribed receipt and starts one run', async () => {
		const { url, runs } = await start((o) => ({ ...o, parameters: structuredClone(SAVED_NODE.parameters) }));
		const answer = await post(url, RECEIPT_BODY);
		expect([answer.status, answer.json]).toEqual([200, { status: 'received', received: 1, accepted: 1 }]);
		expect(runs).toHaveLength(1);
	});

	test('an App saved with an Incoming Call ticked (another entity offered it) drops a call and warns about nothing else', async () => {
		const parameters = { ...structuredClone(SAVED_NODE.parameters), entityType: 'app', events: ['incomingMessage', 'incomingCall'], receipts: { inApp: ['read'] } };
		const { url, runs } = await start((o) => ({ ...o, parameters }));
		const call = JSON.stringify({ event: 'incomingCall', from: '+447700900123', to: '+447700900999' });
		const answer = await post(url, call);
		expect([answer.status, answer.json]).toEqual([200, { status: 'received', received: 1, accepted: 0 }]);
		expect(runs).toHaveLength(0);
	});

	test('a trigger subscribed to nothing answers 200 with a warning and starts no run', async () => {
		const parameters = { ...structuredClone(SAVED_NODE.parameters), events: [], receipts: {} };
		const { url, runs } = await start((o) => ({ ...o, parameters }));
		const answer = await post(url, RECEIPT_BODY);
		expect(answer.status).toBe(200);
		expect(answer.json?.warning).toMatch(/^Nothing is subscribed/);
		expect(runs).toHaveLength(0);
	});
});
