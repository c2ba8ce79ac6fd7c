/**
 * The notifications an Outbound Webhook can carry, transcribed from the spec's table
 * ("Which notifications are available for each channel", spec/outbound-webhooks-source.txt).
 * Ids are stable camelCase values: workflows store them, so never rename one; add new ones.
 *
 * Transcription notes:
 * - Voice lists "Trombone Releas"; that is a typo of "Trombone Release" and is catalogued so.
 * - Email: "Delivered, Not verified, Invalid, Bounced, Complaint, Read, and Clicked events are only
 *   available if Email via AWS SES is the selected route" — marked `awsSesOnly`.
 * - Instagram lists Read before Submitted; the order of the table is kept.
 * - Statuses the platform's published receipts carry that a channel's row lacks are added after the
 *   row (new ids only): Voice and Apple Messages for Business send Failed.
 */

export type EntityType = 'service' | 'app' | 'phoneNumber';

export interface EntityKind {
	id: EntityType;
	name: string;
	description: string;
}

export const ENTITY_KINDS: readonly EntityKind[] = [
	{ id: 'service', name: 'Service', description: 'A service on the platform: every channel' },
	{
		id: 'app',
		name: 'App',
		description:
			'An app asset (its App ID): In-App / Live Chat, Push, Messenger, WhatsApp, RCS, Apple Messages, Google Business Messages, Instagram, Email',
	},
	{ id: 'phoneNumber', name: 'Phone Number', description: 'A phone number (long code or short code)' },
];

/**
 * Event kinds of the spec (incoming messages, incoming calls, incoming call events, status receipts),
 * and the customer events the platform's pages show besides them (typing indicators, a profile
 * created, ...): not messages, so a kind of their own that a trigger subscribes to or not.
 */
export type EventKind = 'incomingMessage' | 'incomingCall' | 'callEvent' | 'deliveryReceipt' | 'customerEvent';

export const EVENT_KINDS: ReadonlyArray<{ id: EventKind; name: string; description: string }> = [
	{ id: 'incomingMessage', name: 'Incoming Message', description: 'A message from a customer on any channel' },
	{ id: 'incomingCall', name: 'Incoming Call', description: 'A call from a customer' },
	{ id: 'callEvent', name: 'Call Events', description: 'Events of a call in progress (offered, answered, released, ...)' },
	{ id: 'deliveryReceipt', name: 'Delivery Receipt', description: 'The status of an outbound message (submitted, delivered, failed, ...)' },
	{
		id: 'customerEvent',
		name: 'Customer Events',
		description: 'What a customer did that is not a message: typing start / stop, a profile created, ... (eventType says which)',
	},
];

/** The kinds a trigger subscribes to in `events` (receipts are chosen per channel and status). */
export type SubscribableKind = Exclude<EventKind, 'deliveryReceipt'>;

/** Event kinds (other than receipts) a trigger can subscribe to per entity: an app has no calls. */
export function eventKindsForEntity(entity: EntityType): SubscribableKind[] {
	return entity === 'app' ? ['incomingMessage', 'customerEvent'] : ['incomingMessage', 'incomingCall', 'callEvent', 'customerEvent'];
}

export interface ChannelStatus {
	id: string;
	/** The label of the spec's table. */
	name: string;
	/** Email only: available only when "Email via AWS SES" is the selected route. */
	awsSesOnly?: boolean;
}

export interface Channel {
	id: string;
	/** The channel's name in the spec's table. */
	name: string;
	statuses: readonly ChannelStatus[];
	/** Entity types for which the platform offers this channel. */
	entities: readonly EntityType[];
}

const status = (id: string, name: string, awsSesOnly?: boolean): ChannelStatus =>
	awsSesOnly ? { id, name, awsSesOnly } : { id, name };

/** Services and phone numbers: the spec restricts neither. */
const ALL_ENTITIES: readonly EntityType[] = ['service', 'phoneNumber'];
/**
 * Channels the platform serves through app assets, named by their App ID (`appId`): the Messaging
 * API asks for "the channel asset specific App ID available in Assets page" for Push, In-App,
 * Messenger, WhatsApp and Apple Messages for Business, and RCS chatbots and Email apps are set up
 * among the apps (developers.webexconnect.io/reference/send-message-v2); incoming messages of
 * Google Business Messages come through "the Google Business Messages assets"
 * (developers.webexconnect.io/reference/google-business-messages-1); the published incoming
 * messages of Instagram, RCS, WhatsApp and Email carry `appId` (test/fixtures/platform/). The
 * spec's "In-App app asset" sentence predates them.
 */
