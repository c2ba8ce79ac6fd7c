import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** An API key sent with every outbound webhook notification, as a header or a query parameter. */
export class WebhookApiKeyApi implements ICredentialType {
	name = 'webhookApiKeyApi';

	displayName = 'Webhook Key Auth API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Key',
			name: 'name',
			type: 'string',
			default: 'x-api-key',
			required: true,
			description: 'Name of the header or query parameter that carries the key, as the endpoint expects it',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- `value` is the API key itself
		{
			displayName: 'Key Value',
			name: 'value',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The key itself',
		},
		{
			displayName: 'Send In',
			name: 'sendIn',
			type: 'options',
			options: [
				{ name: 'Header', value: 'header', description: 'Recommended: headers are not written to access logs as often as URLs' },
				{ name: 'Query Parameter', value: 'query', description: 'Appended to the URL as ?key=value' },
			],
			default: 'header',
			description: 'Where the key goes in each request',
		},
	];
}
