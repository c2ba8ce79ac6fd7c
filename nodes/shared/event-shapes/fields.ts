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

/** Catalog id of the channel, or the sender's value (without spaces around it) when the catalog does not know it. */
export function channelOf(value: string | undefined): string | undefined {
	const name = value?.trim();
	if (name === undefined || name === '') return undefined;
	return resolveChannelId(name) ?? name;
}

/** Catalog id of the status, or the sender's value (without spaces around it) when the catalog does not know it. */
export function statusOf(channel: string | undefined, value: string | undefined): string | undefined {
	const name = value?.trim();
	if (name === undefined || name === '') return undefined;
	return resolveStatusId(channel, name) ?? name;
}

export function entityOf(fields: { serviceId?: string; appId?: string; phoneNumber?: string }): ChannelEventEntity | undefined {
	if (fields.serviceId !== undefined) return { type: 'service', id: fields.serviceId };
	if (fields.appId !== undefined) return { type: 'app', id: fields.appId };
	if (fields.phoneNumber !== undefined) return { type: 'phoneNumber', id: fields.phoneNumber };
	return undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The object with lower-case keys. The platform spells one field differently per channel and page
 * (`Channel` / `channel`, `timeStamp` / `timestamp`, `Description`), so its shapes are read through
 * this view. When two keys meet (`Description` and `description`), the one already lower case wins.
 */
export function lowerKeys(record: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) {
		const lower = key.toLowerCase();
		if (lower === key || !(lower in out)) out[lower] = value;
	}
	return out;
}

/** A string or number as text; an empty or blank string, or any other value, is absent (the platform sends `""` for "none"). */
export function presentText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	return typeof value === 'number' || typeof value === 'bigint' ? String(value) : undefined;
}

/**
 * An id, address or name as text, without the spaces around it (a sender's template or a relay may
 * pad one: ` a_123 ` is the app a_123); an empty or blank string, or any other value, is absent.
 * Not for what the customer wrote, which is kept as sent.
 */
export function presentId(value: unknown): string | undefined {
	return presentText(value)?.trim();
}

/**
 * A field the platform sends as a JSON string (`attachments`, `thread`, `postback`, ...): the parsed
 * value, or the value itself when it is not a string or does not parse (never an error). An empty
 * string is absent.
 */
export function parseJsonString(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (text === '') return undefined;
	if (!text.startsWith('{') && !text.startsWith('[')) return value;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return value;
	}
}

/**
 * camelCase of a platform word: `typing_start`, `Typing Start`, `typingStart` → `typingStart`,
 * `SUBSCRIBE` → `subscribe`. A word in one case has no boundaries to find (`CONVERSATIONCLOSED` →
 * `conversationclosed`): such names are listed in platform-events.ts.
 */
export function camelCase(value: string): string {
	const words = value
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean);
	return words.map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase())).join('');
}
