import { Webhook } from 'standardwebhooks';

import {
	parseSecret,
	parseSecrets,
	signatureFor,
	standardWebhookHeaders,
	verifyStandardWebhook,
	DEFAULT_TOLERANCE_SECONDS,
} from '../../nodes/shared/standard-webhooks';

/**
 * Known answer from the Standard Webhooks repository (github.com/standard-webhooks/standard-webhooks,
 * commit b2fa7b87): libraries/javascript/src/webhook.test.ts "sign function works", the same vector
 * as libraries/python/tests/test_webhooks.py test_sign_function.
 */
const KAT = {
	secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
	id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
	timestamp: 1614265330,
	payload: '{"test": 2432232314}',
	signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const NOW = KAT.timestamp * 1000;
const key = parseSecret(KAT.secret);
const body = Buffer.from(KAT.payload);
const valid = () => ({ 'webhook-id': KAT.id, 'webhook-timestamp': String(KAT.timestamp), 'webhook-signature': KAT.signature });
const verify = (headers: Record<string, string | undefined>, options: Partial<Parameters<typeof verifyStandardWebhook>[2]> = {}) =>
	verifyStandardWebhook(body, headers, { keys: [key], toleranceSeconds: DEFAULT_TOLERANCE_SECONDS, now: () => NOW, ...options });

describe('Standard Webhooks: the spec repository known answer', () => {
	test('signatureFor(secret, id, timestamp, payload) is the vector', () => {
		expect(signatureFor(key, KAT.id, KAT.timestamp, KAT.payload)).toBe(KAT.signature);
	});

	test('standardWebhookHeaders gives webhook-id, the timestamp in seconds, and the vector', () => {
		expect(standardWebhookHeaders([key], KAT.id, NOW + 999, body)).toEqual(valid());
	});

	test('verify(vector) is ok at the vector time', () => {
		expect(verify(valid())).toEqual({ ok: true });
	});

	test('a secret without whsec_ is the same key (as the reference libraries accept it)', () => {
		expect(parseSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').equals(key)).toBe(true);
	});
});

describe('verifyStandardWebhook: one valid request, one thing broken per test', () => {
	test.each([
		['no webhook-id', { 'webhook-id': undefined }, 'missingHeaders'],
		['no webhook-timestamp', { 'webhook-timestamp': undefined }, 'missingHeaders'],
		['no webhook-signature', { 'webhook-signature': undefined }, 'missingHeaders'],
		['a timestamp that is not a number', { 'webhook-timestamp': 'hello' }, 'invalidTimestamp'],
		['a timestamp in milliseconds', { 'webhook-timestamp': String(NOW) }, 'invalidTimestamp'],
		['a timestamp an hour ahead', { 'webhook-timestamp': String(KAT.timestamp + 3600) }, 'timestampInFuture'],
		['a changed id', { 'webhook-id': 'msg_other' }, 'noMatch'],
		['a signature of another version only (v1a)', { 'webhook-signature': 'v1a,' + KAT.signature.slice(3) }, 'noMatch'],
		['a signature without version', { 'webhook-signature': KAT.signature.slice(3) }, 'noMatch'],
		['a truncated signature', { 'webhook-signature': KAT.signature.slice(0, 20) }, 'noMatch'],
		['a signature that is not base64', { 'webhook-signature': 'v1,not*base64' }, 'noMatch'],
	])('%s → %s', (_name, change, reason) => {
		expect(verify({ ...valid(), ...change })).toEqual({ ok: false, reason });
	});

	test('a changed body → noMatch', () => {
		expect(verifyStandardWebhook(Buffer.from(KAT.payload + ' '), valid(), { keys: [key], toleranceSeconds: 300, now: () => NOW })).toEqual({
			ok: false,
			reason: 'noMatch',
		});
	});

	test('tolerance: exactly 5 minutes old or ahead passes, one second more does not', () => {
		expect(verify(valid(), { now: () => NOW + 300_000 })).toEqual({ ok: true });
		expect(verify(valid(), { now: () => NOW - 300_000 })).toEqual({ ok: true });
		expect(verify(valid(), { now: () => NOW + 301_000 })).toEqual({ ok: false, reason: 'timestampTooOld' });
		expect(verify(valid(), { now: () => NOW - 301_000 })).toEqual({ ok: false, reason: 'timestampInFuture' });
	});

	test('a list of signatures passes when any one matches (rotation), in any position', () => {
		const other = 'v1,' + Buffer.alloc(32, 7).toString('base64');
		expect(verify({ ...valid(), 'webhook-signature': `${other} ${KAT.signature}` })).toEqual({ ok: true });
		expect(verify({ ...valid(), 'webhook-signature': `${KAT.signature} ${other}` })).toEqual({ ok: true });
		expect(verify({ ...valid(), 'webhook-signature': other })).toEqual({ ok: false, reason: 'noMatch' });
	});

	test('any configured key may match (receiver side of a rotation)', () => {
		const newKey = parseSecret('whsec_' + Buffer.alloc(32, 1).toString('base64'));
		expect(verify(valid(), { keys: [newKey, key] })).toEqual({ ok: true });
		expect(verify(valid(), { keys: [newKey] })).toEqual({ ok: false, reason: 'noMatch' });
	});
});

describe('Standard Webhooks against the standardwebhooks npm package (the reference peer)', () => {
	const secret = 'whsec_' + Buffer.from('a rotation-ready secret of 32 bytes!').toString('base64');

	test('what the package signs, our verify accepts (headers from Webhook.sign)', () => {
		const peer = new Webhook(secret);
		const now = Date.UTC(2026, 11, 1, 12);
		const signature = peer.sign('msg_1', new Date(now), '{"a":1}');
		const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(now / 1000), 'webhook-signature': signature };
		expect(verifyStandardWebhook(Buffer.from('{"a":1}'), headers, { keys: [parseSecret(secret)], toleranceSeconds: 300, now: () => now })).toEqual({ ok: true });
	});

	test('what we sign, the package verifies (now), with both rotation signatures', () => {
		const old = 'whsec_' + Buffer.alloc(24, 9).toString('base64');
		const headers = standardWebhookHeaders(parseSecrets([{ value: secret, field: 'Secret' }, { value: old, field: 'Previous Secrets' }]), 'msg_2', Date.now(), Buffer.from('{"b":2}'));
		expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
		expect(new Webhook(secret).verify('{"b":2}', headers)).toEqual({ b: 2 });
		expect(new Webhook(old).verify('{"b":2}', headers)).toEqual({ b: 2 });
	});
});

describe('secrets and ids the scheme refuses', () => {
	test.each([[''], ['whsec_'], ['whsec_***'], ['not base64!']])('parseSecret(%p) → INVALID_CONFIG without echoing the value', (secret) => {
		expect(() => parseSecret(secret)).toThrow(/is not a whsec_ secret/);
		try {
			parseSecret(secret);
		} catch (error) {
			if (secret.length > 6) expect(JSON.stringify({ m: (error as Error).message, e: error })).not.toContain(secret);
		}
	});

	test('parseSecrets splits previous secrets on spaces and lines', () => {
		const a = 'whsec_' + Buffer.alloc(24, 1).toString('base64');
		const b = 'whsec_' + Buffer.alloc(24, 2).toString('base64');
		expect(parseSecrets([{ value: a, field: 'Secret' }, { value: `${b}\n${a} `, field: 'Previous Secrets' }])).toHaveLength(3);
	});

	test.each([['has.dot'], [''], ['with space']])('a webhook-id %p is refused for signing (the spec: no "." in id)', (id) => {
		expect(() => standardWebhookHeaders([key], id, NOW, body)).toThrow(/cannot be used as a Standard Webhooks webhook-id/);
	});
});

/**
 * webhook-timestamp as the reference library (standardwebhooks 1.x, `parseInt(header, 10)`, the
 * signature over the number) reads it: for every header text, our verify accepts exactly what the
 * reference accepts, on the same clock (jest's fake system time). Before, a leading zero or `+` was
 * refused where the reference accepts it.
 */
describe('webhook-timestamp parsed as the reference library parses it', () => {
	const secret = 'whsec_' + Buffer.from('timestamp parity secret, 32 byte').toString('base64');
	const payload = '{"t":1}';
	const nowMs = Date.UTC(2026, 11, 7, 7, 0, 0);
	const nowS = nowMs / 1000;
	beforeAll(() => jest.useFakeTimers({ now: nowMs }));
	afterAll(() => jest.useRealTimers());

	const texts = [
		`${nowS}`,
		`0${nowS}`,
		`00000${nowS}`,
		`+${nowS}`,
		`+0${nowS}`,
		`${nowS}abc`,
		`${nowS}.9`,
		`${nowS} `,
		` ${nowS}`,
		`${nowS - 299}`,
		`${nowS - 301}`,
		`${nowS + 301}`,
		`-${nowS}`,
		'abc',
		'+',
		'0x6a5c',
		'1e3',
		`${'9'.repeat(30)}`,
	];

	test.each(texts)('webhook-timestamp %j: accepted exactly when the reference accepts it', (text) => {
		const peer = new Webhook(secret);
		// What a sender signs: the id, the number the header stands for, the body (the reference's sign()).
		const parsed = Number.parseInt(text, 10);
		const signature = Number.isNaN(parsed) ? 'v1,AAAA' : peer.sign('msg_ts', new Date(parsed * 1000), payload);
		const headers = { 'webhook-id': 'msg_ts', 'webhook-timestamp': text, 'webhook-signature': signature };
		let reference: boolean;
		try {
			peer.verify(payload, headers);
			reference = true;
		} catch {
			reference = false;
		}
		const ours = verifyStandardWebhook(Buffer.from(payload), headers, { keys: [parseSecret(secret)], toleranceSeconds: 300, now: Date.now });
		expect([text, ours.ok]).toEqual([text, reference]);
	});

	test('a leading zero and a + verify over the plain number (the reference accepts both)', () => {
		const signature = new Webhook(secret).sign('msg_ts', new Date(nowMs), payload);
		for (const text of [`0${nowS}`, `+${nowS}`]) {
			expect(verifyStandardWebhook(Buffer.from(payload), { 'webhook-id': 'msg_ts', 'webhook-timestamp': text, 'webhook-signature': signature }, { keys: [parseSecret(secret)], toleranceSeconds: 300, now: Date.now })).toEqual({ ok: true });
		}
	});
});
