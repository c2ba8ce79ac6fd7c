import { failedFields, planItem, type PlanInput } from '../../../nodes/shared/delivery/plan';
import { readReplay, REPLAY_MARK_FIELD, replayKeyFrom, replayMark } from '../../../nodes/shared/delivery/replay';
import type { DeliveryResult } from '../../../nodes/shared/delivery/deliver';
import { bodyDigest } from '../../../nodes/shared/delivery/delivery-id';
import { signBody, type SignOptions } from '../../../nodes/shared/signature';

/**
 * What the node hands the core for one item: the replay it is (unless Body Content is Custom:
 * `replayable` false), else the body Body Content gives, read only for a new item.
 */
const source = (
	json: unknown,
	{
		url = 'https://a.example/hook',
		signing,
		readBody = () => json,
		replayable = true,
		deliveryIdOption = '',
	}: { readBody?: () => unknown; deliveryIdOption?: string; replayable?: boolean; url?: string; signing?: SignOptions } = {},
): PlanInput => {
	const replay = replayable ? readReplay(json, KEY) : undefined;
	return {
		json,
		replay,
		body: replay ? undefined : readBody(),
		deliveryIdOption,
		endpoint: { url, displayUrl: url, headers: {} },
		context: { workflowId: 'wf', nodeId: 'node', signing, replayKey: KEY },
	};
};
const KEY = replayKeyFrom('workflow', Buffer.alloc(32, 7));
/** The item with the mark the node gives a Failed item (over its own fields). */
const marked = <T extends { deliveryId: string; bodySha256: string; attempts: ReadonlyArray<{ attempt: number }> }>(item: T): T => ({
	...item,
	[REPLAY_MARK_FIELD]: replayMark(KEY, { ...item, attempts: item.attempts.map((a) => a.attempt) }),
});
const signing = { secret: 'replay-secret', algorithm: 'sha256' as const };
const schedule = { delaysMs: [120_000, 600_000], maxRetryAfterMs: 300_000 };

function exhausted(planned: ReturnType<typeof planItem>, endedAt: string, retryAfterMs?: number): DeliveryResult {
	const previous = planned.job().previousAttempts ?? [];
	const next = (previous[previous.length - 1]?.attempt ?? 0) + 1;
	return {
		status: 'failed',
		deliveryId: planned.job().deliveryId,
		statusCode: 503,
		attempts: [...previous, { attempt: next, startedAt: endedAt, durationMs: 0, statusCode: 503 }],
		exhausted: { retryAfterMs },
	};
}

