import { z } from 'zod';

import { looseKey } from '../catalog';
import type { ChannelEvent, ChannelEventKind } from '../event-model';
import { address, channelOf, entityOf, optionalScalar, optionalString, scalar, statusOf, withoutUndefined } from './fields';

/**
 * This package's own generic shape (README, "Channel Event Trigger reference"; no platform page
 * shows it: it is what a sender other than the platform can post):
 *   { "event": "incomingMessage" | "incomingCall" | "callEvent" | "deliveryReceipt" | "customerEvent", "channel",
 *     "status", "from", "to", "text" (or "message": "..." / { "text": "..." }), "messageId",
 *     "transactionId", "correlationId", "code", "description", "timestamp",
 *     "entity": { "type", "id" } (or "serviceId" / "appId" / "phoneNumber") }
 * Every field is optional and common spellings are accepted, so any object parses.
 */
const entitySchema = z
	.object({ type: z.string().optional(), id: scalar })
	.transform(({ type, id }) => (type === undefined ? { id } : { type, id }));

export const genericSchema = z
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
		callbackData: optionalScalar,
		code: optionalScalar,
		description: optionalString,
		Description: optionalString,
		timestamp: optionalScalar,
	})
	.passthrough();

type Generic = z.infer<typeof genericSchema>;

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
	customerevent: 'customerEvent',
	deliveryreceipt: 'deliveryReceipt',
	deliveryreport: 'deliveryReceipt',
	deliverystatus: 'deliveryReceipt',
	receipt: 'deliveryReceipt',
	dlr: 'deliveryReceipt',
	status: 'deliveryReceipt',
};

function kindOf(generic: Generic, text: string | undefined): ChannelEventKind {
	for (const name of [generic.event, generic.eventType, generic.type]) {
		if (name === undefined) continue;
		const kind = KIND_ALIASES[looseKey(name)];
		if (kind) return kind;
	}
	if (generic.status !== undefined || generic.deliveryStatus !== undefined) return 'deliveryReceipt';
	if (text !== undefined) return 'incomingMessage';
	return 'unknown';
}

/** Reads any object; what it does not recognise gives `kind: 'unknown'`. */
export function fromGeneric(element: Record<string, unknown>): ChannelEvent[] {
	const parsed = genericSchema.safeParse(element);
	if (!parsed.success) return [{ kind: 'unknown', raw: element }];
	const generic = parsed.data;
	const text = generic.text ?? (typeof generic.message === 'string' ? generic.message : generic.message?.text);
	const channel = channelOf(generic.channel);
	const kind = kindOf(generic, text);
	// A customer event names what happened in `eventType` (the kind in `event`).
	const eventType = kind === 'customerEvent' && generic.eventType !== undefined && KIND_ALIASES[looseKey(generic.eventType)] === undefined ? generic.eventType : undefined;
	return [
		withoutUndefined({
			kind,
			eventType,
			channel,
			status: statusOf(channel, generic.status ?? generic.deliveryStatus),
			entity: generic.entity ?? entityOf(generic),
			from: address(generic.from),
			to: address(generic.to),
			text,
			messageId: generic.messageId,
			transactionId: generic.transactionId ?? generic.transid,
			correlationId: generic.correlationId ?? generic.correlationid,
			callbackData: generic.callbackData === '' ? undefined : generic.callbackData,
			code: generic.code,
			description: generic.description ?? generic.Description,
			timestamp: generic.timestamp,
			raw: element,
		}),
	];
}
