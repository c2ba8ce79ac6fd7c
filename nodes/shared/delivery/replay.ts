import { z } from 'zod';

import { bodyDigest } from './delivery-id';
import { REPLAY_MARK_FIELD, verifyReplayMark } from './replay-mark';
import { encodeBody } from './notification';
import type { AttemptRecord } from '../outcome';

/**
 * A replay: an item the Outbound Webhook node put on its Failed output, fed back into an Outbound
 * Webhook node (directly, after a Wait or a Loop, or after a database round trip that keeps its
 * JSON). It is sent again as the original request: the same body bytes (so the same signature), the
 * same delivery id, the attempt number continuing. Anything that does not check out (a missing or
 * edited field, a payload whose bytes no longer match `bodySha256`, a replay mark that is missing or
 * not made with this node's key: replay-mark.ts) is not a replay: the node treats it as a new item,
 * as it treats every other item.
 */

/** Header values may not carry CR, LF or NUL (RFC 9110 §5.5); a delivery id goes into a header. */
const HEADER_SAFE = /^[^\r\n\0]+$/;
const MAX_ATTEMPTS = 10_000;

const attemptSchema = z.object({
	attempt: z.number().int().min(1),
	startedAt: z.string(),
	durationMs: z.number().min(0),
	statusCode: z.number().int().optional(),
	errorCode: z.string().optional(),
	message: z.string().optional(),
});

const failedItemSchema = z
	.object({
		status: z.literal('failed'),
		deliveryId: z.string().min(1).max(1000).regex(HEADER_SAFE),
		bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
		payload: z.unknown().refine((value) => value !== undefined, 'payload is missing'),
		attempts: z.array(attemptSchema).max(MAX_ATTEMPTS),
		retryable: z.boolean().optional(),
		nextAttemptAt: z.string().datetime({ offset: true }).optional(),
		extendedAttempts: z.number().int().min(0).optional(),
	})
	.refine((item) => !item.retryable || item.nextAttemptAt !== undefined, 'a retryable item needs nextAttemptAt')
	.refine((item) => item.attempts.every((a, i) => i === 0 || a.attempt > item.attempts[i - 1].attempt), 'attempt numbers must increase');

export interface Replay {
	deliveryId: string;
	/** The exact bytes sent before. */
	body: Buffer;
	payload: unknown;
	/** Attempts so far; the next one is numbered after the last. */
	attempts: AttemptRecord[];
	/** A step of the extended schedule (one attempt, not before `notBefore`), else a new round of in-run attempts. */
	scheduled: boolean;
	/** Epoch ms of `nextAttemptAt`. */
	notBefore?: number;
	extendedAttempts: number;
}

/** Cheap test first, so that ordinary items never reach the schema: shaped like a Failed item. */
export function mayBeReplay(json: unknown): boolean {
	const record = json as Record<string, unknown> | null;
	return !!record && typeof record === 'object' && record.status === 'failed' && typeof record.bodySha256 === 'string';
}

/**
 * The replay an item asks for, or undefined when it is not a (valid, untouched) Failed item marked
 * with `key`. Without a key nothing is a replay.
 */
export function readReplay(json: unknown, key: Buffer | undefined): Replay | undefined {
	if (!key || !mayBeReplay(json)) return undefined;
	const parsed = failedItemSchema.safeParse(json);
	if (!parsed.success) return undefined;
	const item = parsed.data;
	const marked = { ...item, attempts: item.attempts.map((a) => a.attempt) };
	if (!verifyReplayMark(key, (json as Record<string, unknown>)[REPLAY_MARK_FIELD], marked)) return undefined;
	const body = encodeBody(item.payload);
	if (bodyDigest(body) !== item.bodySha256) return undefined;
	const scheduled = item.retryable === true;
	return {
		deliveryId: item.deliveryId,
		body,
		payload: item.payload,
		attempts: item.attempts,
		scheduled,
		notBefore: scheduled ? Date.parse(item.nextAttemptAt!) : undefined,
		extendedAttempts: item.extendedAttempts ?? 0,
	};
}
