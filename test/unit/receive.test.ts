import { createHmac } from 'node:crypto';

import { Webhook } from 'standardwebhooks';

import { testNotification } from '../../nodes/shared/delivery/verification';
import { receive, type ReceiveConfig, type ReceiveRequest } from '../../nodes/shared/receive';
import { parseSecret } from '../../nodes/shared/standard-webhooks';

/**
 * The trigger's decision table. One valid request and configuration; each row changes one thing
 * and states the answer: status, outcome, and whether a run starts (events emitted).
 */
const SECRET = 'hub-secret';
const BODY = JSON.stringify([
	{ event: 'deliveryReceipt', channel: 'sms', status: 'delivered', transactionId: 't-1' },
	{ event: 'incomingMessage', channel: 'sms', from: '1', to: '2', text: 'hi' },
]);
const sign = (body: string | Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const config = (): ReceiveConfig => ({
	maxBodyBytes: 1024,
	hubSignature: { secrets: [SECRET], algorithm: 'sha256' },
	auth: { type: 'basicAuth', user: 'u', password: 'p' },
	subscription: { entityType: 'service', entityId: '', events: ['incomingMessage'], receipts: { sms: ['delivered'] } },
});
const request = (body = BODY): ReceiveRequest => ({
	method: 'POST',
	headers: { 'content-type': 'application/json', authorization: basic('u', 'p'), 'x-hub-signature': sign(body) },
	rawBody: Buffer.from(body),
});

type Row = [string, (r: ReceiveRequest, c: ReceiveConfig) => void, number, string, number];

const ROWS: Row[] = [
	['the valid request', () => undefined, 200, 'accepted', 2],
	['HEAD test call', (r) => Object.assign(r, { method: 'HEAD', rawBody: undefined }), 200, 'testCall', 0],
	['GET test call', (r) => Object.assign(r, { method: 'get', rawBody: undefined }), 200, 'testCall', 0],
	['GET test call without authorization', (r) => Object.assign(r, { method: 'GET', headers: {} }), 200, 'testCall', 0],
	['HEAD test call with a wrong password', (r) => Object.assign(r, { method: 'HEAD', headers: { authorization: basic('u', 'x') } }), 401, 'unauthorized', 0],
	['PUT', (r) => (r.method = 'PUT'), 405, 'methodNotAllowed', 0],
	['body over the limit', (_r, c) => (c.maxBodyBytes = 10), 413, 'tooLarge', 0],
	['declared content-length over the limit', (r) => (r.headers['content-length'] = '99999'), 413, 'tooLarge', 0],
	['wrong password', (r) => (r.headers.authorization = basic('u', 'x')), 401, 'unauthorized', 0],
	['wrong user', (r) => (r.headers.authorization = basic('x', 'p')), 401, 'unauthorized', 0],
	['no authorization header', (r) => delete r.headers.authorization, 401, 'unauthorized', 0],
	['Bearer instead of Basic', (r) => (r.headers.authorization = 'Bearer abc'), 401, 'unauthorized', 0],
	['wrong signature', (r) => (r.headers['x-hub-signature'] = sign(BODY, 'other')), 401, 'badSignature', 0],
	['no signature header', (r) => delete r.headers['x-hub-signature'], 401, 'badSignature', 0],
	['body changed after signing', (r) => (r.rawBody = Buffer.from(BODY.replace('hi', 'ho'))), 401, 'badSignature', 0],
	['signature off: no header needed', (r, c) => { delete r.headers['x-hub-signature']; delete c.hubSignature; }, 200, 'accepted', 2],
	['auth none: no header needed', (r, c) => { delete r.headers.authorization; c.auth = { type: 'none' }; }, 200, 'accepted', 2],
	['content type text/plain', (r) => (r.headers['content-type'] = 'text/plain; charset=utf-8'), 200, 'accepted', 2],
	['content type application/cloudevents+json', (r) => (r.headers['content-type'] = 'application/cloudevents+json'), 200, 'accepted', 2],
	['no content type', (r) => delete r.headers['content-type'], 200, 'accepted', 2],
	['content type application/xml', (r) => (r.headers['content-type'] = 'application/xml'), 415, 'unsupportedMediaType', 0],
	['no receipt subscribed', (_r, c) => (c.subscription = { ...c.subscription, receipts: {} }), 200, 'accepted', 1],
	['nothing subscribed', (_r, c) => (c.subscription = { ...c.subscription, receipts: {}, events: [] }), 200, 'dropped', 0],
	['other entity', (_r, c) => (c.subscription = { ...c.subscription, entityId: 'svc-1' }), 200, 'accepted', 2],
];

describe('receive: decision table', () => {
	test.each(ROWS)('%s → %i %s, %i event(s)', (_name, change, status, outcome, events) => {
		const r = request();
		const c = config();
		change(r, c);
		const result = receive(r, c);
		expect([result.status, result.outcome, result.events.length]).toEqual([status, outcome, events]);
		if (status !== 200) expect(result.events).toEqual([]);
	});

	test.each([['malformed JSON', '{"event": '], ['a truncated array', '[{"event":"incomingMessage"}']])('%s → 400, no run', (_name, body) => {
		const result = receive(request(body), config());
		expect([result.status, result.outcome, result.events.length]).toEqual([400, 'malformedJson', 0]);
	});

	test.each([
		['an empty body', ''],
		['a whitespace body', '   \n'],
		['the package\'s own POST test notification', JSON.stringify(testNotification(Date.UTC(2026, 0, 1)))],
		['a test notification naming its type as event', '{"event":"test"}'],
	])('POST test call, %s, signed and authorized → 200 testCall, no run', (_name, body) => {
		const result = receive(request(body), config());
		expect([result.status, result.outcome, result.events.length]).toEqual([200, 'testCall', 0]);
	});

	test.each([
		['unsigned', (r: ReceiveRequest) => delete r.headers['x-hub-signature'], 401, 'badSignature'],
		['signed with another secret', (r: ReceiveRequest) => (r.headers['x-hub-signature'] = sign('', 'other')), 401, 'badSignature'],
		['without authorization', (r: ReceiveRequest) => delete r.headers.authorization, 401, 'unauthorized'],
	] as const)('POST test call (empty body) %s → %i %s', (_name, change, status, outcome) => {
		const r = request('');
		change(r);
		const result = receive(r, config());
		expect([result.status, result.outcome, result.events.length]).toEqual([status, outcome, 0]);
	});

	test('a POST test notification must carry the signature like any event', () => {
		const body = JSON.stringify(testNotification(0));
		const r = request(body);
		r.headers['x-hub-signature'] = sign(body, 'other');
		expect(receive(r, config()).status).toBe(401);
	});

	test('dropped events come back with their reason, kind, channel and status (at most 20)', () => {
		const body = JSON.stringify([
			{ event: 'deliveryReceipt', channel: 'sms', status: 'failed', transactionId: 't-2' },
			{ event: 'mystery', id: 'x' },
			{ event: 'incomingMessage', channel: 'sms', from: '1', to: '2', text: 'hi' },
		]);
		const result = receive(request(body), config());
		expect(result.dropped).toEqual({ notSubscribed: 1, unrecognised: 1 });
		expect(result.dropDetails).toEqual([
			{ reason: 'notSubscribed', kind: 'deliveryReceipt', channel: 'sms', status: 'failed' },
			{ reason: 'unrecognised', kind: 'unknown' },
		]);
		expect(JSON.stringify(result.dropDetails)).not.toContain('"x"');
		const many = JSON.stringify(Array.from({ length: 50 }, () => ({ event: 'deliveryReceipt', channel: 'sms', status: 'failed' })));
		const big = receive(request(many), { ...config(), maxBodyBytes: 1 << 20 });
		expect([big.dropped.notSubscribed, big.dropDetails.length]).toEqual([50, 20]);
	});

	test('a UTF-8 byte order mark before the JSON is tolerated (and signed over as sent)', () => {
		const body = `\uFEFF${BODY}`;
		expect(receive(request(body), config()).status).toBe(200);
	});

	test('events naming another entity are dropped and counted', () => {
		const body = JSON.stringify([
			{ event: 'incomingMessage', channel: 'sms', text: 'a', entity: { type: 'service', id: 'svc-1' } },
			{ event: 'incomingMessage', channel: 'sms', text: 'b', entity: { type: 'service', id: 'svc-2' } },
		]);
		const c = config();
		c.subscription = { ...c.subscription, entityId: 'svc-1' };
		const result = receive(request(body), c);
		expect(result.events.map((e) => e.text)).toEqual(['a']);
		expect(result.dropped).toEqual({ otherEntity: 1 });
		expect(result.body).toEqual({ status: 'received', received: 2, accepted: 1 });
	});

	test('401 answers carry no secret, and a Basic challenge when Basic is configured', () => {
		const r = request();
		r.headers.authorization = basic('u', 'wrong');
		const result = receive(r, config());
		const text = JSON.stringify(result);
		expect(text).not.toContain('hub-secret');
		expect(text).not.toContain('"p"');
		expect(result.headers['www-authenticate']).toMatch(/^Basic realm=/);
	});

	test('the 413 check runs before authorization (an oversized body is not authenticated first)', () => {
		const r = request();
		delete r.headers.authorization;
		const c = config();
		c.maxBodyBytes = 10;
		expect(receive(r, c).status).toBe(413);
	});

	test('a body of exactly the limit passes', () => {
		const c = config();
		c.maxBodyBytes = Buffer.byteLength(BODY);
		expect(receive(request(), c).status).toBe(200);
	});
});

describe('receive: an empty subscription is said in the answer', () => {
	const empty = (): ReceiveConfig => ({ ...config(), subscription: { ...config().subscription, events: [], receipts: {} } });

	test('a POST to a trigger subscribed to nothing is answered 200 with a warning, and starts no run', () => {
		const answer = receive(request(), empty());
		expect([answer.status, answer.events.length]).toEqual([200, 0]);
		expect(answer.body).toEqual({ status: 'received', received: 2, accepted: 0, warning: expect.stringMatching(/^Nothing is subscribed/) });
	});

	test('the test call says it too, so the sender sees it when it is set up', () => {
		const answer = receive({ method: 'HEAD', headers: {} }, empty());
		expect(answer.body.warning).toMatch(/Nothing is subscribed/);
	});

	test('choices the entity does not offer count as nothing (an App with Incoming Call and SMS receipts)', () => {
		const c = config();
		c.subscription = { ...c.subscription, entityType: 'app', events: ['incomingCall'], receipts: { sms: ['delivered'] } };
		expect(receive(request(), c).body.warning).toMatch(/Nothing is subscribed/);
	});

	test('a subscribed trigger answers without a warning', () => {
		expect(receive(request(), config()).body).toEqual({ status: 'received', received: 2, accepted: 2 });
	});
});

describe('receive: Standard Webhooks (the standardwebhooks package signs)', () => {
	const SECRET_SW = 'whsec_' + Buffer.alloc(32, 5).toString('base64');
	const PREVIOUS_SW = 'whsec_' + Buffer.alloc(24, 6).toString('base64');
	const NOW = Date.UTC(2026, 11, 1, 21, 0, 0);
	const swConfig = (keys = [SECRET_SW]): ReceiveConfig => ({
		...config(),
		hubSignature: undefined,
		standardWebhooks: { keys: keys.map((k) => parseSecret(k)), toleranceSeconds: 300 },
		now: () => NOW,
	});
	const swRequest = (body = BODY, { secret = SECRET_SW, at = NOW, id = 'msg_1' } = {}): ReceiveRequest => ({
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			authorization: basic('u', 'p'),
			'webhook-id': id,
			'webhook-timestamp': String(Math.floor(at / 1000)),
			'webhook-signature': new Webhook(secret).sign(id, new Date(at), body),
		},
		rawBody: Buffer.from(body),
	});

	test.each([
		['signed now', swRequest(), 200, 'accepted'],
		['signed 5 minutes ago (the tolerance)', swRequest(BODY, { at: NOW - 300_000 }), 200, 'accepted'],
		['signed 5 minutes and 1 second ago', swRequest(BODY, { at: NOW - 301_000 }), 401, 'badSignature'],
		['signed 10 minutes in the future', swRequest(BODY, { at: NOW + 600_000 }), 401, 'badSignature'],
		['signed with another secret', swRequest(BODY, { secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64') }), 401, 'badSignature'],
		['signed with the previous secret', swRequest(BODY, { secret: PREVIOUS_SW }), 401, 'badSignature'],
		['an empty POST test call, signed', swRequest(''), 200, 'testCall'],
	] as const)('%s → %i %s', (_name, r, status, outcome) => {
		const result = receive(r, swConfig());
		expect([result.status, result.outcome]).toEqual([status, outcome]);
		if (status !== 200) expect(result.events).toEqual([]);
	});

	test('with the previous secret configured (rotation), its signature passes', () => {
		expect(receive(swRequest(BODY, { secret: PREVIOUS_SW }), swConfig([SECRET_SW, PREVIOUS_SW])).status).toBe(200);
	});

	test('an unsigned request (no webhook-* headers), even an empty POST, → 401 naming the missing headers', () => {
		const r = swRequest('');
		for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) delete r.headers[name];
		const result = receive(r, swConfig());
		expect([result.status, result.body.message]).toEqual([401, expect.stringMatching(/webhook-id, webhook-timestamp or webhook-signature header is missing/)]);
	});

	test('a body changed after signing → 401; the answer names no secret', () => {
		const r = swRequest();
		r.rawBody = Buffer.from(BODY.replace('hi', 'ho'));
		const result = receive(r, swConfig());
		expect(result.status).toBe(401);
		expect(JSON.stringify(result)).not.toContain(SECRET_SW.slice(6));
	});

	test('too old says replay protection', () => {
		expect(receive(swRequest(BODY, { at: NOW - 3_600_000 }), swConfig()).body.message).toMatch(/older than the tolerance allows \(replay protection\)/);
	});
});