const APP_ENTITIES: readonly EntityType[] = ['service', 'phoneNumber', 'app'];
const SUBMITTED = status('submitted', 'Submitted');
const DELIVERED = status('delivered', 'Delivered');
const FAILED = status('failed', 'Failed');
const READ = status('read', 'Read');
const CLICKED = status('clicked', 'Clicked');

export const CHANNELS: readonly Channel[] = [
	{
		id: 'sms',
		name: 'SMS',
		statuses: [SUBMITTED, DELIVERED, status('undelivered', 'Undelivered'), FAILED, CLICKED],
		entities: ALL_ENTITIES,
	},
	{
		id: 'voice',
		name: 'Voice',
		statuses: [
			status('offered', 'Offered'),
			status('accepted', 'Accepted'),
			status('answered', 'Answered'),
			status('dropped', 'Dropped'),
			status('rejected', 'Rejected'),
			status('released', 'Released'),
			status('disconnected', 'Disconnected'),
			status('tromboneConnect', 'Trombone Connect'),
			// The spec's table reads "Trombone Releas" (a typo).
			status('tromboneRelease', 'Trombone Release'),
			// Not in the spec's table; the Voice page's receipts carry it (e.g. 7005 "Request expired").
			FAILED,
		],
		entities: ALL_ENTITIES,
	},
	{ id: 'mms', name: 'MMS', statuses: [SUBMITTED, DELIVERED, FAILED], entities: ALL_ENTITIES },
	{ id: 'messenger', name: 'Messenger', statuses: [SUBMITTED, DELIVERED, FAILED, READ], entities: APP_ENTITIES },
	{
		id: 'inApp',
		name: 'In-App Messaging / Live Chat',
		statuses: [SUBMITTED, DELIVERED, READ, FAILED, CLICKED],
		entities: APP_ENTITIES,
	},
	{ id: 'whatsApp', name: 'WhatsApp', statuses: [SUBMITTED, DELIVERED, READ, FAILED], entities: APP_ENTITIES },
	{ id: 'push', name: 'Push', statuses: [SUBMITTED, DELIVERED, READ, FAILED], entities: APP_ENTITIES },
	{
		id: 'email',
		name: 'Email',
		statuses: [
			SUBMITTED,
			status('delivered', 'Delivered', true),
			status('notVerified', 'Not verified', true),
			status('invalid', 'Invalid', true),
			status('bounced', 'Bounced', true),
			status('complaint', 'Complaint', true),
			FAILED,
			status('read', 'Read', true),
			status('clicked', 'Clicked', true),
		],
		entities: APP_ENTITIES,
	},
	// Failed: not in the spec's table; the Apple Messages page's receipts carry it.
	{ id: 'appleMessages', name: 'Apple Messages for Business', statuses: [SUBMITTED, FAILED], entities: APP_ENTITIES },
	{ id: 'rcs', name: 'RCS', statuses: [SUBMITTED, DELIVERED, READ, FAILED], entities: APP_ENTITIES },
	{ id: 'instagram', name: 'Instagram', statuses: [READ, SUBMITTED, FAILED], entities: APP_ENTITIES },
	{
		id: 'googleBusinessMessages',
		name: 'Google Business Messages',
		statuses: [SUBMITTED, DELIVERED, READ, FAILED],
		entities: APP_ENTITIES,
	},
];

const BY_ID = new Map(CHANNELS.map((channel) => [channel.id, channel]));

export function findChannel(id: string): Channel | undefined {
	return BY_ID.get(id);
}

/** Channels offered for an entity type (the App entity: the channels of app assets). */
export function channelsForEntity(entity: EntityType): Channel[] {
	return CHANNELS.filter((channel) => channel.entities.includes(entity));
}

