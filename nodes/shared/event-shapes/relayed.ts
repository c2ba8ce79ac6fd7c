import { z } from 'zod';

import { EVENT_MODEL_KINDS, type ChannelEvent } from '../event-model';

/**
 * An event this package already normalised: what the Outbound Webhook node posts when it relays
 * the trigger's items. It has `kind` and `raw`, and normalises to itself (extra fields kept).
 */
export const normalisedEventSchema = z
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

/** The event itself, or undefined when the element is not a normalised event. */
export function fromRelayed(element: Record<string, unknown>): ChannelEvent[] | undefined {
	if (!('kind' in element && 'raw' in element)) return undefined;
	return normalisedEventSchema.safeParse(element).success ? [{ ...element } as ChannelEvent] : undefined;
}
