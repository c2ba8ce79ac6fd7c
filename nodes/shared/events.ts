import { z } from 'zod';

import { resolveChannelId, resolveStatusId, looseKey, type EntityType } from './catalog';

/**
 * One event model for every payload shape a sender posts, so a workflow reads `kind`, `channel`,
 * `status`, `from`, `to`, `text` the same way whatever the sender. The spec warns that payloads
 * "vary for each message type, each event type, and each channel" and grow over time, so:
 * - nothing here throws on any JSON value; what is not understood becomes `kind: 'unknown'`;
 * - `raw` carries the original element untouched, with every field the sender sent;
 * - an unknown channel keeps the sender's value in `channel`, an unknown status in `status`.
 *
 * Shapes understood (see `docs` below each schema):
 * 1. the platform's delivery receipt: `{ deliveryInfoNotification: { deliveryInfo: {...} } }`;
 * 2. an event this package already normalised (what the Outbound Webhook node posts when it relays
 *    the trigger's items): it normalises to itself;
 * 3. the OneAPI incoming message: `{ inboundSMSMessageNotification: { inboundSMSMessage: {...} } }`;
 * 4. the generic shape: `{ event, channel, status, from, to, text, ... }` (documented in the README).
 * A body that is a JSON array is a batch: one event per element.
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

/** Ids, codes and numbers arrive as strings or numbers; the model holds strings. */
const scalar = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));
const optionalScalar = scalar.optional().catch(undefined);
const optionalString = z.string().optional().catch(undefined);

const entitySchema = z
	.object({ type: z.string().optional(), id: scalar })
	.transform(({ type, id }): ChannelEventEntity => (type === undefined ? { id } : { type, id }));

// ---------------------------------------------------------------------------------------------
// Shape 2: an already normalised event (kind + raw present).
const normalisedEventSchema = z
	.object({
		kind: z.enum(EVENT_MODEL_KINDS),
		channel: z.string().optional(),
		status: z.string().optional(),
		entity: z.object({ type: z.string().optional(), id: z.string() }).passthrough().optional(),
		from: z.string().optional(),
		to: z.string().optional(),
		text: z.string().optional(),
		messageId: z.string().optional(),
		transactionId: z.string().optional(),
		correlationId: z.string().optional(),
		code: z.string().optional(),
		description: z.string().optional(),
		timestamp: z.string().optional(),
		raw: z.unknown(),
	})
	.passthrough();

// ---------------------------------------------------------------------------------------------
// Shape 1: the platform's delivery receipt.
//   { "deliveryInfoNotification": { "deliveryInfo": { "deliveryStatus": "Delivered",
//     "deliveryChannel": "sms", "destination": "447700900123", "code": "6000",
//     "Description": "Delivered", "transid": "...", "correlationid": "...", "serviceid": "..." } } }
const deliveryInfoSchema = z
	.object({
		deliveryStatus: z.string(),
		deliveryChannel: optionalString,
		channel: optionalString,
		destination: optionalScalar,
		address: optionalScalar,
		sender: optionalScalar,
		senderAddress: optionalScalar,
		code: optionalScalar,
		Description: optionalString,
		description: optionalString,
		transid: optionalScalar,
		tid: optionalScalar,
		correlationid: optionalScalar,
		correlationId: optionalScalar,
		messageId: optionalScalar,
		msgid: optionalScalar,
		serviceid: optionalScalar,
		serviceId: optionalScalar,
		appid: optionalScalar,
		appId: optionalScalar,
		timestamp: optionalScalar,
		deliveredTime: optionalScalar,
		dateTime: optionalScalar,
	})
	.passthrough();

const receiptSchema = z.object({
	deliveryInfoNotification: z
		.object({ deliveryInfo: z.union([deliveryInfoSchema, z.array(deliveryInfoSchema)]) })
		.passthrough(),
});

// ---------------------------------------------------------------------------------------------
// Shape 3: the OneAPI (GSMA) incoming message.
const inboundSmsSchema = z.object({
	inboundSMSMessageNotification: z
		.object({
			inboundSMSMessage: z
				.object({
					senderAddress: optionalScalar,
					destinationAddress: optionalScalar,
					message: optionalString,
					messageId: optionalScalar,
					dateTime: optionalScalar,
				})
				.passthrough(),
		})
		.passthrough(),
});

// ---------------------------------------------------------------------------------------------
// Shape 4: the generic shape. Every field optional; aliases accepted for the common spellings.
const genericSchema = z
	.object({
		event: optionalString,
		eventType: optionalString,
		type: optionalString,
		channel: optionalString,
		status: optionalString,
		deliveryStatus: optionalString,
		entity: entitySchema.optional().catch(undefined),
		serviceId: optionalScalar,
		appId: optionalScalar,
		phoneNumber: optionalScalar,
		from: optionalScalar,
		to: optionalScalar,
		text: optionalString,
		message: z.union([z.string(), z.object({ text: optionalString }).passthrough()]).optional().catch(undefined),
		messageId: optionalScalar,
		transactionId: optionalScalar,
		transid: optionalScalar,
		correlationId: optionalScalar,
		correlationid: optionalScalar,
		code: optionalScalar,
		description: optionalString,
		Description: optionalString,
		timestamp: optionalScalar,
	})
	.passthrough();