/** Lower-case, letters and digits only: "Live Chat", "live_chat", "LIVECHAT" compare equal. */
export const looseKey = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Names senders use for channels, beyond the catalog's ids and names (matched loosely). */
const CHANNEL_ALIASES: Record<string, string> = {
	text: 'sms',
	call: 'voice',
	ivr: 'voice',
	facebook: 'messenger',
	// The platform's own names in receipts (`deliveryChannel`) and incoming messages (`channel`).
	fb: 'messenger',
	rt: 'inApp',
	rtm: 'inApp',
	appmessaging: 'inApp',
	applebusinesschat: 'appleMessages',
	facebookmessenger: 'messenger',
	fbm: 'messenger',
	inappmessaging: 'inApp',
	livechat: 'inApp',
	chat: 'inApp',
	iam: 'inApp',
	whatsapp: 'whatsApp',
	wa: 'whatsApp',
	apns: 'push',
	gcm: 'push',
	fcm: 'push',
	mail: 'email',
	applemessages: 'appleMessages',
	abc: 'appleMessages',
	amb: 'appleMessages',
	gbm: 'googleBusinessMessages',
	googlebusiness: 'googleBusinessMessages',
	ig: 'instagram',
	// Names of the platform's UI and docs besides the catalog's (Outbound Webhooks' channel list, the
	// API Reference's page titles: "Live Chat / In-App Messages", "Push Notifications", ...).
	livechatinapp: 'inApp',
	livechatinappmessaging: 'inApp',
	livechatinappmessages: 'inApp',
	inappmessages: 'inApp',
	pushnotification: 'push',
	// The push platforms IMIconnect's Messaging API names (android_pushid, ios_pushid, web).
	android: 'push',
	ios: 'push',
	webpush: 'push',
	pushnotifications: 'push',
	whatsappbusiness: 'whatsApp',
	rcsbusinessmessaging: 'rcs',
	rbm: 'rcs',
	googlebusinessmessaging: 'googleBusinessMessages',
	instagrammessaging: 'instagram',
	instagramdirect: 'instagram',
	applebusinessmessages: 'appleMessages',
};

const LOOSE_CHANNELS = new Map<string, string>();
for (const channel of CHANNELS) {
	LOOSE_CHANNELS.set(looseKey(channel.id), channel.id);
	LOOSE_CHANNELS.set(looseKey(channel.name), channel.id);
}
for (const [alias, id] of Object.entries(CHANNEL_ALIASES)) LOOSE_CHANNELS.set(alias, id);

/** The catalog id of a channel as a sender names it, or undefined when the channel is unknown. */
export function resolveChannelId(value: string): string | undefined {
	return LOOSE_CHANNELS.get(looseKey(value));
}

/** Status spellings senders use beyond the catalog's ids and names, keyed by `looseKey`. */
const STATUS_ALIASES: Record<string, string> = {
	// The spec's table spells it "Trombone Releas".
	trombonereleas: 'tromboneRelease',
	// Voice receipts (developers.webexconnect.io/reference/voice-outbound-webhooks).
	tromboneconnected: 'tromboneConnect',
	trombonereleased: 'tromboneRelease',
	sent: 'submitted',
	// Messenger's receipts spell it so (developers.webexconnect.io/reference/facebook-messenger).
	submited: 'submitted',
	deliveredtohandset: 'delivered',
	// GSMA OneAPI's word, which the platform's receipt shape (`deliveryInfoNotification`) comes from.
	deliveredtoterminal: 'delivered',
	deliveredtonetwork: 'submitted',
	seen: 'read',
	notdelivered: 'undelivered',
	unverified: 'notVerified',
	bounce: 'bounced',
	// IMIconnect's receipt table lists "Submit" for RTM and Push
	// (docs.imiconnect.com/docs/delivery-and-read-receipt-notifications).
	submit: 'submitted',
};

/** The catalog id of a status as a sender names it ("DELIVERED", "Not Verified", "trombone_release"). */
export function resolveStatusId(channelId: string | undefined, value: string): string | undefined {
	const key = looseKey(value);
	const channels = channelId && BY_ID.has(channelId) ? [BY_ID.get(channelId)!] : CHANNELS;
	for (const channel of channels) {
		for (const s of channel.statuses) {
			if (looseKey(s.id) === key || looseKey(s.name) === key) return s.id;
		}
	}
	return STATUS_ALIASES[key];
}

/**
 * Receipts the platform sends with `deliveryStatus: "Failed"` whose code is that of a status of the
 * channel's table: the Email page shows its Invalid notification so (7523 "Invalid email address").
 * The codes are those the Email page's receipts carry for each status
 * (developers.webexconnect.io/reference/email-outbound-webhooks).
 */
const FAILED_STATUS_BY_CODE: Record<string, Record<string, string>> = {
	email: { '7520': 'bounced', '7521': 'complaint', '7522': 'notVerified', '7523': 'invalid' },
};

/** The status a receipt stands for: its `deliveryStatus`, or for a failure the status its code names. */
export function statusForCode(channelId: string | undefined, statusId: string | undefined, code: string | undefined): string | undefined {
	if (statusId !== 'failed' || channelId === undefined || code === undefined) return statusId;
	return FAILED_STATUS_BY_CODE[channelId]?.[code.trim()] ?? statusId;
}
