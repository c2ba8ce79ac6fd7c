import type { EntityType } from './catalog';

/**
 * The one event model every payload shape is normalised into (see events.ts). Fields the payload
 * does not carry are absent, never `undefined`, so an event survives a JSON round trip unchanged.
 */
export const EVENT_MODEL_KINDS = ['incomingMessage', 'incomingCall', 'callEvent', 'deliveryReceipt', 'customerEvent', 'unknown'] as const;
export type ChannelEventKind = (typeof EVENT_MODEL_KINDS)[number];

export interface ChannelEventEntity {
	type?: EntityType | string;
	id: string;
}

export interface ChannelEventAttachment {
	type?: string;
	url?: string;
	[key: string]: unknown;
}

export interface ChannelEventLocation {
	latitude: number;
	longitude: number;
	[key: string]: unknown;
}

export interface ChannelEventReply {
	/** `postback`, `quickReply`, `listPicker`, `button`, ... */
	type: string;
	payload?: unknown;
	title?: string;
	[key: string]: unknown;
}

export interface ChannelEvent {
	kind: ChannelEventKind;
	/** Catalog channel id (`sms`, `whatsApp`, ...) or the sender's value when the channel is unknown. */
	channel?: string;
	/** Catalog status id (`delivered`, `tromboneRelease`, ...) or the sender's value when unknown. */
	status?: string;
	entity?: ChannelEventEntity;
	from?: string;
	to?: string;
	text?: string;
	messageId?: string;
	transactionId?: string;
	correlationId?: string;
	/** The data the sender attached to the outbound message (`callbackData`); absent when empty. */
	callbackData?: string;
	code?: string;
	description?: string;
	/** The sender's time, as sent (the platform's `timeStamp`, `ts`): never reformatted. */
	timestamp?: string;
	/** customerEvent: what happened, camelCase of the platform's event (`typingStart`, `profileCreated`). */
	eventType?: string;
	/** Media of an incoming message: `type` lower case (`image`, `file`, ...), `url`, and what else the platform sent. */
	attachments?: ChannelEventAttachment[] | string;
	/** A location the customer shared. */
	location?: ChannelEventLocation;
	/** The customer's choice: a postback, quick reply, list-picker answer or button. */
	reply?: ChannelEventReply;
	/** In-App / Live Chat: the conversation the message belongs to (parsed from the platform's JSON string). */
	thread?: unknown;
	/** The original element, exactly as received. */
	raw: unknown;
	/** A relayed event may carry fields a workflow added; they are kept. */
	[key: string]: unknown;
}
