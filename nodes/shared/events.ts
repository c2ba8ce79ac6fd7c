import type { ChannelEvent } from './event-model';
import { fromGeneric } from './event-shapes/generic';
import { fromOneApiInbound } from './event-shapes/oneapi';
import { fromPlatformCall } from './event-shapes/platform-call';
import { fromPlatformInbound } from './event-shapes/platform-inbound';
import { fromReceipt } from './event-shapes/receipt';
import { isRecord } from './event-shapes/fields';
import { fromRelayed } from './event-shapes/relayed';

/**
 * One event model for every payload shape a sender posts, so a workflow reads `kind`, `channel`,
 * `status`, `from`, `to`, `text` the same way whatever the sender. The spec warns that payloads
 * "vary for each message type, each event type, and each channel" and grow over time, so:
 * - nothing here throws on any JSON value; what is not understood becomes `kind: 'unknown'`;
 * - `raw` carries the original element untouched, with every field the sender sent;
 * - an unknown channel keeps the sender's value in `channel`, an unknown status in `status`.
 *
 * Shapes, tried in this order (one file each in event-shapes/):
 * 1. an event this package already normalised (relayed.ts): it normalises to itself;
 * 2. the platform's delivery receipt `deliveryInfoNotification` (receipt.ts);
 * 3. the platform's incoming messages and customer events, flat objects with `oa` / `da`, `psid`,
 *    `userId`, `tid`, `event` (platform-inbound.ts);
 * 4. the platform's incoming call notification of a number's callback URL, `callerId` /
 *    `dialedNumber` / `sessionId` (platform-call.ts);
 * 5. the OneAPI incoming SMS `inboundSMSMessageNotification` (oneapi.ts);
 * 6. this package's own generic shape (generic.ts; no platform page shows it), which reads any object.
 * A body that is a JSON array is a batch: one event per element.
 */
export { EVENT_MODEL_KINDS, type ChannelEvent, type ChannelEventEntity, type ChannelEventKind } from './event-model';


function normalizeOne(element: unknown): ChannelEvent[] {
	if (!isRecord(element)) return [{ kind: 'unknown', raw: element }];
	return (
		fromRelayed(element) ??
		fromReceipt(element) ??
		fromPlatformInbound(element) ??
		fromPlatformCall(element) ??
		fromOneApiInbound(element) ??
		fromGeneric(element)
	);
}

/**
 * Turns a parsed JSON body into normalised events: one per element of a batch (a JSON array), one
 * for any other body. Never throws. `normalizeEvent(e)` of a normalised event `e` is `[e]`.
 */
export function normalizeEvent(payload: unknown): ChannelEvent[] {
	return Array.isArray(payload) ? payload.flatMap(normalizeOne) : normalizeOne(payload);
}
