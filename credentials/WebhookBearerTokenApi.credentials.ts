import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What the Channel Event Trigger needs to check the OAuth 2.0 bearer token a sender attaches
 * (RFC 6750): the key that verifies a JWT (a shared HS256 secret, an RS256 / ES256 public key, or
 * the authorization server's JWKS URL), or the introspection endpoint (RFC 7662) for opaque tokens.
 * Sending uses the Outbound Webhook OAuth2 API credential instead: it holds a client's secret and
 * token URL, nothing that verifies a token.
 */
export class WebhookBearerTokenApi implements ICredentialType {
	name = 'webhookBearerTokenApi';

	displayName = 'Webhook Bearer Token (Verify) API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#channel-event-trigger';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Verify By',
			name: 'verifyBy',
			type: 'options',
			options: [
				{ name: 'JWT (Signed Token)', value: 'jwt', description: 'Verify the token\'s signature and its iss, aud, exp and nbf claims' },
				{ name: 'Opaque Token (Introspection)', value: 'introspection', description: 'Ask the authorization server whether the token is active (RFC 7662)' },
			],
			default: 'jwt',
		},
		{
			displayName: 'Key Source',
			name: 'keySource',
			type: 'options',
			options: [
				{ name: 'JWKS URL', value: 'jwksUrl', description: 'RS256 / ES256 keys published by the authorization server, fetched and cached' },
				{ name: 'Public Key', value: 'publicKey', description: 'One RS256 or ES256 public key (PEM)' },
				{ name: 'Shared Secret (HS256)', value: 'secret', description: 'The secret the token issuer signs with' },
			],
			default: 'jwksUrl',
			displayOptions: { show: { verifyBy: ['jwt'] } },
		},
		{
			displayName: 'JWKS URL',
			name: 'jwksUrl',
			type: 'string',
			default: '',
			placeholder: 'https://auth.example.com/.well-known/jwks.json',
			displayOptions: { show: { verifyBy: ['jwt'], keySource: ['jwksUrl'] } },
			description: 'HTTPS URL of the JSON Web Key Set. Fetched through n8n\'s SSRF settings, cached for 10 minutes, fetched again for an unknown key ID.',
		},
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			// eslint-disable-next-line n8n-nodes-base/cred-class-field-type-options-password-missing -- a public key is no secret
			typeOptions: { rows: 4 },
			default: '',
			placeholder: '-----BEGIN PUBLIC KEY-----',
			displayOptions: { show: { verifyBy: ['jwt'], keySource: ['publicKey'] } },
			description: 'RSA (RS256) or EC P-256 (ES256) public key or certificate, in PEM',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { verifyBy: ['jwt'], keySource: ['secret'] } },
			description: 'HS256 secret shared with the token issuer',
		},
		{
			displayName: 'Introspection URL',
			name: 'introspectionUrl',
			type: 'string',
			default: '',
			placeholder: 'https://auth.example.com/oauth2/introspect',
			displayOptions: { show: { verifyBy: ['introspection'] } },
			description: 'HTTPS introspection endpoint. An active answer is cached until the token\'s exp.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			displayOptions: { show: { verifyBy: ['introspection'] } },
			description: 'The client n8n authenticates as at the introspection endpoint (HTTP Basic)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { verifyBy: ['introspection'] } },
		},
		{
			displayName: 'Custom CA Certificate',
			name: 'caCertificate',
			type: 'string',
			// Hidden as n8n's own SSL credential hides its CA (and n8n's package rules require it); the node
			// reads the PEM even when the field's single line dropped its line breaks.
			typeOptions: { password: true },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			// Shown for every choice: n8n's display rules cannot say "JWKS URL or introspection", and hiding
			// it by Key Source would hide it for introspection whenever a key source was picked before.
			description: 'Only for the JWKS URL and the Introspection URL, when a private CA issued the authorization server\'s HTTPS certificate: that CA\'s certificate in PEM, trusted besides the public CAs. Empty: the public CAs (and NODE_EXTRA_CA_CERTS).',
		},
		{
			displayName: 'Issuer',
			name: 'issuer',
			type: 'string',
			default: '',
			placeholder: 'https://auth.example.com',
			description: 'The iss the token must carry. Empty: not checked (not recommended).',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: '',
			description: 'A value the token\'s aud must name, e.g. the identifier of this n8n API. Empty: not checked (not recommended).',
		},
		{
			displayName: 'Clock Leeway (Seconds)',
			name: 'leeway',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			displayOptions: { show: { verifyBy: ['jwt'] } },
			description: 'How far exp and nbf may be off n8n\'s clock',
		},
	];
}
