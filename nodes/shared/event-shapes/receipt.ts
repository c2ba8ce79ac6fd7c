import { statusForCode } from '../catalog';
import type { ChannelEvent } from '../event-model';
import { address, channelOf, entityOf, isRecord, lowerKeys, presentText, statusOf, withoutUndefined } from './fields';

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
 * Read by hand, not with a zod schema: this is the trigger's most frequent body, and a schema of
 * optional fields cost several times the rest of its normalisation.
 */

/** One `deliveryInfo` (keys lower case): a receipt has a `deliveryStatus` string. */
type DeliveryInfo = Record<string, unknown> & { deliverystatus: string };

const isDeliveryInfo = (value: unknown): value is DeliveryInfo => isRecord(value) && typeof value.deliverystatus === 'string';

/** The first of the fields with a value (a string or number that is not empty). */
const first = (record: Record<string, unknown>, ...names: string[]): string | undefined => {
	for (const name of names) {
		const value = presentText(record[name]);
		if (value !== undefined) return value;
	}
	return undefined;
};

function fromDeliveryInfo(info: DeliveryInfo, outer: Record<string, unknown>, raw: unknown): ChannelEvent {
	const channel = channelOf(typeof info.deliverychannel === 'string' ? info.deliverychannel : typeof info.channel === 'string' ? info.channel : undefined);
	const code = first(info, 'code');
	return withoutUndefined({
		kind: 'deliveryReceipt',
		channel,
		status: statusForCode(channel, statusOf(channel, info.deliverystatus), code),
		entity: entityOf({ serviceId: first(info, 'serviceid'), appId: first(info, 'appid') }),
		from: address(first(info, 'senderaddress', 'sender')),
		to: address(first(info, 'destination', 'address')),
		messageId: first(info, 'messageid', 'msgid') ?? first(outer, 'messageid'),
		transactionId: first(info, 'transid') ?? first(outer, 'transid') ?? first(info, 'tid'),
		correlationId: first(info, 'correlationid') ?? first(outer, 'correlationid'),
		callbackData: first(info, 'callbackdata') ?? first(outer, 'callbackdata'),
		code,
		description: first(info, 'description'),
		timestamp: first(info, 'timestamp', 'deliveredtime', 'datetime'),
		raw,
	});
}

/** The receipt's events, or undefined when the element is not a receipt. */
export function fromReceipt(element: Record<string, unknown>): ChannelEvent[] | undefined {
	const notification = lowerKeys(element).deliveryinfonotification;
	if (!isRecord(notification)) return undefined;
	const outer = lowerKeys(notification);
	const listed = Array.isArray(outer.deliveryinfo) ? outer.deliveryinfo : [outer.deliveryinfo];
	const infos = listed.map((info) => (isRecord(info) ? lowerKeys(info) : info));
	if (infos.length === 0 || !infos.every(isDeliveryInfo)) return undefined;
	return infos.map((info) => fromDeliveryInfo(info, outer, element));
}
