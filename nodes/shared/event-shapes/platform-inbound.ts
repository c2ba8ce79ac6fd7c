import type { ChannelEvent } from '../event-model';
import { customerEventOf, platformEventKind } from './platform-events';
import { attachmentsOf, locationOf, replyOf } from './platform-content';
import { address, camelCase, channelOf, lowerKeys, parseJsonString, present, withoutUndefined } from './fields';

/**
 * The platform's incoming messages and customer events: a flat object, one per notification, as its
 * API Reference and help pages publish them per channel, e.g.
 *   SMS        { "Channel": "SMS", "oa": "<customer>", "da": "<number>", "message": "...", "tid", "ts" }
 *   Messenger  { "channel": "Facebook", "event": "MO", "appId", "psid": "<customer>", "userId", "message",
 *                "attachments": "<JSON string>", "tid", "ts" }
 *   In-App     { "channel": "Rtm", "event": "MO" | "TypingIndicator" | "OnProfileCreate", "appId",
 *                "userId": "<customer>", "thread": "<JSON string>", "tid", "ts" }
 * `event` says what happened (absent on SMS and MMS: an incoming message); platform-events.ts maps
 * it to a kind. Keys are read case-insensitively. Nested data the platform sends as JSON strings
 * (`attachments`, `thread`, `postback`, `quickreplies`, `location`) is parsed into the event; a string
 * that does not parse stays a string; `raw` keeps the element exactly as received.
 */

/** Keys only this shape has (the package's own generic shape uses from / to / text / transactionId). */
const MARKERS = ['oa', 'da', 'psid', 'tid', 'userid'] as const;

/** Who the customer is, per channel: the first of these the notification carries. */
const SENDER_FIELDS = ['oa', 'psid', 'igsid', 'waid', 'msisdn', 'sourceid', 'sender', 'customerid', 'userid', 'from'] as const;

/** Whether the element is this shape. */
export function isPlatformInbound(view: Record<string, unknown>): boolean {
	if (MARKERS.some((key) => view[key] !== undefined)) return true;
	return typeof view.event === 'string' && platformEventKind(view.event, view) !== undefined && view.appid !== undefined;
}

const text = (value: unknown): string | undefined => present.parse(value);

/** The event, or undefined when the element is not this shape. */
export function fromPlatformInbound(element: Record<string, unknown>): ChannelEvent[] | undefined {
	const view = lowerKeys(element);
	if (!isPlatformInbound(view)) return undefined;

	const channel = channelOf(text(view.channel) ?? text(view.message_source));
	const eventName = text(view.event);
	const kind = eventName === undefined ? 'incomingMessage' : (platformEventKind(eventName, view) ?? 'customerEvent');
	const number = address(text(view.da));
	const appId = text(view.appid);
	const serviceId = text(view.serviceid);
	const from = address(SENDER_FIELDS.map((key) => text(view[key])).find((value) => value !== undefined));

	const message = parseJsonString(view.message);
	const attachments = attachmentsOf(view.attachments, message);
	const thread = parseJsonString(view.thread);

	const event: ChannelEvent = {
		kind,
		channel,
		entity: number !== undefined ? { type: 'phoneNumber', id: number } : appId !== undefined ? { type: 'app', id: appId } : serviceId !== undefined ? { type: 'service', id: serviceId } : undefined,
		from,
		to: number ?? appId ?? address(text(view.to)),
		// The text the customer sent; a typing indicator's "Typing Start" is a label, not a message.
		text: kind === 'incomingMessage' && typeof message === 'string' ? text(message) : undefined,
		messageId: text(view.messageid) ?? text(view.mid),
		transactionId: text(view.tid) ?? text(view.transid),
		correlationId: text(view.correlationid),
		callbackData: text(view.callbackdata),
		timestamp: text(view.ts) ?? text(view.timestamp) ?? text(view.datetime),
		attachments: typeof attachments === 'string' || attachments.length > 0 ? attachments : undefined,
		location: locationOf(view, attachments),
		reply: kind === 'incomingMessage' ? replyOf(eventName, view) : undefined,
		thread,
		raw: element,
	};
	if (kind === 'customerEvent') event.eventType = customerEventOf(eventName ?? '', view) ?? camelCase(eventName ?? 'event');
	return [withoutUndefined(event)];
}
