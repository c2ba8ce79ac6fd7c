import { z } from 'zod';

import type { ChannelEvent } from '../event-model';
import { address, channelOf, entityOf, optionalScalar, optionalString, statusOf, withoutUndefined } from './fields';

/**
 * The platform's delivery receipt:
 *   { "deliveryInfoNotification": { "deliveryInfo": { "deliveryStatus": "Delivered",
 *     "deliveryChannel": "sms", "destination": "447700900123", "code": "6000",
 *     "Description": "Delivered", "transid": "...", "correlationid": "...", "serviceid": "..." } } }
 * `deliveryInfo` may also be an array (one event per entry). Other fields stay in `raw`.
 */
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

export const receiptSchema = z.object({
	deliveryInfoNotification: z
		.object({ deliveryInfo: z.union([deliveryInfoSchema, z.array(deliveryInfoSchema)]) })
		.passthrough(),
});

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

/** The receipt's events, or undefined when the element is not a receipt. */
export function fromReceipt(element: Record<string, unknown>): ChannelEvent[] | undefined {
	const parsed = receiptSchema.safeParse(element);
	if (!parsed.success) return undefined;
	const info = parsed.data.deliveryInfoNotification.deliveryInfo;
	return (Array.isArray(info) ? info : [info]).map((one) => fromDeliveryInfo(one, element));
}
