import type { ChannelEvent } from '../event-model';
import { address, lowerKeys, presentId, statusOf, withoutUndefined } from './fields';

/**
 * The platform's incoming call notification: what a number's "Handle incoming calls via callback
 * URL" setting posts (help.webexconnect.io/docs/phone-numbers; the body on
 * developers.webexconnect.io/reference/sandbox-answer-incoming-calls-to-a-connect-asset-handle-via-events-and-actions):
 *   { "event": "ACCEPTED", "callerId": "+4475…", "dialedNumber": "+4474…",
 *     "offeredTime": "…", "eventTime": "…", "sessionId": "c51e56af-…" }
 * The call offered to the application (`OFFERED`, `ACCEPTED`: it waits for an action such as
 * ANSWER) is an incoming call; any later event of the same session is a call event, its word as the
 * Voice status (`ANSWERED` → answered). The session id is the call's transaction id. Keys are read
 * case-insensitively; all else stays in `raw`.
 */

/** Keys only this shape has: the caller and the number dialled. */
const isCall = (view: Record<string, unknown>): boolean => view.callerid !== undefined && view.dialednumber !== undefined;

/** Events that offer the call to the application (looseKey). */
const OFFERING = new Set(['offered', 'accepted', 'incomingcall', 'ringing']);

/** The event, or undefined when the element is not this shape. */
export function fromPlatformCall(element: Record<string, unknown>): ChannelEvent[] | undefined {
	const view = lowerKeys(element);
	if (!isCall(view)) return undefined;
	const word = presentId(view.event);
	const offered = word === undefined || OFFERING.has(word.toLowerCase().replace(/[^a-z0-9]/g, ''));
	const dialed = address(presentId(view.dialednumber));
	return [
		withoutUndefined({
			kind: offered ? 'incomingCall' : 'callEvent',
			channel: 'voice',
			status: statusOf('voice', word),
			entity: dialed === undefined ? undefined : { type: 'phoneNumber', id: dialed },
			from: address(presentId(view.callerid)),
			to: dialed,
			transactionId: presentId(view.sessionid),
			timestamp: presentId(view.eventtime) ?? presentId(view.offeredtime),
			raw: element,
		}),
	];
}
