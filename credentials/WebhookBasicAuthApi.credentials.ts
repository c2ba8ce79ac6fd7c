import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** Basic authorization (RFC 7617) for outbound webhook notifications. */
export class WebhookBasicAuthApi implements ICredentialType {
	name = 'webhookBasicAuthApi';

	displayName = 'Webhook Basic Auth API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	properties: INodeProperties[] = [
		{ displayName: 'Username', name: 'user', type: 'string', default: '', required: true },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];
}
