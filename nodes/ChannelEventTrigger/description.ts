import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { CHANNELS, ENTITY_KINDS, EVENT_KINDS, channelsForEntity, type EntityType, type EventKind } from '../shared/catalog';

/** The one path of every webhook of this node (POST for events, GET / HEAD for the sender's test call). */
export const WEBHOOK_PATH = 'channel-events';

const statusOptions = (channelId: string): INodePropertyOptions[] =>
	CHANNELS.find((channel) => channel.id === channelId)!.statuses.map((status) => ({
		name: status.awsSesOnly ? `${status.name} (AWS SES Route Only)` : status.name,
		value: status.id,
	}));

/** The `events` multi-select for some entity types (one parameter name, shown per entity type). */
function eventsProperty(entityTypes: EntityType[], kinds: EventKind[]): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		displayOptions: { show: { entityType: entityTypes } },
		options: EVENT_KINDS.filter((kind) => kinds.includes(kind.id)).map((kind) => ({
			name: kind.name,
			value: kind.id,
			description: kind.description,
		})),
		default: [],
		description: 'Incoming messages and calls from customers, and call events, to receive',
	};
}

/**
 * One "Delivery Receipts" collection per entity type group, generated from the catalog: the user
 * adds a channel and ticks its statuses; none is selected by default, as in the spec. Both carry the
 * same parameter name, so a workflow stores `receipts: { sms: ['delivered'], ... }` whichever shows.
 */
function receiptsProperty(entityTypes: EntityType[]): INodeProperties {
	const channels = channelsForEntity(entityTypes[0]);
	return {
		displayName: 'Delivery Receipts',
		name: 'receipts',
		type: 'collection',
		placeholder: 'Add Channel',
		default: {},
		description:
			'Per channel, the statuses of outbound messages to receive. Channels offer different statuses; none is selected by default.',
		displayOptions: { show: { entityType: entityTypes } },
		options: channels.map((channel) => ({
			displayName: channel.name,
			name: channel.id,
			type: 'multiOptions',
			options: statusOptions(channel.id),
			default: [],
			description:
				channel.id === 'email'
					? 'Statuses marked "AWS SES Route Only" come only when Email via AWS SES is the selected route'
					: `Statuses of ${channel.name} messages to receive`,
		})),
	};
}

const properties: INodeProperties[] = [
	{
		displayName:
			'Configure the sender (e.g. an Outbound Webhook in Webex Connect, or this package\'s Outbound Webhook node) to POST to the URL above. The sender\'s test call (HEAD, GET, or a POST with an empty body or a test notification) is answered with 200 and starts no run.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Entity Type',
		name: 'entityType',
		type: 'options',
		options: ENTITY_KINDS.map((kind) => ({ name: kind.name, value: kind.id, description: kind.description })),
		default: 'service',
		description: 'What the notifications belong to. An App (In-App asset) offers the In-App Messaging / Live Chat channel only.',
	},
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3a1f9c27 or +447700900123',
		description:
			'ID of the service or app, or the phone number. Events naming another entity are answered 200 and dropped. Leave empty to accept every entity.',
	},
	eventsProperty(['service', 'phoneNumber'], ['incomingMessage', 'incomingCall', 'callEvent']),
	// An In-App app has no calls: only its incoming messages.
	eventsProperty(['app'], ['incomingMessage']),
	receiptsProperty(['service', 'phoneNumber']),
	receiptsProperty(['app']),
	{
		displayName: 'Verify Hub Signature',
		name: 'enableHubSignature',
		type: 'boolean',
		default: false,
		description:
			'Whether to check the signature of each request (x-hub-signature by default, or Standard Webhooks). A missing or wrong signature gets 401 and starts no run.',
	},
	{
		displayName: 'Signature Scheme',
		name: 'signatureScheme',
		type: 'options',
		options: [
			{
				name: 'Hub Signature (X-Hub-Signature)',
				value: 'hub',
				description: 'The platform\'s scheme: hex HMAC-SHA256, SHA512 or legacy SHA1 of the raw body',
			},
			{
				name: 'Standard Webhooks (Webhook-Signature)',
				value: 'standardWebhooks',
				description: 'Webhook-ID, webhook-timestamp and webhook-signature (v1, HMAC-SHA256) as standardwebhooks.com specifies',
			},
		],
		default: 'hub',
		displayOptions: { show: { enableHubSignature: [true] } },
		description: 'Which signature the sender attaches',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'API Key', value: 'apiKey', description: 'The sender sends a key in a header (or query parameter)' },
			{ name: 'Basic Auth', value: 'basicAuth', description: 'The sender sends a username and password' },
			{ name: 'None', value: 'none' },
		],
		default: 'none',
		description: 'The authorization the sender must attach. A mismatch gets 401 and starts no run.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Emit Unrecognised Events',
				name: 'includeUnrecognised',
				type: 'boolean',
				default: false,
				description:
					'Whether to also emit events whose kind, channel or status this node does not know (e.g. a channel added to the platform later). Otherwise they are answered 200 and dropped.',
			},
			{
				displayName: 'Include Headers',
				name: 'includeHeaders',
				type: 'boolean',
				default: false,
				description: 'Whether to add the request headers to each item (authorization and signature headers are left out)',
			},
			{
				displayName: 'Include Raw Body',
				name: 'includeRawBody',
				type: 'boolean',
				default: false,
				description: 'Whether to add the request body, exactly as received, to each item as text',
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodySize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024, // DEFAULT_MAX_BODY_BYTES in KB
				description: 'Larger requests get 413 and start no run',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'timestampTolerance',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300, // DEFAULT_TOLERANCE_SECONDS
				displayOptions: { show: { '/enableHubSignature': [true], '/signatureScheme': ['standardWebhooks'] } },
				description:
					'Standard Webhooks only: how far webhook-timestamp may lie from n8n\'s clock, either way. Older or future requests get 401 (replay protection).',
			},
		],
	},
];

/** Credentials: one for the signature, one per inbound authorization scheme. */
export const triggerCredentials: INodeTypeDescription['credentials'] = [
	// `hide` on the boolean, not `show`: n8n 1.x's editor would take a boolean in `show` for the main
	// authentication field and hide it. `@version` keeps a `show` that names no parameter.
	// `signatureScheme` in `hide` too: an old workflow has no value there, and n8n fills in the default (`hub`).
	{
		name: 'hubSignatureApi',
		required: true,
		displayOptions: { show: { '@version': [1] }, hide: { enableHubSignature: [false], signatureScheme: ['standardWebhooks'] } },
	},
	{
		name: 'standardWebhooksApi',
		required: true,
		displayOptions: { show: { '@version': [1] }, hide: { enableHubSignature: [false], signatureScheme: ['hub'] } },
	},
	{ name: 'webhookBasicAuthApi', required: true, displayOptions: { show: { authentication: ['basicAuth'] } } },
	{ name: 'webhookApiKeyApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
];

/** POST for events; GET and HEAD on the same path answer the sender's test call. */
export const triggerWebhooks: INodeTypeDescription['webhooks'] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: WEBHOOK_PATH },
	// The sender's test call, on the same URL; hidden in the editor so the URL is listed once.
	{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: WEBHOOK_PATH, ndvHideUrl: true },
	{ name: 'setup', httpMethod: 'HEAD', responseMode: 'onReceived', path: WEBHOOK_PATH, ndvHideUrl: true },
];

export { properties as triggerProperties };
