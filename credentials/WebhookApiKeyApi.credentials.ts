import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** An API key sent with every outbound webhook notification, as a header or a query parameter. */
export class WebhookApiKeyApi implements ICredentialType {
	name = 'webhookApiKeyApi';

	displayName = 'Webhook API Key API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	properties: INodeProperties[] = [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: 'x-api-key',
			required: true,
			description: 'Name of the header or query parameter that carries the key value',
		},
		{
			displayName: 'Key Value',
			name: 'value',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Send In',
			name: 'sendIn',
			type: 'options',
			options: [
				{ name: 'Header', value: 'header' },
				{ name: 'Query Parameter', value: 'query' },
			],
			default: 'header',
		},
	];
}
