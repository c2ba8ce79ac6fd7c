import type { ChannelEventAttachment, ChannelEventLocation, ChannelEventReply } from '../event-model';
import { isRecord, parseJsonString } from './fields';
import { replyTypeOf } from './platform-events';

/**
 * What an incoming message carries besides text, read from the platform's fields (JSON strings or
 * objects alike): attachments, a shared location, the customer's reply to a postback, quick reply or
 * list picker. Nothing here throws; a value of an unexpected shape is left out (it stays in `raw`).
 */

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * One attachment: `type` lower case, `url` from wherever the channel puts it (Messenger
 * `payload.url`, MMS `file`, others `url` / `mediaUrl`), and the rest of what was sent.
 */
function attachmentOf(item: unknown): ChannelEventAttachment | undefined {
	if (typeof item === 'string') return item.trim() === '' ? undefined : { url: item };
	if (!isRecord(item)) return undefined;
	const payload = isRecord(item.payload) ? item.payload : {};
	const url = str(payload.url) ?? str(item.url) ?? str(item.file) ?? str(item.mediaUrl) ?? str(item.link);
	const type = str(item.type) ?? str(item.contentType) ?? str(item.mimeType);
	const out: ChannelEventAttachment = { ...item };
	if (type !== undefined) out.type = type.toLowerCase();
	if (url !== undefined) out.url = url;
	return out;
}

/**
 * Attachments from the `attachments` field, or from an MMS `message` that is a list of parts
 * (`[{"file": "<url>"}, ...]`). Returns [] when there are none, or the original string when
 * `attachments` is a string that does not parse as JSON (kept, never an error).
 */
export function attachmentsOf(field: unknown, message: unknown): ChannelEventAttachment[] | string {
	const parsed = parseJsonString(field);
	if (typeof parsed === 'string') return parsed;
	const list = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : [];
	const fromMessage = Array.isArray(message) && message.every((part) => isRecord(part) && (str(part.file) ?? str(part.url))) ? message : [];
	return [...list, ...fromMessage].map(attachmentOf).filter((a): a is ChannelEventAttachment => a !== undefined);
}

const coordinate = (value: unknown): number | undefined => {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

function locationFrom(value: unknown): ChannelEventLocation | undefined {
	const parsed = parseJsonString(value);
	if (!isRecord(parsed)) return undefined;
	const inner = isRecord(parsed.coordinates) ? parsed.coordinates : parsed;
	const latitude = coordinate(inner.latitude ?? inner.lat);
	const longitude = coordinate(inner.longitude ?? inner.long ?? inner.lng ?? inner.lon);
	if (latitude === undefined || longitude === undefined) return undefined;
	return { ...parsed, latitude, longitude };
}

/** A location: the `location` field, or a Messenger attachment of type location (`payload.coordinates`). */
export function locationOf(view: Record<string, unknown>, attachments: ChannelEventAttachment[] | string): ChannelEventLocation | undefined {
	const direct = locationFrom(view.location);
	if (direct) return direct;
	if (typeof attachments === 'string') return undefined;
	for (const attachment of attachments) {
		if (attachment.type !== 'location') continue;
		const found = locationFrom(isRecord(attachment.payload) ? attachment.payload : attachment);
		if (found) return found;
	}
	return undefined;
}

/** Field names that carry the customer's choice, per reply type. */
const REPLY_FIELDS: ReadonlyArray<[field: string, type: string]> = [
	['postback', 'postback'],
	['quickreply', 'quickReply'],
	['quickreplies', 'quickReply'],
	['listpicker', 'listPicker'],
	['interactivedata', 'button'],
	['button', 'button'],
];

/**
 * The customer's choice: `{ type, payload, title }` plus what else was sent. The type comes from the
 * event name (`OnPostback`) or, without one, from the field that carries the choice.
 */
export function replyOf(eventName: string | undefined, view: Record<string, unknown>): ChannelEventReply | undefined {
	const byEvent = replyTypeOf(eventName);
	for (const [field, type] of REPLY_FIELDS) {
		if (view[field] === undefined) continue;
		const parsed = parseJsonString(view[field]);
		if (parsed === undefined) continue;
		const first = Array.isArray(parsed) ? parsed[0] : parsed;
		const body: Record<string, unknown> = isRecord(first) ? { ...first } : { payload: first };
		const reply: ChannelEventReply = { ...body, type: byEvent ?? type };
		const title = str(body.title) ?? str(body.text);
		if (title !== undefined) reply.title = title;
		return reply;
	}
	return byEvent === undefined ? undefined : { type: byEvent };
}
