import { normalizeEvent } from '../events';

/** What SMPP needs from an incoming message. */
export interface IncomingMessage {
	/** The original sender: the submit_sm's source address. */
	from: string;
	text: string;
	channel?: string;
}

/**
 * The incoming message an item carries, or undefined for anything else (receipts, call events,
 * other JSON). Uses the package's one event model, so every payload shape the trigger understands
 * counts. An incoming message without a sender or a text (e.g. a picture) cannot go over SMPP and
 * counts as "anything else": it is posted over HTTPS like the rest.
 */
export function incomingMessageOf(json: unknown): IncomingMessage | undefined {
	const events = normalizeEvent(json);
	if (events.length !== 1) return undefined;
	const [event] = events;
	if (event.kind !== 'incomingMessage') return undefined;
	if (typeof event.from !== 'string' || event.from.trim() === '' || typeof event.text !== 'string') return undefined;
	return { from: event.from, text: event.text, ...(event.channel ? { channel: event.channel } : {}) };
}
