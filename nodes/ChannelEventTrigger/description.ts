import { fromFunction, webhookDescriptionFields } from 'n8n-workflow';
import type { INodeParameters, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { signatureCredentials } from '../n8n/signature-credentials';
import { CHANNELS, ENTITY_KINDS, EVENT_KINDS, channelsForEntity, eventKindsForEntity, type EntityType, type EventKind } from '../shared/catalog';

/** The one path of every webhook of this node (POST for events, GET / HEAD for the sender's test call). */
export const WEBHOOK_PATH = 'channel-events';

/**
 * The values of the Respond parameter: n8n's own names of the two response modes, so the POST
 * webhook hands the parameter to n8n as it is. A workflow saved before the parameter existed has
 * none and responds immediately, as it always did.
 */
export const RESPOND_IMMEDIATELY = 'onReceived';
export const RESPOND_AFTER_RUN = 'lastNode';

/**
 * The POST webhook's response mode for n8n: `lastNode` only when Respond says so, `onReceived`
 * otherwise (no parameter, or any other value), the same rule the node applies (config.ts).
 *
 * n8n 1.x evaluates the expression for every request. n8n 2.x evaluates a webhook description's
 * expressions in a V8 isolate (about 4 ms a request on this machine) unless the description also
 * names a resolver for the field, which n8n then calls instead when the node's parameters hold no
 * expression: `fromFunction` makes both from one function, whose source n8n puts in the template, so
 * the function names nothing from outside itself.
 */
const postResponseMode = (parameters: INodeParameters) => (parameters.responseMode === 'lastNode' ? 'lastNode' : 'onReceived');
const POST_RESPONSE_MODE = `={{ $parameter["responseMode"] === "${RESPOND_AFTER_RUN}" ? "${RESPOND_AFTER_RUN}" : "${RESPOND_IMMEDIATELY}" }}`;
const postResponseModeField: { responseMode: string } =
	typeof fromFunction === 'function' && typeof webhookDescriptionFields === 'function'
		? webhookDescriptionFields({ responseMode: fromFunction(postResponseMode) })
		: { responseMode: POST_RESPONSE_MODE };

const statusOptions = (channelId: string): INodePropertyOptions[] =>
	CHANNELS.find((channel) => channel.id === channelId)!.statuses.map((status) => ({
		name: status.awsSesOnly ? `${status.name} (AWS SES Route Only)` : status.name,
		value: status.id,
	}));

/**
 * Shows a subscription parameter for some entity types. The key is the root path `/entityType`, not
 * `entityType`: when a parameter changes, n8n's editor (removeMismatchedOptionValues, 1.123 and 2.41)
 * unsets every parameter with static options whose displayOptions name the changed parameter and
 * whose value it takes for invalid. Its check compares a multi-select's array with single option
 * values, and a collection's option names with the keys of the whole node, so it always unsets
 * `events` and `receipts`: an Entity Type change emptied the subscription. n8n-workflow's
 * displayParameter reads `/entityType` from the node's root, the same value, and the editor's
 * check, which looks for the key `entityType`, passes it by. What the new entity cannot offer is
 * dropped by n8n itself (a collection keeps only the channels its new definition lists) or left out
 * at run time (`applicableSubscription`).
 */
const forEntities = (entityTypes: EntityType[]): INodeProperties['displayOptions'] => ({ show: { '/entityType': entityTypes } });

/** The `events` multi-select for some entity types (one parameter name, shown per entity type). */
function eventsProperty(entityTypes: EntityType[], kinds: EventKind[]): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		displayOptions: forEntities(entityTypes),
		options: EVENT_KINDS.filter((kind) => kinds.includes(kind.id)).map((kind) => ({
			name: kind.name,
			value: kind.id,
			description: kind.description,
		})),
		default: [],
		description:
			entityTypes.includes('app')
				? 'Incoming messages (with postbacks, quick replies and list-picker answers) and customer events (typing, profile created, ...) to receive. An app has no calls: events chosen for another entity type are ignored.'
				: 'Incoming messages and calls from customers, call events, and customer events (typing, profile created, ...) to receive. Customer events are never emitted as messages: without Customer Events they are dropped.',
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
		displayOptions: forEntities(entityTypes),
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
		description:
			'What the notifications belong to, as on the platform: a Service receives what its webhook sends (every channel); an App (app asset) the events of its app on In-App / Live Chat, Push, Messenger, WhatsApp, RCS, Apple Messages, Google Business Messages, Instagram and Email; a Phone Number the messages sent to it',
	},
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3a1f9c27 or +447700900123',
		description:
			'ID of the service, the App ID of the app (appId), or the phone number (compared by its digits with the number a message was sent to). Events naming another entity are answered 200 and dropped. Leave empty to accept every entity.',
	},
	eventsProperty(['service', 'phoneNumber'], eventKindsForEntity('service')),
	// An app has no calls: its incoming messages and customer events.
	eventsProperty(['app'], eventKindsForEntity('app')),
	receiptsProperty(['service', 'phoneNumber']),
	receiptsProperty(['app']),
	{
		displayName:
			'Nothing is subscribed yet: every event is answered 200 and dropped, and no run starts. Choose Events or add a channel under Delivery Receipts.',
		name: 'nothingSubscribedNotice',
		type: 'notice',
		default: '',
		// Shown while no event kind and no receipt status is ticked (any ticked value hides it). Paths
		// into a collection start at the root ('/receipts.sms'): n8n 1.x resolves any other key that
		// is not a parameter's name as a parameter still to come, and gives up with an error.
		displayOptions: {
			hide: {
				events: EVENT_KINDS.filter((kind) => kind.id !== 'deliveryReceipt').map((kind) => kind.id),
				...Object.fromEntries(CHANNELS.map((channel) => [`/receipts.${channel.id}`, channel.statuses.map((s) => s.id)])),
			},
		},
	},
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
			{
				name: 'AWS Signature',
				value: 'awsSignature',
				description: 'The sender signs each request with AWS Signature V4 (method, path, query, signed headers, body)',
			},
			{ name: 'Basic Auth', value: 'basicAuth', description: 'The sender sends a username and password' },
			{
				name: 'Digest Auth',
				value: 'digestAuth',
				description: 'The sender answers a Digest challenge (RFC 7616), or sends the nonce set in the credential pre-emptively',
			},
			{ name: 'None', value: 'none' },
			{
				name: 'OAuth2 Bearer Token',
				value: 'oAuth2',
				description: 'The sender sends an OAuth 2.0 access token: a JWT verified with a key or JWKS, or an opaque token checked by introspection',
			},
		],
		default: 'none',
		description: 'The authorization the sender must attach (the same choices as the Outbound Webhook node). A mismatch gets 401 and starts no run.',
	},
	// Where n8n draws the credential pickers: after the switches that reveal them (without it, n8n
	// draws them above the last of those switches).
	{ displayName: 'Credentials', name: 'credentialPickers', type: 'credentials', default: '' },
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		options: [
			{
				name: 'Immediately',
				value: RESPOND_IMMEDIATELY,
				description:
					'200 as soon as the events are accepted, before the run. If the run is lost afterwards (n8n stops, a queue worker dies), the sender does not send the events again.',
			},
			{
				name: 'When the Workflow Has Run',
				value: RESPOND_AFTER_RUN,
				description:
					'200 once the run has succeeded or waits in a Wait node of 65 s or more (stored by n8n); 500 when it fails. A lost run gets no 200, so the sender\'s retries send the events again.',
			},
		],
		default: RESPOND_IMMEDIATELY,
		description:
			'When the sender gets its answer to a POST that starts a run. Refusals (401, 400, 413, 415), test calls and requests whose events are all dropped are answered at once either way.',
	},
	{
		displayName:
			'The sender waits until the run has ended; without an answer within its timeout (10 s on the platform) it sends the events again. Keep the run short: in the Outbound Webhook node, set Max Retries to 0 or a few short retries and leave longer ones to Extended Retries (the durable loop). A failed delivery reaches the sender only if the run fails (Fail Execution on Failed Deliveries). The answer carries no data: 200 with an empty body, or 500 "Error in workflow".',
		name: 'respondAfterRunNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { responseMode: [RESPOND_AFTER_RUN] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'AWS Clock Skew (Seconds)',
				name: 'awsClockSkew',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 900, // DEFAULT_AWS_CLOCK_SKEW_SECONDS
				displayOptions: { show: { '/authentication': ['awsSignature'] } },
				description: 'AWS Signature only: how far x-amz-date may lie from n8n\'s clock, either way (AWS allows 15 minutes). Older or future requests get 401.',
			},
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
				displayName: 'Max Events per Request',
				name: 'maxEventsPerRequest',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5000, // DEFAULT_MAX_EVENTS
				description: 'A request whose JSON array holds more events gets 413 and starts no run',
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
	...signatureCredentials,
	{ name: 'webhookBasicAuthApi', required: true, displayOptions: { show: { authentication: ['basicAuth'] } } },
	{ name: 'webhookDigestAuthApi', required: true, displayOptions: { show: { authentication: ['digestAuth'] } } },
	{ name: 'webhookAwsSignatureApi', required: true, displayOptions: { show: { authentication: ['awsSignature'] } } },
	{ name: 'webhookApiKeyApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
	{ name: 'webhookBearerTokenApi', required: true, testedBy: 'webhookBearerTokenApiTest', displayOptions: { show: { authentication: ['oAuth2'] } } },
];

