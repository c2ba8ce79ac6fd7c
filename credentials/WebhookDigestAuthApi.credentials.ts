import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Digest access authorization (RFC 7616). Username and password are enough: the realm, nonce and
 * the rest are read from the server's challenge. Filling them allows a pre-emptive first request.
 */
export class WebhookDigestAuthApi implements ICredentialType {
	name = 'webhookDigestAuthApi';

	displayName = 'Webhook Digest Auth API';

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
