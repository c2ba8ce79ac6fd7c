import { createHmac } from 'node:crypto';

import { receive, type ReceiveConfig, type ReceiveRequest } from '../../nodes/shared/receive';

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

	test.each([
		['malformed JSON', '{"event": '],
		['empty body', ''],
		['whitespace body', '   \n'],
	])('%s → 400, no run', (_name, body) => {
		const result = receive(request(body), config());
		expect([result.status, result.outcome, result.events.length]).toEqual([400, 'malformedJson', 0]);
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
