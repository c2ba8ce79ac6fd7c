import { z } from 'zod';

import { resolveChannelId, resolveStatusId } from '../catalog';
import type { ChannelEvent, ChannelEventEntity } from '../event-model';

/** Ids, codes and numbers arrive as strings or numbers; the model holds strings. */
export const scalar = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));
/** Optional fields never fail a shape: a value of the wrong type is treated as absent. */
export const optionalScalar = scalar.optional().catch(undefined);
export const optionalString = z.string().optional().catch(undefined);

export const withoutUndefined = (event: ChannelEvent): ChannelEvent =>
	Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as ChannelEvent;

/** `tel:+447700900123` → `+447700900123`; addresses otherwise as sent. */
export const address = (value: string | undefined): string | undefined => value?.replace(/^tel:/i, '');

/** Catalog id of the channel, or the sender's value when the catalog does not know it. */
export function channelOf(value: string | undefined): string | undefined {
	if (value === undefined || value === '') return undefined;
	return resolveChannelId(value) ?? value;
}

/** Catalog id of the status, or the sender's value when the catalog does not know it. */
export function statusOf(channel: string | undefined, value: string | undefined): string | undefined {
	if (value === undefined || value === '') return undefined;
	return resolveStatusId(channel, value) ?? value;
}

export function entityOf(fields: { serviceId?: string; appId?: string; phoneNumber?: string }): ChannelEventEntity | undefined {
	if (fields.serviceId !== undefined) return { type: 'service', id: fields.serviceId };
	if (fields.appId !== undefined) return { type: 'app', id: fields.appId };
	if (fields.phoneNumber !== undefined) return { type: 'phoneNumber', id: fields.phoneNumber };
	return undefined;
}
