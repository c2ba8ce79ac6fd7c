import { bodyDigest } from '../../../nodes/shared/delivery/delivery-id';
import { readReplay } from '../../../nodes/shared/delivery/replay';

const payload = { kind: 'incomingMessage', text: 'héllo ✓', n: 1 };
const body = Buffer.from(JSON.stringify(payload));

/** A Failed item as the node emits it (one valid fixture; each test breaks one thing). */
const failed = () => ({
	status: 'failed',
	deliveryId: '0b7e5a52-3c1f-8d2a-9e4b-1f2a3b4c5d6e',
	statusCode: 503,
	attempts: [
		{ attempt: 1, startedAt: '2026-12-01T12:00:00.000Z', durationMs: 12, statusCode: 503 },
		{ attempt: 2, startedAt: '2026-12-01T12:01:00.000Z', durationMs: 9, errorCode: 'CONNECTION_REFUSED', message: 'refused' },
	],
	error: { code: 'RETRIES_EXHAUSTED', message: 'Not delivered after 2 attempts' },
	url: 'https://example.com/hook',
	entity: { type: 'service', id: 'svc' },
	payload,
	bodySha256: bodyDigest(body),
	retryable: true,
	nextAttemptAt: '2026-12-01T12:06:00.000Z',
	extendedAttempts: 0,
});

describe('readReplay', () => {
	test('a Failed item is a replay: same bytes, same id, attempts kept, due at nextAttemptAt', () => {
		const replay = readReplay(failed())!;
		expect(replay.body.equals(body)).toBe(true);
		expect(replay.deliveryId).toBe(failed().deliveryId);
		expect(replay.attempts.map((a) => a.attempt)).toEqual([1, 2]);
		expect(replay.scheduled).toBe(true);
		expect(replay.notBefore).toBe(Date.parse('2026-12-01T12:06:00.000Z'));
	});

	test('survives a JSON round trip (a database that keeps the JSON)', () => {
		const replay = readReplay(JSON.parse(JSON.stringify(failed())))!;
		expect(replay.body.equals(body)).toBe(true);
	});

	test('a string body replays as the same text', () => {
		const text = 'plain ✓ text';
		const replay = readReplay({ ...failed(), payload: text, bodySha256: bodyDigest(Buffer.from(text)) })!;
		expect(replay.body.toString()).toBe(text);
	});

	test('retryable false (or absent) is a replay by hand: not scheduled, no time to wait for', () => {
		const { nextAttemptAt: _n, ...rest } = failed();
		for (const item of [{ ...rest, retryable: false }, (({ retryable: _r, ...r }) => r)(rest)]) {
			const replay = readReplay(item)!;
			expect(replay.scheduled).toBe(false);
			expect(replay.notBefore).toBeUndefined();
		}
	});

	test('a tampered or partial Failed item is not a replay (and never throws)', () => {
		const broken: Array<[string, unknown]> = [
			['payload edited', { ...failed(), payload: { ...payload, n: 2 } }],
			['payload missing', (({ payload: _p, ...r }) => r)(failed())],
			['digest missing', (({ bodySha256: _b, ...r }) => r)(failed())],
			['digest not hex', { ...failed(), bodySha256: 'zz' }],
			['delivery id with CRLF', { ...failed(), deliveryId: 'id\r\nx-injected: 1' }],
			['delivery id empty', { ...failed(), deliveryId: '' }],
			['delivery id missing', (({ deliveryId: _d, ...r }) => r)(failed())],
			['attempts not a list', { ...failed(), attempts: 'many' }],
			['attempt numbers going back', { ...failed(), attempts: [failed().attempts[1], failed().attempts[0]] }],
			['attempt number 0', { ...failed(), attempts: [{ ...failed().attempts[0], attempt: 0 }] }],
			['retryable without nextAttemptAt', (({ nextAttemptAt: _n, ...r }) => r)(failed())],
			['nextAttemptAt not a time', { ...failed(), nextAttemptAt: 'tomorrow' }],
			['status delivered', { ...failed(), status: 'delivered' }],
			['extendedAttempts negative', { ...failed(), extendedAttempts: -1 }],
			['null', null],
			['a string', 'failed'],
			['an array', [failed()]],
		];
		for (const [what, item] of broken) expect([what, readReplay(item)]).toEqual([what, undefined]);
	});

	test('ordinary items are turned away before the schema (no status failed + digest)', () => {
		expect(readReplay({ status: 'failed' })).toBeUndefined();
		expect(readReplay({ order: 1 })).toBeUndefined();
	});
});
