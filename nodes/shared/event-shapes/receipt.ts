import { statusForCode } from '../catalog';
import type { ChannelEvent } from '../event-model';
import { address, channelOf, entityOf, isRecord, lowerKeys, parseJsonString, presentId, presentText, statusOf, withoutUndefined } from './fields';

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

/** The first of the fields with a value (a string or number that is not blank), without spaces around it. */
const first = (record: Record<string, unknown>, ...names: string[]): string | undefined => {
	for (const name of names) {
		const value = presentId(record[name]);
		if (value !== undefined) return value;
	}
	return undefined;
};

/** Callback data as the sender attached it (not trimmed: it is the sender's own text). */
const text = (record: Record<string, unknown>, name: string): string | undefined => presentText(record[name]);

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
		callbackData: text(info, 'callbackdata') ?? text(outer, 'callbackdata'),
		code,
		description: first(info, 'description'),
		timestamp: first(info, 'timestamp', 'deliveredtime', 'datetime'),
		raw,
	});
}

/** One notification's `deliveryInfo` entries (keys lower case), or undefined when it is not a receipt. */
function infosOf(notification: unknown): { outer: Record<string, unknown>; infos: DeliveryInfo[] } | undefined {
	const parsed = parseJsonString(notification);
	if (!isRecord(parsed)) return undefined;
	const outer = lowerKeys(parsed);
	const inner = parseJsonString(outer.deliveryinfo);
	const listed = Array.isArray(inner) ? inner.map(parseJsonString) : [inner];
	const infos = listed.map((info) => (isRecord(info) ? lowerKeys(info) : info));
	if (infos.length === 0 || !infos.every(isDeliveryInfo)) return undefined;
	return { outer, infos };
}

/**
 * The receipt's events, or undefined when the element is not a receipt. `deliveryInfoNotification`
 * may be one notification or a list of them (one event per `deliveryInfo` of each), and a
 * notification or its `deliveryInfo` a JSON string (as the platform sends its other nested data).
 */
export function fromReceipt(element: Record<string, unknown>): ChannelEvent[] | undefined {
	const notification = parseJsonString(lowerKeys(element).deliveryinfonotification);
	const notifications = Array.isArray(notification) ? notification : [notification];
	const read = notifications.map(infosOf);
	if (read.length === 0 || read.some((one) => one === undefined)) return undefined;
	return read.flatMap((one) => one!.infos.map((info) => fromDeliveryInfo(info, one!.outer, element)));
}