/** Kind names senders use, keyed by `looseKey`. */
const KIND_ALIASES: Record<string, Exclude<ChannelEventKind, 'unknown'>> = {
	incomingmessage: 'incomingMessage',
	inboundmessage: 'incomingMessage',
	message: 'incomingMessage',
	mo: 'incomingMessage',
	incomingcall: 'incomingCall',
	inboundcall: 'incomingCall',
	call: 'incomingCall',
	callevent: 'callEvent',
	callevents: 'callEvent',
	callstatus: 'callEvent',
	deliveryreceipt: 'deliveryReceipt',
	deliveryreport: 'deliveryReceipt',
	deliverystatus: 'deliveryReceipt',
	receipt: 'deliveryReceipt',
	dlr: 'deliveryReceipt',
	status: 'deliveryReceipt',
};

const withoutUndefined = (event: ChannelEvent): ChannelEvent =>
	Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as ChannelEvent;

/** `tel:+447700900123` → `+447700900123`; addresses otherwise as sent. */
const address = (value: string | undefined): string | undefined => value?.replace(/^tel:/i, '');

function channelOf(value: string | undefined): string | undefined {
	if (value === undefined || value === '') return undefined;
	return resolveChannelId(value) ?? value;
}

function statusOf(channel: string | undefined, value: string | undefined): string | undefined {
	if (value === undefined || value === '') return undefined;
	return resolveStatusId(channel, value) ?? value;
}

function entityOf(fields: { serviceId?: string; appId?: string; phoneNumber?: string }): ChannelEventEntity | undefined {
	if (fields.serviceId !== undefined) return { type: 'service', id: fields.serviceId };
	if (fields.appId !== undefined) return { type: 'app', id: fields.appId };
	if (fields.phoneNumber !== undefined) return { type: 'phoneNumber', id: fields.phoneNumber };
	return undefined;
}

function fromDeliveryInfo(info: z.infer<typeof deliveryInfoSchema>, raw: unknown): ChannelEvent {
	const channel = channelOf(info.deliveryChannel ?? info.channel);
	return withoutUndefined({
		kind: 'deliveryReceipt',
		channel,
		status: statusOf(channel, info.deliveryStatus),
		entity: entityOf({ serviceId: info.serviceId ?? info.serviceid, appId: info.appId ?? info.appid }),
		from: address(info.senderAddress ?? info.sender),
		to: address(info.destination ?? info.address),
		messageId: info.messageId ?? info.msgid,
		transactionId: info.transid ?? info.tid,
		correlationId: info.correlationid ?? info.correlationId,
		code: info.code,
		description: info.Description ?? info.description,
		timestamp: info.timestamp ?? info.deliveredTime ?? info.dateTime,
		raw,
	});
}

function kindOf(generic: z.infer<typeof genericSchema>, text: string | undefined): ChannelEventKind {
	for (const name of [generic.event, generic.eventType, generic.type]) {
		if (name === undefined) continue;
		const kind = KIND_ALIASES[looseKey(name)];
		if (kind) return kind;
	}
	if (generic.status !== undefined || generic.deliveryStatus !== undefined) return 'deliveryReceipt';
	if (text !== undefined) return 'incomingMessage';
	return 'unknown';
}

function fromGeneric(generic: z.infer<typeof genericSchema>, raw: unknown): ChannelEvent {
	const text = generic.text ?? (typeof generic.message === 'string' ? generic.message : generic.message?.text);
	const channel = channelOf(generic.channel);
	return withoutUndefined({
		kind: kindOf(generic, text),
		channel,
		status: statusOf(channel, generic.status ?? generic.deliveryStatus),
		entity: generic.entity ?? entityOf(generic),
		from: address(generic.from),
		to: address(generic.to),
		text,
		messageId: generic.messageId,
		transactionId: generic.transactionId ?? generic.transid,
		correlationId: generic.correlationId ?? generic.correlationid,
		code: generic.code,
		description: generic.description ?? generic.Description,
		timestamp: generic.timestamp,
		raw,
	});
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Normalises one element of a body (never an array). */
function normalizeOne(element: unknown): ChannelEvent[] {
	if (!isRecord(element)) return [{ kind: 'unknown', raw: element }];

	if ('kind' in element && 'raw' in element) {
		const own = normalisedEventSchema.safeParse(element);
		if (own.success) return [{ ...element } as ChannelEvent];
	}

	const receipt = receiptSchema.safeParse(element);
	if (receipt.success) {
		const info = receipt.data.deliveryInfoNotification.deliveryInfo;
		return (Array.isArray(info) ? info : [info]).map((one) => fromDeliveryInfo(one, element));
	}

	const inbound = inboundSmsSchema.safeParse(element);
	if (inbound.success) {
		const message = inbound.data.inboundSMSMessageNotification.inboundSMSMessage;
		return [
			withoutUndefined({
				kind: 'incomingMessage',
				channel: 'sms',
				from: address(message.senderAddress),
				to: address(message.destinationAddress),
				text: message.message,
				messageId: message.messageId,
				timestamp: message.dateTime,
				raw: element,
			}),
		];
	}

	const generic = genericSchema.safeParse(element);
	// The generic schema accepts any object (every field is optional and falls back on a bad value).
	return [generic.success ? fromGeneric(generic.data, element) : { kind: 'unknown', raw: element }];
}

/**
 * Turns a parsed JSON body into normalised events: one per element of a batch (a JSON array), one
 * for any other body. Never throws. `normalizeEvent(e)` of a normalised event `e` is `[e]`.
 */
export function normalizeEvent(payload: unknown): ChannelEvent[] {
	return Array.isArray(payload) ? payload.flatMap(normalizeOne) : normalizeOne(payload);
}

export { normalisedEventSchema, receiptSchema, genericSchema, inboundSmsSchema };
