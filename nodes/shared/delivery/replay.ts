import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { z } from 'zod';

import { bodyDigest } from './delivery-id';
import { encodeBody } from './notification';
import type { AttemptRecord } from '../outcome';

/**
 * A replay: an item the Outbound Webhook node put on its Failed output, fed back into an Outbound
 * Webhook node (directly, after a Wait or a Loop, or after a database round trip that keeps its
 * JSON). It is sent again as the original request: the same body bytes (so the same signature), the
 * same delivery id, the attempt number continuing. Anything that does not check out (a missing or
 * edited field, a payload whose bytes no longer match `bodySha256`, a replay mark (below) that is
 * missing or not made with this node's key) is not a replay: the node treats it as a new item, as it
 * treats every other item.
 */

/**
 * The replay mark: what makes a Failed item fed back into an Outbound Webhook node a replay (the
 * same bytes, the same delivery id, the schedule going on), instead of a new item.
 *
 * `bodySha256` alone proved nothing: it is a plain SHA-256 anyone can compute, so any item shaped
 * like a Failed item (a stranger's POST relayed by a Channel Event Trigger, a row an API returned)
 * was replayed, and the node signed the stranger's bytes with the user's secret under the stranger's
 * delivery id. The mark is an HMAC-SHA256 (RFC 2104) over the fields a replay trusts, keyed with a
 * key a stranger cannot know:
 *
 * - signing on: a key derived from the signing secret (the hub secret, or the current Standard
 *   Webhooks key). Whoever could forge a mark could also sign any bytes themselves, so a mark gives
 *   them nothing more. A replay is honoured by every node signing with the same secret (another
 *   workflow after a database round trip included); after a secret rotation, older Failed items are
 *   no longer replays.
 * - signing off, with an authorization credential: a key derived from the credential's data (its
 *   password, key or client secret; OAuth token data left out, it changes on every renewal).
 * - neither: a random 256-bit key kept in the workflow's static data, created on first use. It
 *   lives as long as the workflow's static data (n8n saves it for production executions; a manual
 *   run starts from the saved data and does not save a new key), and it is the workflow's own.
 *
 * A stranger who sees Failed items (e.g. in a receiver's logs) can copy a real one, which replays
 * that one delivery again, unchanged; they cannot change its payload, id, attempts or schedule, nor
 * make up a new one. An item without a valid mark (a Failed item from a version before the mark, or
 * from a node with another secret or credential) is not a replay: it is a new item, as an edited
 * Failed item always was; the node logs a warning naming how many.
 */

/** The Failed item's field holding the mark. */
export const REPLAY_MARK_FIELD = 'replayMark';

/** The top-level fields that make an item a candidate replay; the trigger never emits them. */
export const REPLAY_FIELDS: readonly string[] = ['bodySha256', REPLAY_MARK_FIELD];

/** Domain separation: a mark is never an HMAC of anything else under the same secret. */
const KEY_LABEL = 'n8n-nodes-outbound-webhooks replay mark v1';
const MARK = /^v1\.[0-9a-f]{64}$/;

/** The mark's key, derived from secret material (a signing secret, a credential's data). */
export function replayKeyFrom(kind: 'signing' | 'credential' | 'workflow', material: string | Buffer): Buffer {
	return createHmac('sha256', material).update(`${KEY_LABEL} ${kind}`).digest();
}

/** A new random key for a workflow without any secret (kept in its static data, base64). */
export const newWorkflowReplayKey = (): string => randomBytes(32).toString('base64');

/** What the mark covers: everything a replay takes from the Failed item except the payload's bytes (covered by bodySha256). */
export interface MarkedFields {
	deliveryId: string;
	bodySha256: string;
	/** The numbers of the attempts so far. */
	attempts: readonly number[];
	retryable?: boolean;
	nextAttemptAt?: string;
	extendedAttempts?: number;
}

function digest(key: Buffer, fields: MarkedFields): Buffer {
	const content = JSON.stringify(['v1', fields.deliveryId, fields.bodySha256, fields.attempts, fields.retryable === true, fields.nextAttemptAt ?? null, fields.extendedAttempts ?? 0]);
	return createHmac('sha256', key).update(content).digest();
}

export function replayMark(key: Buffer, fields: MarkedFields): string {
	return `v1.${digest(key, fields).toString('hex')}`;
}

/** Whether `mark` is the mark of `fields` under `key` (constant time on equal-length digests). */
export function verifyReplayMark(key: Buffer, mark: unknown, fields: MarkedFields): boolean {
	if (typeof mark !== 'string' || !MARK.test(mark)) return false;
	return timingSafeEqual(Buffer.from(mark.slice(3), 'hex'), digest(key, fields));
}

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