describe('planItem and failedFields: a Failed item fed back is the original request again', () => {
	test('a new item: stable id, the Delivery ID option overrides it, the in-run schedule applies', () => {
		const a = planItem(source({ n: 1 }), { maxRetries: 3 });
		expect(a.replay).toBe(false);
		expect(a.job().attemptsThisRun).toBeUndefined();
		expect(planItem(source({ n: 1 }), { maxRetries: 3 }).job().deliveryId).toBe(a.job().deliveryId);
		expect(planItem(source({ n: 1 }, { deliveryIdOption: 'order-1' }), { maxRetries: 3 }).job().deliveryId).toBe('order-1');
	});

	test('Failed → replay → Failed → replay walks the extended schedule with one id and the same bytes', () => {
		const first = planItem(source({ n: 1, text: 'ü' }, { signing }), { maxRetries: 2 });
		const afterRun = failedFields(first, exhausted(first, '2026-12-01T12:00:00.000Z'), schedule);
		expect(afterRun).toEqual({
			bodySha256: bodyDigest(first.job().body),
			retryable: true,
			nextAttemptAt: '2026-12-01T12:02:00.000Z',
			extendedAttempts: 0,
		});
		const failedItem = marked({ status: 'failed', deliveryId: first.job().deliveryId, attempts: exhausted(first, '2026-12-01T12:00:00.000Z').attempts, payload: { n: 1, text: 'ü' }, ...afterRun });

		// Replayed by another node with another URL and secret: its URL and signing apply.
		const otherSigning = { secret: 'other-secret', algorithm: 'sha512' as const };
		const step1 = planItem(source(JSON.parse(JSON.stringify(failedItem)), { url: 'https://b.example/x', signing: otherSigning, readBody: () => 'never' }), { maxRetries: 2 });
		expect(step1.replay).toBe(true);
		expect(step1.job().body.equals(first.job().body)).toBe(true);
		expect(step1.job().deliveryId).toBe(first.job().deliveryId);
		expect(step1.job().url).toBe('https://b.example/x');
		expect(step1.job().headers['x-hub-signature']).toBe(signBody(first.job().body, otherSigning));
		expect(step1.job().attemptsThisRun).toBe(1);
		expect(step1.job().notBefore).toBe(Date.parse('2026-12-01T12:02:00.000Z'));

		const afterStep1 = failedFields(step1, exhausted(step1, '2026-12-01T12:02:00.000Z'), schedule);
		expect(afterStep1).toMatchObject({ retryable: true, nextAttemptAt: '2026-12-01T12:12:00.000Z', extendedAttempts: 1 });
		const step2 = planItem(source(marked({ ...failedItem, attempts: exhausted(step1, '2026-12-01T12:02:00.000Z').attempts, ...afterStep1 })), { maxRetries: 2 });
		expect(step2.job().previousAttempts!.map((a) => a.attempt)).toEqual([1, 2]);
		const afterStep2 = failedFields(step2, exhausted(step2, '2026-12-01T12:12:00.000Z'), schedule);
		expect(afterStep2).toEqual({ bodySha256: afterRun.bodySha256, retryable: false, extendedAttempts: 2 });
	});

	test('a no-retry answer ends the schedule at once', () => {
		const planned = planItem(source({ n: 1 }), { maxRetries: 2 });
		const rejected: DeliveryResult = { status: 'failed', deliveryId: planned.job().deliveryId, statusCode: 400, attempts: [{ attempt: 1, startedAt: '2026-12-01T12:00:00.000Z', durationMs: 1, statusCode: 400 }] };
		expect(failedFields(planned, rejected, schedule)).toMatchObject({ retryable: false, extendedAttempts: 0 });
	});

	test('a Retry-After longer than the delay moves nextAttemptAt', () => {
		const planned = planItem(source({ n: 1 }), { maxRetries: 0 });
		expect(failedFields(planned, exhausted(planned, '2026-12-01T12:00:00.000Z', 240_000), schedule).nextAttemptAt).toBe('2026-12-01T12:04:00.000Z');
	});

	test('a replay by hand (retryable false) gets a full in-run round, numbering continued', () => {
		const planned = planItem(source({ n: 1 }), { maxRetries: 2 });
		const item = marked({
			status: 'failed',
			deliveryId: planned.job().deliveryId,
			attempts: [{ attempt: 1, startedAt: '2026-12-01T12:00:00.000Z', durationMs: 1, statusCode: 400 }],
			payload: { n: 1 },
			bodySha256: planned.digest(),
			retryable: false,
		});
		const replay = planItem(source(item), { maxRetries: 2 });
		expect(replay.job().attemptsThisRun).toBe(3);
		expect(replay.job().notBefore).toBeUndefined();
		expect(replay.job().previousAttempts).toHaveLength(1);
	});

	test('a tampered Failed item is a new item: its JSON is the body, under a new id', () => {
		const planned = planItem(source({ n: 1 }), { maxRetries: 2 });
		const tampered = { status: 'failed', deliveryId: planned.job().deliveryId, attempts: [], payload: { n: 2 }, bodySha256: planned.digest() };
		const next = planItem(source(tampered), { maxRetries: 2 });
		expect(next.replay).toBe(false);
		expect(JSON.parse(next.job().body.toString())).toEqual(tampered);
		expect(next.job().deliveryId).not.toBe(planned.job().deliveryId);
	});

	test('failedFields marks what the Failed item shows; the mark makes it a replay, and only where the body is the item', () => {
		const planned = planItem(source({ n: 1 }), { maxRetries: 0 });
		const result = exhausted(planned, '2026-12-01T12:00:00.000Z');
		const fields = failedFields(planned, result, schedule, { key: KEY, deliveryId: result.deliveryId, attempts: result.attempts });
		expect(fields.replayMark).toMatch(/^v1\.[0-9a-f]{64}$/);
		const failedItem = { status: 'failed', deliveryId: result.deliveryId, attempts: result.attempts, payload: { n: 1 }, ...fields };
		expect(planItem(source(JSON.parse(JSON.stringify(failedItem))), { maxRetries: 0 }).replay).toBe(true);
		// Body Content: Custom: the same item is a new item, its body the custom one.
		const custom = planItem(source(failedItem, { readBody: () => ({ custom: true }), replayable: false }), { maxRetries: 0 });
		expect(custom.replay).toBe(false);
		expect(JSON.parse(custom.job().body.toString())).toEqual({ custom: true });
		// Without a key no mark is written.
		expect(failedFields(planned, result, schedule, { key: undefined, deliveryId: result.deliveryId, attempts: result.attempts })).not.toHaveProperty('replayMark');
	});
});
