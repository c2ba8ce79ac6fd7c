import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Digest access authorization (RFC 7616). Username and password are enough: realm, nonce and the
 * rest are read from the endpoint's challenge (WWW-Authenticate). The optional fields are the
 * spec's; filling realm and nonce sends a pre-emptive answer with the first request.
 */
export class WebhookDigestAuthApi implements ICredentialType {
	name = 'webhookDigestAuthApi';

	displayName = 'Webhook Digest Auth API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{ displayName: 'Username', name: 'user', type: 'string', default: '', required: true, description: 'Username to authenticate the request' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Password to authenticate the request. Only its digest is sent, never the password itself.',
		},
		{
			displayName:
				'The fields below are optional. Leave them empty and the node answers the challenge the endpoint sends (recommended). Fill Realm and Nonce to answer before the first challenge.',
			name: 'optionalNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Realm',
			name: 'realm',
			type: 'string',
			default: '',
			description: 'Realm from the endpoint\'s WWW-Authenticate header, e.g. api@example.com',
		},
		{
			displayName: 'Nonce',
			name: 'nonce',
			type: 'string',
			default: '',
			description: 'Server nonce from the endpoint\'s WWW-Authenticate header. Replaced by the endpoint\'s own when it challenges.',
		},
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'Automatic (From the Challenge)', value: '' },
				{ name: 'MD5', value: 'MD5' },
				{ name: 'MD5-Sess', value: 'MD5-sess' },
				{ name: 'SHA-256', value: 'SHA-256' },
				{ name: 'SHA-256-Sess', value: 'SHA-256-sess' },
				{ name: 'SHA-512-256', value: 'SHA-512-256' },
				{ name: 'SHA-512-256-Sess', value: 'SHA-512-256-sess' },
			],
			default: '',
			description: 'Digest algorithm for a pre-emptive answer. When the endpoint offers several, the strongest is used.',
		},
		{
			displayName: 'QOP',
			name: 'qop',
			type: 'options',
			options: [
				{ name: 'Automatic (From the Challenge)', value: '' },
				{ name: 'Auth', value: 'auth', description: 'Authenticates the request' },
				{ name: 'Auth-Int', value: 'auth-int', description: 'Also protects the body: its hash is part of the answer' },
			],
			default: '',
			description: 'Quality of protection. Must be one the endpoint offers; with Automatic, auth is preferred when both are offered.',
		},
		{
			displayName: 'Nonce Count',
			name: 'nonceCount',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'Count of the first pre-emptive request with the configured nonce (sent as 8 hex digits); it counts up by itself afterwards',
		},
		{
			displayName: 'Client Nonce',
			name: 'cnonce',
			type: 'string',
			default: '',
			description: 'Client nonce for the configured nonce. Leave empty for a fresh random one per request (recommended).',
		},
		{
			displayName: 'Opaque',
			name: 'opaque',
			type: 'string',
			default: '',
			description: 'Opaque value from the endpoint\'s WWW-Authenticate header, sent back as is',
		},
	];
}
