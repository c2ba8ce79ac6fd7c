import { z } from 'zod';

import type { ChannelEvent } from '../event-model';
import { address, optionalScalar, optionalString, withoutUndefined } from './fields';

/**
 * The OneAPI (GSMA) incoming SMS notification:
 *   { "inboundSMSMessageNotification": { "inboundSMSMessage": { "senderAddress": "tel:+44...",
 *     "destinationAddress": "...", "message": "...", "messageId": "...", "dateTime": "..." } } }
 */
export const inboundSmsSchema = z.object({
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

/** The incoming message, or undefined when the element is not this shape. */
export function fromOneApiInbound(element: Record<string, unknown>): ChannelEvent[] | undefined {
	const parsed = inboundSmsSchema.safeParse(element);
	if (!parsed.success) return undefined;
	const message = parsed.data.inboundSMSMessageNotification.inboundSMSMessage;
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
