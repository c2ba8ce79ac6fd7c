import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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
