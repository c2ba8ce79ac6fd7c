import { bodyDigest } from '../../../nodes/shared/delivery/delivery-id';
import { readReplay, REPLAY_MARK_FIELD, replayKeyFrom, replayMark } from '../../../nodes/shared/delivery/replay';

const KEY = replayKeyFrom('signing', 'replay-test-secret');
/** The item with the mark the node would give it (over its own fields, under KEY). */
function marked<T extends { deliveryId: string; bodySha256: string; attempts: Array<{ attempt: number }> }>(item: T): T {
	return { ...item, [REPLAY_MARK_FIELD]: replayMark(KEY, { ...item, attempts: item.attempts.map((a) => a.attempt) } as never) };
}
const readWithKey = (json: unknown) => readReplay(json, KEY);

const payload = { kind: 'incomingMessage', text: 'héllo ✓', n: 1 };
const body = Buffer.from(JSON.stringify(payload));

/** A Failed item as the node emits it (one valid fixture; each test breaks one thing). */
const failed = () => marked({
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
} as { deliveryId: string; bodySha256: string; attempts: Array<{ attempt: number; startedAt: string; durationMs: number; statusCode?: number; errorCode?: string; message?: string }>; [key: string]: unknown });

describe('readReplay', () => {
	test('a Failed item is a replay: same bytes, same id, attempts kept, due at nextAttemptAt', () => {
		const replay = readWithKey(failed())!;
		expect(replay.body.equals(body)).toBe(true);
		expect(replay.deliveryId).toBe(failed().deliveryId);
		expect(replay.attempts.map((a) => a.attempt)).toEqual([1, 2]);
		expect(replay.scheduled).toBe(true);
		expect(replay.notBefore).toBe(Date.parse('2026-12-01T12:06:00.000Z'));
	});

	test('survives a JSON round trip (a database that keeps the JSON)', () => {
		const replay = readWithKey(JSON.parse(JSON.stringify(failed())))!;
		expect(replay.body.equals(body)).toBe(true);
	});

	test('a string body replays as the same text', () => {
		const text = 'plain ✓ text';
		const replay = readWithKey(marked({ ...failed(), payload: text, bodySha256: bodyDigest(Buffer.from(text)) }))!;
		expect(replay.body.toString()).toBe(text);
	});

	test('retryable false (or absent) is a replay by hand: not scheduled, no time to wait for', () => {
		const { nextAttemptAt: _n, ...rest } = failed();
		for (const item of [marked({ ...rest, retryable: false }), marked((({ retryable: _r, ...r }) => r)(rest))]) {
			const replay = readWithKey(item)!;
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
		for (const [what, item] of broken) expect([what, readWithKey(item)]).toEqual([what, undefined]);
	});

	test('ordinary items are turned away before the schema (no status failed + digest)', () => {
		expect(readWithKey({ status: 'failed' })).toBeUndefined();
		expect(readWithKey({ order: 1 })).toBeUndefined();
	});

	/**
	 * The replay mark (replay.ts): bodySha256 is a plain SHA-256 anyone can compute, so before the
	 * mark any item shaped like a Failed item was a replay, a stranger's included.
	 */
	test('an item shaped like a Failed item with a correct bodySha256 but no mark is not a replay (a stranger can compute SHA-256)', () => {
		const { [REPLAY_MARK_FIELD]: _mark, ...forged } = failed();
		expect(forged.bodySha256).toBe(bodyDigest(body));
		expect(readWithKey(forged)).toBeUndefined();
	});

	test('a mark made with another key is not a replay; without a key nothing is', () => {
		const other = replayKeyFrom('signing', 'someone-elses-secret');
		const item = { ...failed(), [REPLAY_MARK_FIELD]: replayMark(other, { ...failed(), attempts: [1, 2] } as never) };
		expect(readWithKey(item)).toBeUndefined();
		expect(readReplay(failed(), other)).toBeUndefined();
		expect(readReplay(failed(), undefined)).toBeUndefined();
		expect(readWithKey(failed())).toBeDefined();
	});

	test.each([
		['deliveryId', { deliveryId: 'stranger-chosen-id' }],
		['nextAttemptAt', { nextAttemptAt: '2027-06-01T00:00:00.000Z' }],
		['retryable', { retryable: false }],
		['extendedAttempts', { extendedAttempts: 3 }],
		['attempt numbers', { attempts: [{ attempt: 7, startedAt: '2026-12-01T12:00:00.000Z', durationMs: 1 }] }],
		['mark not hex', { [REPLAY_MARK_FIELD]: 'v1.zz' }],
	])('a marked item with %s changed is not a replay', (_field, change) => {
		expect(readWithKey({ ...failed(), ...change })).toBeUndefined();
	});
});
