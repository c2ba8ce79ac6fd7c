import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** Basic authorization (RFC 7617) for outbound webhook notifications. */
export class WebhookBasicAuthApi implements ICredentialType {
	name = 'webhookBasicAuthApi';

	displayName = 'Webhook Basic Auth API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'Login name the receiving endpoint expects. It may not contain a colon (:). Non-ASCII characters are sent as UTF-8.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Password for the username. Sent with every notification and test call, over HTTPS only.',
		},
	];

	// Lets the same credential serve n8n's own HTTP helpers (e.g. the HTTP Request node) too.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { auth: { username: '={{$credentials.user}}', password: '={{$credentials.password}}' } },
	};
}
