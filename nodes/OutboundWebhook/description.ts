import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { signatureCredentials } from '../n8n/signature-credentials';

/** Credentials, one per authorization scheme, shown by the `authentication` parameter. */
export const outboundWebhookCredentials: INodeTypeDescription['credentials'] = [
	{ name: 'webhookBasicAuthApi', required: true, displayOptions: { show: { authentication: ['basicAuth'] } } },
	{ name: 'webhookDigestAuthApi', required: true, displayOptions: { show: { authentication: ['digestAuth'] } } },
	{ name: 'webhookAwsSignatureApi', required: true, displayOptions: { show: { authentication: ['awsSignature'] } } },
	{ name: 'webhookApiKeyApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
	{ name: 'webhookOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
	...signatureCredentials,
	{
		name: 'smppBindApi',
		required: true,
		testedBy: 'smppBindApiTest',
		displayOptions: { show: { entityType: ['phoneNumber'] }, hide: { forwardToSmpp: [false], enableHubSignature: [true] } },
	},
];

/**
 * Option defaults are written out (n8n's lint reads them literally); test/unit/delivery/defaults.test.ts
 * holds them equal to the core's DELIVERY_DEFAULTS, the one source of truth.
 */
/**
 * Whether the SMPP output is drawn: when Forward to SMPP can apply (a phone number, hub signature
 * off, forwarding on). A value that is an expression counts as "may apply". Delivered and Failed are
 * always outputs 0 and 1, so connections of saved workflows keep their places.
 */
export function smppOutputDrawn(parameters: Record<string, unknown>): boolean {
	const maybe = (value: unknown, wanted: unknown) => value === wanted || (typeof value === 'string' && value.startsWith('='));
	return maybe(parameters.entityType, 'phoneNumber') && parameters.enableHubSignature !== true && maybe(parameters.forwardToSmpp, true);
}

/**
 * n8n's expression outputs (as its Switch and If nodes declare them), evaluated by the editor and
 * the engine on the node's raw parameters. Must say what smppOutputDrawn says (a test holds them
 * together); no `}}` may appear inside.
 */
export const OUTBOUND_WEBHOOK_OUTPUTS = ("={{ ((p) => { const maybe = (v, w) => v === w || (typeof v === 'string' && v.startsWith('=')); " +
	"const smpp = maybe(p.entityType, 'phoneNumber') && p.enableHubSignature !== true && maybe(p.forwardToSmpp, true); " +
	"return [{ type: 'main', displayName: 'Delivered' }, { type: 'main', displayName: 'Failed' }]" +
	".concat(smpp ? [{ type: 'main', displayName: 'SMPP' }] : []); })($parameter) }}") as `={{${string}}}`;

export const outboundWebhookProperties: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/webhooks/channel-events',
		description:
			'HTTPS address that receives each item as a POST. Plain http:// is refused. Before the first delivery the address must answer 200 to a test call.',
	},
	{
		displayName: 'Entity',
		name: 'entityType',
		type: 'options',
		options: [
			{ name: 'Service', value: 'service', description: 'A service: incoming messages, calls and delivery receipts of its channels' },
			{ name: 'App', value: 'app', description: 'An In-App messaging app asset' },
			{ name: 'Phone Number', value: 'phoneNumber', description: 'A phone number: its incoming messages can be forwarded to SMPP' },
		],
		default: 'service',
		description: 'What the notifications belong to. Shown in every output item; a phone number is the SMPP destination.',
	},
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1234 or +4915112345678',
		description: 'ID of the service or app, or the phone number in international format',
	},
	{
		displayName: 'Enable Hub Signature',
		name: 'enableHubSignature',
		type: 'boolean',
		default: false,
		description:
			'Whether to sign each body so the receiver can verify it: the x-hub-signature header (hex HMAC SHA256 or SHA512) by default, or Standard Webhooks',
	},
	{
		displayName: 'Signature Scheme',
		name: 'signatureScheme',
		type: 'options',
		options: [
			{
				name: 'Hub Signature (X-Hub-Signature)',
				value: 'hub',
				description: 'The platform\'s scheme: lowercase hex HMAC-SHA256 or SHA512 of the body',
			},
			{
				name: 'Standard Webhooks (Webhook-Signature)',
				value: 'standardWebhooks',
				description: 'Webhook-ID (the delivery ID), webhook-timestamp and webhook-signature (v1, HMAC-SHA256), signed afresh for each attempt',
			},
		],
		default: 'hub',
		displayOptions: { show: { enableHubSignature: [true] } },
		description: 'Which signature to attach. Standard Webhooks is what Svix-style receivers and the standardwebhooks libraries verify.',
	},
	{
		displayName: 'Forward to SMPP',
		name: 'forwardToSmpp',
		type: 'boolean',
		default: false,
		displayOptions: { show: { entityType: ['phoneNumber'], enableHubSignature: [false] } },
		description:
			'Whether to forward incoming messages to an ESME over SMPP instead of posting them. Other items (receipts, call events) are still posted to the URL.',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'API Key', value: 'apiKey' },
			{ name: 'AWS Signature', value: 'awsSignature' },
			{ name: 'Basic Auth', value: 'basicAuth' },
			{ name: 'Digest Auth', value: 'digestAuth' },
			{ name: 'None', value: 'none' },
			{ name: 'OAuth2', value: 'oAuth2' },
		],
		default: 'none',
		description: 'Authorization applied to every notification and to the test call',
	},
	// Where n8n draws the credential pickers: below Authentication and the switches that reveal the
	// Hub Signature and SMPP pickers. Without it, n8n draws them above the last of those parameters.
	{ displayName: 'Credentials', name: 'credentialPickers', type: 'credentials', default: '' },
	{
		displayName: 'Body Content',
		name: 'bodyContent',
		type: 'options',
		options: [
			{ name: 'Whole Item', value: 'item', description: "The item's JSON, as it arrives" },
			{ name: 'One Field', value: 'field', description: 'The value of one field of the item' },
			{ name: 'Custom JSON', value: 'custom', description: 'A JSON body you write, with expressions' },
		],
		default: 'item',
		description: 'What each notification carries. The signature covers exactly these bytes.',
	},
	{
		displayName: 'Field',
		name: 'bodyField',
		type: 'string',
		default: '',
		placeholder: 'e.g. event or data.payload',
		displayOptions: { show: { bodyContent: ['field'] } },
		description: 'Path of the field to send (dots for nested fields)',
	},
	{
		displayName: 'Custom Body',
		name: 'customBody',
		type: 'json',
		default: '{\n  "event": "{{ $json.kind }}"\n}',
		displayOptions: { show: { bodyContent: ['custom'] } },
		description: 'The JSON object sent as the body of each notification (the signature covers exactly these bytes)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Block Private Network Targets',
				name: 'blockPrivateNetworks',
				type: 'boolean',
				default: false,
				description:
					"Whether to refuse URLs that resolve to private, loopback, link-local or other reserved addresses (IPv4 and IPv6). n8n's SSRF protection settings apply in any case when enabled.",
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 256 },
				default: 20,
				description: 'Most notifications in flight at once. Items waiting for a retry do not count.',
			},
			{
				displayName: 'Custom CA Certificate',
				name: 'caCertificate',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				placeholder: '-----BEGIN CERTIFICATE-----',
				description: "PEM certificate of a private CA (or a self-signed endpoint) to trust besides the public CAs",
			},
			{
				displayName: 'Delivery ID',
				name: 'deliveryId',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.transactionId }}',
				description:
					'Value of the X-Delivery-ID header, the same on every retry and replay, so the receiver can drop duplicates. Empty: a UUID derived from the item (a channel event: from its identity; any other item: from the workflow, this node and the exact body), so the same item keeps its ID when it is sent again.',
			},
			{
				displayName: 'Extended Retries',
				name: 'extendedRetries',
				type: 'options',
				options: [
					{ name: 'None', value: 'none', description: 'Only the retries within the execution (Max Retries × Retry Interval)' },
					{ name: '5 Min, 30 Min, 2 H, 5 H, 10 H, 10 H (Svix)', value: 'svix', description: 'Six more attempts over about 28 hours' },
					{ name: 'Custom', value: 'custom', description: 'The delays under Extended Retry Delays' },
				],
				default: 'none',
				description:
					'After the retries within the execution, an item that failed retryably leaves on Failed with retryable: true and nextAttemptAt. Loop Failed → Wait (until nextAttemptAt) → this node: n8n keeps the wait in its database, so it survives restarts.',
			},
			{
				displayName: 'Extended Retry Delays',
				name: 'extendedRetryDelays',
				type: 'string',
				default: '',
				placeholder: 'e.g. 5m, 30m, 2h, 5h, 10h, 10h',
				description: 'Used when Extended Retries is Custom: one more attempt after each delay (s, m, h, d; no unit means seconds). Delays of 70 s or more survive a restart (n8n keeps waits of 65 s or more in its database).',
			},
			{
				displayName: 'Fail Execution on Failed Deliveries',
				name: 'failOnFailedDeliveries',
				type: 'boolean',
				default: false,
				description:
					"Whether to end the run with an error naming the failed deliveries, after every item was attempted, so that n8n's Executions list and error workflows show them. Off: failed items leave on the Failed output and the run succeeds.",
			},
			{
				displayName: 'Headers',
				name: 'headers',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Header',
				options: [
					{
						displayName: 'Header',
						name: 'header',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
				description: 'Extra headers sent with every notification. Secrets belong in a credential, not here.',
			},
			{
				displayName: 'Ignore SSL Issues (Insecure)',
				name: 'allowUnauthorizedCerts',
				type: 'boolean',
				default: false,
				description: 'Whether to connect even if SSL certificate validation is not possible',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description: 'Retries after a failed attempt (network error, timeout, or a status that is retried). The platform retries 3 times.',
			},
			{
				displayName: 'Max Retry-After (Seconds)',
				name: 'maxRetryAfter',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 300,
				description: 'A Retry-After header asking for a longer wait than Retry Interval is honoured up to this many seconds',
			},
			{
				displayName: 'Retry Interval (Seconds)',
				name: 'retryInterval',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description: 'Wait between attempts of the same item (fractions allowed, e.g. 0.5). The platform waits 60 seconds.',
			},
			{
				displayName: 'Signature Prefix',
				name: 'signaturePrefix',
				type: 'boolean',
				default: false,
				description: 'Whether to write the signature as sha256=&lt;hex&gt; (GitHub style) instead of bare hex',
			},
			{
				displayName: 'SMPP Long Messages',
				name: 'smppLongMessage',
				displayOptions: { show: { '/forwardToSmpp': [true], '/entityType': ['phoneNumber'] } },
				type: 'options',
				options: [
					{ name: 'Concatenated Parts (UDH)', value: 'udh' },
					{ name: 'Message Payload', value: 'payload' },
				],
				default: 'udh',
				description: 'How texts longer than one SMS are sent over SMPP',
			},
			{
				displayName: 'SMPP Registered Delivery',
				name: 'smppRegisteredDelivery',
				displayOptions: { show: { '/forwardToSmpp': [true], '/entityType': ['phoneNumber'] } },
				type: 'boolean',
				default: false,
				description: 'Whether to ask the SMSC for delivery receipts of forwarded messages',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description: 'Deadline of one attempt: connect, TLS, request and answer together. The platform allows 10 seconds.',
			},
			{
				displayName: 'Verification Method',
				name: 'verificationMethod',
				type: 'options',
				options: [
					{ name: 'HEAD', value: 'HEAD', description: 'An empty HEAD request' },
					{ name: 'POST', value: 'POST', description: 'A signed test notification' },
				],
				default: 'HEAD',
				description: 'How the endpoint is tested before the first delivery',
			},
			{
				displayName: 'Verify Endpoint',
				name: 'verifyEndpoint',
				type: 'boolean',
				default: true,
				description:
					'Whether to make a test call before the first delivery to this endpoint configuration; only a 200 answer passes. A passed test is remembered until the URL, authentication or signature settings change.',
			},
		],
	},
];