/** POST for events; GET and HEAD on the same path answer the sender's test call. */
export const triggerWebhooks: INodeTypeDescription['webhooks'] = [
	// After the run n8n answers 200 or 500 "Error in workflow"; `noData` keeps the last node's items
	// (delivery results) out of the answer: the body is empty (n8n 1.123 and 2.41 alike). With
	// Respond Immediately the node answers itself and n8n reads neither value.
	{ name: 'default', httpMethod: 'POST', ...postResponseModeField, responseData: 'noData', path: WEBHOOK_PATH },
	// The sender's test call, on the same URL; hidden in the editor so the URL is listed once.
	{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: WEBHOOK_PATH, ndvHideUrl: true },
	{ name: 'setup', httpMethod: 'HEAD', responseMode: 'onReceived', path: WEBHOOK_PATH, ndvHideUrl: true },
];

/**
 * The texts of n8n's trigger panel (the input side of the node's window). Without them n8n writes
 * "Pull in events from Channel Event".
 */
export const triggerPanel: INodeTypeDescription['triggerPanel'] = {
	header: 'Send a channel event to the test URL',
	executionsHelp: {
		inactive:
			"<b>While building your workflow</b>, click 'Listen for test event', then have the sender POST a channel event to the test URL above. The event shows up in this editor.<br /><br /><b>Once you are happy with your workflow</b>, <a data-key='activate'>activate</a> it and point the sender at the production URL. Every accepted event then starts a run, listed under <a data-key='executions'>executions</a>.",
		active:
			"<b>While building your workflow</b>, click 'Listen for test event', then have the sender POST a channel event to the test URL above. The event shows up in this editor.<br /><br /><b>The workflow is active</b>: every event accepted on the production URL starts a run, listed under <a data-key='executions'>executions</a>.",
	},
	activationHint:
		"Once you have finished building your workflow, <a data-key='activate'>activate</a> it and give the sender the production URL.",
};

export { properties as triggerProperties };
