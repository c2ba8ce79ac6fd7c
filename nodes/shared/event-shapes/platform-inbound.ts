import type { ChannelEvent, ChannelEventReply } from '../event-model';
import { attachmentsOf, isMessageParts, locationOf, replyOf } from './platform-content';
import { customerEventType, platformEventKind } from './platform-events';
import { address, channelOf, lowerKeys, parseJsonString, presentId, presentText, withoutUndefined } from './fields';

/**
 * The platform's incoming messages and customer events: a flat object, one per notification, as its
 * API Reference and help pages publish them per channel, e.g.
 *   SMS        { "Channel": "SMS", "oa": "<customer>", "da": "<number>", "message": "...", "tid", "ts" }
 *   Messenger  { "channel": "Facebook", "event": "MO", "appId", "psid": "<customer>", "message",
 *                "attachments": "<JSON string>", "tid", "ts" }
 *   WhatsApp   { "channel": "WhatsApp", "event": "MO" | "postback" | "list" | "reply", "appId", "waid", ... }
 *   RCS        { "channel": "rcs", "event": "MO" | "ATTACHMENT" | "Location" | "SUBSCRIBE", "appId", "msisdn", ... }
 *   In-App     { "channel": "Rtm", "event": "MO" | "OnPostback" | "TypingIndicator" | "OnProfileCreate",
 *                "appId", "userId": "<customer>", "thread": "<JSON string>", "tid", "ts" }
 * `event` says what happened (absent on SMS and MMS: an incoming message); platform-events.ts maps
 * it to a kind. Keys are read case-insensitively, empty strings are absent. Nested data the platform
 * sends as JSON strings (`attachments`, `location`, `thread`, `contacts`, `postback`, `interactiveData`)
 * is parsed into the event; a string that does not parse stays a string; `raw` keeps the element.
 */

/** Keys only this shape has (the package's own generic shape uses from / to / text / transactionId). */
const MARKERS = ['oa', 'da', 'psid', 'waid', 'igsid', 'abcuserid', 'tid', 'userid'] as const;

/** The customer, per channel: the first of these the notification carries (In-App: userId). */
const SENDER_FIELDS = ['oa', 'psid', 'waid', 'igsid', 'abcuserid', 'msisdn', 'userid', 'from'] as const;

/** Nested JSON strings kept in the event under their own name, parsed. */
const PARSED_FIELDS = ['thread', 'contacts'] as const;

const text = presentText;
const id = presentId;

/**
 * An address field: a string, or the first of a list (Email's `to`: `["a@b.tld"]`, also as a JSON
 * string); the brackets some pages put around an address (`[sender@domain.tld]`) removed.
 */
function addressField(value: unknown): string | undefined {
	const parsed = parseJsonString(value);
	const first = Array.isArray(parsed) ? parsed.find((item) => id(item) !== undefined) : parsed;
	const found = id(first);
	return found === undefined ? undefined : address(found.trim().replace(/^\[(.*)\]$|^<(.*)>$/, '$1$2'));
}

/** Whether the element is this shape: it has a key only the platform's notifications have. */
export function isPlatformInbound(view: Record<string, unknown>): boolean {
	return MARKERS.some((key) => view[key] !== undefined);
}

const withoutUndefinedReply = (reply: ChannelEventReply | undefined): ChannelEventReply | undefined =>
	reply && (Object.fromEntries(Object.entries(reply).filter(([, value]) => value !== undefined)) as ChannelEventReply);

/** The event, or undefined when the element is not this shape. */
export function fromPlatformInbound(element: Record<string, unknown>): ChannelEvent[] | undefined {
	const view = lowerKeys(element);
	if (!isPlatformInbound(view)) return undefined;

	const eventName = id(view.event);
	const message = parseJsonString(view.message);
	const attachments = attachmentsOf(view, message);
	const hasAttachments = typeof attachments === 'string' || attachments.length > 0;
	const location = locationOf(view, attachments);
	const reply = withoutUndefinedReply(replyOf(eventName, view, attachments));
	// Email puts the text in `textMessage` (and the HTML in `htmlMessage`, kept in `raw`). Apple
	// Messages puts U+FFFC (object replacement) where an attachment goes: not text.
	// What the customer wrote is the `message` as sent unless it is the MMS list of parts: a text that
	// happens to be JSON (`[1]`, `{}`) or a number (`12345`) is still the text.
	const written = isMessageParts(message) ? undefined : view.message;
	const body = text(typeof written === 'string' ? written.replace(/\uFFFC/g, '') : typeof written === 'number' ? written : view.textmessage);
	const hasContent = body !== undefined || hasAttachments || location !== undefined || reply !== undefined;
	const kind = eventName === undefined ? 'incomingMessage' : platformEventKind(eventName, hasContent);
	const isMessage = kind === 'incomingMessage';

	const number = address(id(view.da));
	const appId = id(view.appid);
	const serviceId = id(view.serviceid);
	const entity =
		number !== undefined ? { type: 'phoneNumber', id: number } : appId !== undefined ? { type: 'app', id: appId } : serviceId !== undefined ? { type: 'service', id: serviceId } : undefined;

	const event: ChannelEvent = {
		kind,
		eventType: isMessage ? undefined : customerEventType(eventName ?? '', view.type),
		channel: channelOf(id(view.channel) ?? id(view.message_source)),
		entity,
		from: SENDER_FIELDS.map((key) => addressField(view[key])).find((value) => value !== undefined),
		// The number or address it was sent to; the app when the notification names no address.
		to: number ?? addressField(view.to) ?? appId,
		// What the customer wrote; a typing indicator's "Typing Start" is a label, not a message.
		text: isMessage ? body : undefined,
		messageId: id(view.messageid) ?? id(view.mid),
		transactionId: id(view.tid) ?? id(view.transid),
		correlationId: id(view.correlationid),
		callbackData: text(view.callbackdata),
		timestamp: id(view.ts) ?? id(view.timestamp) ?? id(view.datetime),
		attachments: hasAttachments ? attachments : undefined,
		location: isMessage ? location : undefined,
		reply: isMessage ? reply : undefined,
		raw: element,
	};
	for (const field of PARSED_FIELDS) {
		const parsed = parseJsonString(view[field]);
		if (parsed !== undefined && !(Array.isArray(parsed) && parsed.length === 0)) event[field] = parsed;
	}
	return [withoutUndefined(event)];
}
