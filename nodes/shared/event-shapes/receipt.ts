import { z } from 'zod';

import { statusForCode } from '../catalog';
import type { ChannelEvent } from '../event-model';
import { address, channelOf, entityOf, isRecord, lowerKeys, optionalString, present, statusOf, withoutUndefined } from './fields';

/**
 * The platform's delivery receipt, as its API Reference publishes it for every channel
 * (developers.webexconnect.io/reference/<channel>-outbound-webhooks):
 *   { "deliveryInfoNotification": {
 *       "deliveryInfo": { "deliveryStatus": "Delivered", "deliveryChannel": "SMS", "destination": "...",
 *                         "destinationType": "msisdn", "code": "7500", "Description": "Delivered",
 *                         "timeStamp": "2022-10-10T13:53:13.749+01:00", ... },
 *       "transid": "...", "subtid": "", "correlationid": "", "callbackData": "" },
 *     "deliveryTransInfo": "..." }            (voice: the call's data, kept in `raw`)
 * The transaction id, correlation id and callback data sit beside `deliveryInfo` on most pages and
 * inside it on some (the In-App Clicked receipt): both places are read, `deliveryInfo` first.
 * Keys are read case-insensitively (`timeStamp`, `Description`). `deliveryInfo` may also be an array
 * (one event per entry). Empty strings mean "none" and give absent fields; all else stays in `raw`.
 */
const ids = {
	transid: present,
	tid: present,
	correlationid: present,
	callbackdata: present,
	messageid: present,
	msgid: present,
};

const deliveryInfoSchema = z
	.object({
		deliverystatus: z.string(),
		deliverychannel: optionalString,
		channel: optionalString,
		destination: present,
		address: present,
		sender: present,
		senderaddress: present,
		code: present,
		description: present,
		serviceid: present,
		appid: present,
		timestamp: present,
		deliveredtime: present,
		datetime: present,
		...ids,
	})
	.passthrough();

type DeliveryInfo = z.infer<typeof deliveryInfoSchema>;

const notificationSchema = z.object({ transid: present, correlationid: present, callbackdata: present, messageid: present }).passthrough();

const lowerInfo = (value: unknown): unknown => (isRecord(value) ? lowerKeys(value) : value);

function fromDeliveryInfo(info: DeliveryInfo, outer: z.infer<typeof notificationSchema>, raw: unknown): ChannelEvent {
	const channel = channelOf(info.deliverychannel ?? info.channel);
	return withoutUndefined({
		kind: 'deliveryReceipt',
		channel,
		status: statusForCode(channel, statusOf(channel, info.deliverystatus), info.code),
		entity: entityOf({ serviceId: info.serviceid, appId: info.appid }),
		from: address(info.senderaddress ?? info.sender),
		to: address(info.destination ?? info.address),
		messageId: info.messageid ?? info.msgid ?? outer.messageid,
		transactionId: info.transid ?? outer.transid ?? info.tid,
		correlationId: info.correlationid ?? outer.correlationid,
		callbackData: info.callbackdata ?? outer.callbackdata,
		code: info.code,
		description: info.description,
		timestamp: info.timestamp ?? info.deliveredtime ?? info.datetime,
		raw,
	});
}

/** The receipt's events, or undefined when the element is not a receipt. */
export function fromReceipt(element: Record<string, unknown>): ChannelEvent[] | undefined {
	const notification = lowerKeys(element).deliveryinfonotification;
	if (!isRecord(notification)) return undefined;
	const outerView = lowerKeys(notification);
	const rawInfo = outerView.deliveryinfo;
	const infos = z.array(deliveryInfoSchema).safeParse(Array.isArray(rawInfo) ? rawInfo.map(lowerInfo) : [lowerInfo(rawInfo)]);
	if (!infos.success) return undefined;
	const outer = notificationSchema.parse(outerView);
	return infos.data.map((info) => fromDeliveryInfo(info, outer, element));
}
