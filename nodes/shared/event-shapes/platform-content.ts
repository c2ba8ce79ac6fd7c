import type { ChannelEventAttachment, ChannelEventLocation, ChannelEventReply } from '../event-model';
import { camelCase, isRecord, lowerKeys, parseJsonString } from './fields';
import { replyTypeOfEvent } from './platform-events';

/**
 * What an incoming message carries besides text, read from the platform's fields (JSON strings or
 * objects alike, keys lower case): attachments, a shared location, the customer's reply to a
 * postback, quick reply, list or reply button, a form's answers. Nothing here throws; a value of an
 * unexpected shape is left out of the event (it stays in `raw`).
 */

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** Media kinds an attachment names by a key of its own (WhatsApp's `{"sticker": {...}, "url"}`). */
const MEDIA_KEYS = ['sticker', 'image', 'video', 'audio', 'document'] as const;

/** `image/jpeg` → image; video and audio alike; any other MIME type is a file. */
function typeOfMime(mime: string | undefined): string | undefined {
	if (mime === undefined) return undefined;
	const major = mime.split('/')[0].trim().toLowerCase();
	return major === 'image' || major === 'video' || major === 'audio' ? major : 'file';
}

/**
 * One attachment: `type` lower case (the item's `type`, else the media key it holds, else its MIME
 * type's kind), `url` from wherever the channel puts it (Messenger and RCS `payload.url`, MMS
 * `file`, WhatsApp `url`), and the rest of what was sent.
 */
function attachmentOf(item: unknown): ChannelEventAttachment | undefined {
	if (typeof item === 'string') return item.trim() === '' ? undefined : { url: item };
	if (!isRecord(item)) return undefined;
	// Keys read whatever their case (`URL`, `Type`, `contentType`); the item is kept as sent.
	const view = lowerKeys(item);
	const payload = isRecord(view.payload) ? lowerKeys(view.payload) : {};
	const url = str(payload.url) ?? str(view.url) ?? str(view.file) ?? str(view.mediaurl) ?? str(view.link);
	const media = MEDIA_KEYS.find((key) => isRecord(view[key]));
	const type =
		str(view.type)?.trim().toLowerCase() ??
		(media === 'document' ? 'file' : media) ??
		typeOfMime(str(view.mime_type) ?? str(view.mimetype) ?? str(view.contenttype));
	const out: ChannelEventAttachment = { ...item };
	if (type !== undefined) out.type = type;
	if (url !== undefined) out.url = url.trim();
	return out;
}

/** An MMS `message` parsed: a list of parts that each name a file (`[{"file": "<url>"}, ...]`). */
export function isMessageParts(message: unknown): message is Record<string, unknown>[] {
	return Array.isArray(message) && message.every((part) => isRecord(part) && (str(lowerKeys(part).file) ?? str(lowerKeys(part).url)) !== undefined);
}

/**
 * Attachments from `attachments` (Instagram: `attachment`), or from an MMS `message` that is a list of
 * parts (`[{"file": "<url>"}, ...]`). [] when there are none; the original string when the field
 * is a string that does not parse as JSON (kept, never an error).
 */
export function attachmentsOf(view: Record<string, unknown>, message: unknown): ChannelEventAttachment[] | string {
	const parsed = parseJsonString(view.attachments ?? view.attachment);
	if (typeof parsed === 'string') return parsed;
	const list = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : [];
	const fromMessage = isMessageParts(message) ? message : [];
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

/**
 * A shared location, numbers in `latitude` / `longitude`: the `location` field (WhatsApp, a JSON
 * string with string coordinates), the notification's own `latitude` / `longitude` (RCS), or a
 * Messenger attachment of type location (`payload.coordinates.lat` / `long`).
 */
export function locationOf(view: Record<string, unknown>, attachments: ChannelEventAttachment[] | string): ChannelEventLocation | undefined {
	const direct = locationFrom(view.location);
	if (direct) return direct;
	if (view.latitude !== undefined && view.longitude !== undefined) {
		const latitude = coordinate(view.latitude);
		const longitude = coordinate(view.longitude);
		if (latitude !== undefined && longitude !== undefined) return { latitude, longitude };
	}
	if (typeof attachments === 'string') return undefined;
	for (const attachment of attachments) {
		if (attachment.type !== 'location') continue;
		const found = locationFrom(isRecord(attachment.payload) ? attachment.payload : attachment);
		if (found) return found;
	}
	return undefined;
}

const withTitle = (reply: ChannelEventReply, title: unknown): ChannelEventReply => {
	const text = str(title);
	return text === undefined ? reply : { ...reply, title: text };
};

/** In-App `interactiveData.type`: `quickReplyPostback` → quickReply, `templatePostback` → postback. */
function interactiveType(type: unknown, fallback: string): string {
	const name = str(type);
	if (name === undefined) return fallback;
	const bare = name.trim().replace(/postback$/i, '');
	const base = replyTypeOfEvent(bare) ?? camelCase(bare);
	return base === '' || base === 'template' ? 'postback' : base;
}

/** `{"payload": "1232"}` → "1232"; any other value as it is. */
const payloadOf = (value: unknown): unknown => (isRecord(value) && 'payload' in value ? value.payload : value);

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

type ReplyReader = (view: Record<string, unknown>, byEvent: string | undefined, attachments: ChannelEventAttachment[] | string) => ChannelEventReply | undefined;

/**
 * One reader per field a channel puts the customer's choice in, tried in order; each returns
 * `{ type, payload, title }` or undefined when its field is absent.
 */
const READERS: ReplyReader[] = [
	// In-App: {"identifier", "type": "quickReplyPostback" | "templatePostback", "title"}.
	(view, byEvent) => {
		const data = parseJsonString(view.interactivedata);
		if (!isRecord(data)) return undefined;
		return withTitle({ ...data, type: interactiveType(data.type, byEvent ?? 'button'), payload: data.identifier ?? data.payload }, data.title);
	},
	// Instagram: quickReplyPayload {"payload"}; Apple: quickreplies {"selectedIdentifier", "items", "selectedIndex"}.
	(view) => {
		const quick = parseJsonString(view.quickreplypayload ?? view.quickreplies ?? view.quickreply);
		if (quick === undefined) return undefined;
		if (isRecord(quick) && quick.selectedIdentifier !== undefined) {
			const items = Array.isArray(quick.items) ? quick.items.filter(isRecord) : [];
			const chosen = items.find((item) => item.identifier === quick.selectedIdentifier) ?? items[Number(quick.selectedIndex)];
			return withTitle({ type: 'quickReply', payload: quick.selectedIdentifier }, chosen?.title);
		}
		return withTitle({ type: 'quickReply', payload: payloadOf(quick) }, view.title);
	},
	// Apple list picker: {"selectedItems": [{"identifier", "title"}], "otherItems"}.
	(view) => {
		const list = parseJsonString(view.listpicker);
		if (!isRecord(list)) return undefined;
		const chosen = first(list.selectedItems);
		return withTitle({ type: 'listPicker', payload: isRecord(chosen) ? chosen.identifier : undefined }, isRecord(chosen) ? chosen.title : undefined);
	},
	// Apple time picker: {"title", "timeslots": [the chosen slot]}.
	(view) => {
		const picker = parseJsonString(view.datepicker);
		if (!isRecord(picker)) return undefined;
		return withTitle({ type: 'timePicker', payload: picker.timeslots }, picker.title);
	},
	// WhatsApp list message: listRowIdentifier / listRowTitle / listRowDescription.
	(view) => {
		if (view.listrowidentifier === undefined && view.listrowtitle === undefined) return undefined;
		const reply: ChannelEventReply = { type: 'listPicker', payload: view.listrowidentifier };
		if (str(view.listrowdescription)) reply.description = view.listrowdescription;
		return withTitle(reply, view.listrowtitle);
	},
	// WhatsApp reply button: replyButtonIdentifier / replyButtonTitle.
	(view) =>
		view.replybuttonidentifier === undefined && view.replybuttontitle === undefined
			? undefined
			: withTitle({ type: 'button', payload: view.replybuttonidentifier }, view.replybuttontitle),
	// WhatsApp template button (event postback): buttonPayload / buttonText.
	(view, byEvent) =>
		view.buttonpayload === undefined && view.buttontext === undefined
			? undefined
			: withTitle({ type: byEvent ?? 'button', payload: view.buttonpayload }, view.buttontext),
	// Messenger {"payload"} and RCS "Yes": postback.
	(view, byEvent) => {
		const postback = parseJsonString(view.postback);
		if (postback === undefined) return undefined;
		const reply: ChannelEventReply = { ...(isRecord(postback) ? postback : {}), type: byEvent ?? 'postback', payload: payloadOf(postback) };
		return withTitle(reply, isRecord(postback) ? postback.title : undefined);
	},
	// Apple invitation: {"notification": {"id": "yes", "displayContent": {"determinateResponse": {"title"}}}}.
	(view) => {
		const invitation = parseJsonString(view.invitationresponse);
		if (!isRecord(invitation) || !isRecord(invitation.notification)) return undefined;
		const notification = invitation.notification;
		const content = isRecord(notification.displayContent) && isRecord(notification.displayContent.determinateResponse) ? notification.displayContent.determinateResponse : {};
		return withTitle({ type: 'invitation', payload: notification.id }, content.title);
	},
	// Apple form: formResponse {"selections"}; In-App form: the attachment of templateType form.
	(view, byEvent, attachments) => {
		const form = parseJsonString(view.formresponse);
		if (isRecord(form)) return { type: 'form', payload: form.selections ?? form };
		if (byEvent !== 'form' || !Array.isArray(attachments)) return undefined;
		const template = attachments.find((a) => a.templateType === 'form');
		const payload = isRecord(template?.payload) ? template.payload : {};
		return withTitle({ type: 'form', payload: payload.fields }, payload.title);
	},
	// Apple authentication and Apple Pay: the status the customer's device answered.
	(view, byEvent) => (byEvent === 'authentication' && str(view.authenticatestatus) ? { type: byEvent, payload: view.authenticatestatus } : undefined),
	(view, byEvent) => (byEvent === 'payment' && str(view.paymentstatus) ? { type: byEvent, payload: view.paymentstatus } : undefined),
];

/**
 * The customer's choice, `{ type, payload, title }` and what else the field held, from the field
 * each channel uses (see READERS); the type comes from the field, else from the event name
 * (`OnPostback`, `list`, `reply`, `AuthenticationResponse`, ...). A reply-type event whose field is
 * missing still gives `{ type }`.
 */
export function replyOf(eventName: string | undefined, view: Record<string, unknown>, attachments: ChannelEventAttachment[] | string): ChannelEventReply | undefined {
	const byEvent = replyTypeOfEvent(eventName);
	for (const read of READERS) {
		const reply = read(view, byEvent, attachments);
		if (reply) return reply;
	}
	return byEvent === undefined ? undefined : { type: byEvent };
}
