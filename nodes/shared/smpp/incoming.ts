import { normalizeEvent } from '../events';

/** What SMPP needs from an incoming message. */
export interface IncomingMessage {
	/** The original sender (the platform's `oa`): the submit_sm's source address. */
	from: string;
	/** The number it was sent to (the platform's `da`): the submit_sm's destination, when the message names it. */
	to?: string;
	text: string;
	channel?: string;
}

/** The one channel SMPP carries: SMPP 3.4 moves short messages, so only SMS maps onto a bind. */
export const SMPP_CHANNEL = 'sms';

/**
 * The SMS incoming message an item carries, or undefined for anything else (receipts, call events,
 * other JSON). Uses the package's one event model, so every payload shape the trigger understands
 * counts, the platform's own SMS incoming message (`Channel`, `oa`, `da`, `message`) among them. Only
 * the SMS channel goes to SMPP: an ESME bind delivers short messages to handsets, and a
 * WhatsApp, RCS or In-App message (or one that names no channel) is posted over HTTPS like the rest.
 * An SMS without a sender or a text cannot go over SMPP either and is posted too.
 */
export function incomingMessageOf(json: unknown): IncomingMessage | undefined {
	const events = normalizeEvent(json);
	if (events.length !== 1) return undefined;
	const [event] = events;
	if (event.kind !== 'incomingMessage' || event.channel !== SMPP_CHANNEL) return undefined;
	if (typeof event.from !== 'string' || event.from.trim() === '' || typeof event.text !== 'string') return undefined;
	const to = typeof event.to === 'string' && event.to.trim() !== '' ? event.to : undefined;
	return { from: event.from, text: event.text, channel: event.channel, ...(to === undefined ? {} : { to }) };
}
