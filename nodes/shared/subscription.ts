import { eventKindsForEntity, findChannel, type EntityType, type SubscribableKind } from './catalog';
import type { ChannelEvent } from './events';

/**
 * What a Channel Event Trigger listens to: its entity, the non-receipt event kinds, and per channel
 * the delivery statuses (the spec: "By default, none of the notifications are selected. You must
 * explicitly select the required notifications channel-wise.").
 */
export interface Subscription {
	entityType: EntityType;
	/** Empty: events of any entity id are accepted. */
	entityId: string;
	events: readonly SubscribableKind[];
	/** Channel id → status ids. */
	receipts: Readonly<Record<string, readonly string[]>>;
	/** Also emit events the catalog does not know (unknown kind, channel or status). */
	includeUnrecognised?: boolean;
}

export type DropReason = 'otherEntity' | 'channelNotOffered' | 'notSubscribed' | 'unrecognised';

export type FilterDecision = { accept: true } | { accept: false; reason: DropReason };

/** Phone numbers compare by their digits: "+44 7700 900123", "tel:447700900123" are one number. */
const digits = (value: string): string => value.replace(/\D/g, '');

/**
 * Whether the event belongs to the trigger's entity, as the platform configures them:
 * - a Service receives what its webhook sends, which names the service's numbers and apps, not the
 *   service: an event naming a phone number or an app is its own; one naming another service is not;
 * - an App receives its app's events (`appId`); a Phone Number the messages sent to it (`da`, digits
 *   compared); an event that names an entity of another type (a number at an App trigger) is not theirs.
 */
function sameEntity(subscription: Subscription, event: ChannelEvent): boolean {
	const wanted = subscription.entityId.trim();
	if (wanted === '') return true;
	const isPhone = subscription.entityType === 'phoneNumber';
	const same = (id: string) => (isPhone ? digits(id) !== '' && digits(id) === digits(wanted) : id === wanted);
	if (event.entity?.id !== undefined) {
		const type = event.entity.type;
		if (type !== undefined && type !== subscription.entityType) return subscription.entityType === 'service' && type !== 'service';
		return same(event.entity.id);
	}
	// An incoming message or call to a phone number names the number in `to`.
	if (isPhone && event.kind !== 'deliveryReceipt' && event.to !== undefined) return same(event.to);
	// Nothing in the event names an entity: the URL is this trigger's own, so accept it.
	return true;
}

const unrecognised = (subscription: Subscription): FilterDecision =>
	subscription.includeUnrecognised ? { accept: true } : { accept: false, reason: 'unrecognised' };

/**
 * Accept or drop one normalised event. Incoming messages, calls and call events follow `events`
 * whatever their channel (a channel the catalog does not know yet is still an incoming message);
 * a delivery receipt is accepted only for a status the user ticked for its channel.
 */
export function filterEvent(subscription: Subscription, event: ChannelEvent): FilterDecision {
	if (!sameEntity(subscription, event)) return { accept: false, reason: 'otherEntity' };
	if (event.kind === 'unknown') return unrecognised(subscription);

	const channel = event.channel === undefined ? undefined : findChannel(event.channel);
	if (channel && !channel.entities.includes(subscription.entityType)) {
		return { accept: false, reason: 'channelNotOffered' };
	}

	if (event.kind === 'deliveryReceipt') {
		const status = event.status;
		if (!channel || status === undefined || !channel.statuses.some((s) => s.id === status)) {
			return unrecognised(subscription);
		}
		return subscription.receipts[channel.id]?.includes(status)
			? { accept: true }
			: { accept: false, reason: 'notSubscribed' };
	}

	return subscription.events.includes(event.kind) ? { accept: true } : { accept: false, reason: 'notSubscribed' };
}

/**
 * The part of a subscription its entity can receive. A workflow may hold choices another entity
 * offered (Entity Type changed from Service to App keeps a ticked Incoming Call in the parameter):
 * those are left out, and come back if the entity is changed back.
 */
export function applicableSubscription(subscription: Subscription): Subscription {
	const kinds: readonly string[] = eventKindsForEntity(subscription.entityType);
	const receipts: Record<string, readonly string[]> = {};
	for (const [channelId, statuses] of Object.entries(subscription.receipts ?? {})) {
		const channel = findChannel(channelId);
		if (!channel?.entities.includes(subscription.entityType) || !Array.isArray(statuses)) continue;
		const known = statuses.filter((id) => channel.statuses.some((s) => s.id === id));
		if (known.length > 0) receipts[channelId] = known;
	}
	return { ...subscription, events: (subscription.events ?? []).filter((kind) => kinds.includes(kind)), receipts };
}

/** True when nothing would ever be accepted: no event kind, no receipt status (and unrecognised events off). */
export function isEmptySubscription(subscription: Subscription): boolean {
	const applicable = applicableSubscription(subscription);
	return !subscription.includeUnrecognised && applicable.events.length === 0 && Object.keys(applicable.receipts).length === 0;
}

/** What the trigger says about an empty subscription: in its answers, and in the editor's notice. */
export const NOTHING_SUBSCRIBED =
	'Nothing is subscribed: every event is answered 200 and dropped, and no run starts. Choose Events or add a channel under Delivery Receipts on the Channel Event Trigger.';
