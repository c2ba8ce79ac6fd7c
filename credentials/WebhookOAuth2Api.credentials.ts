import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** OAuth 2.0, authorization code or client credentials grant, built on n8n's OAuth2 credential. */
export class WebhookOAuth2Api implements ICredentialType {
	name = 'webhookOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Webhook OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#authorization';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
			],
			default: 'clientCredentials',
		},
	];
}
