import type { EntityType } from './catalog';

/**
 * The one event model every payload shape is normalised into (see events.ts). Fields the payload
 * does not carry are absent, never `undefined`, so an event survives a JSON round trip unchanged.
 */
export const EVENT_MODEL_KINDS = ['incomingMessage', 'incomingCall', 'callEvent', 'deliveryReceipt', 'unknown'] as const;
export type ChannelEventKind = (typeof EVENT_MODEL_KINDS)[number];

export interface ChannelEventEntity {
	type?: EntityType | string;
	id: string;
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
	code?: string;
	description?: string;
	timestamp?: string;
	/** The original element, exactly as received. */
	raw: unknown;
	/** A relayed event may carry fields a workflow added; they are kept. */
	[key: string]: unknown;
}
