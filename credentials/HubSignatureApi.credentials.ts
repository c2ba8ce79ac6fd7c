import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** The hub secret that signs (Outbound Webhook) or verifies (Channel Event Trigger) `x-hub-signature`. */
export class HubSignatureApi implements ICredentialType {
	name = 'hubSignatureApi';

	displayName = 'Hub Signature API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#hub-signature';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Key of the HMAC that signs each notification body. Share it with the receiver.',
		},
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'SHA256', value: 'sha256' },
				{ name: 'SHA512', value: 'sha512' },
				{
					name: 'SHA1 (Legacy, Verifying Only)',
					value: 'sha1',
					description:
						'Only for the Channel Event Trigger receiving from an existing platform configuration that still signs with SHA1. The Outbound Webhook node refuses to sign with it.',
				},
			],
			default: 'sha256',
			description:
				'HMAC algorithm (RFC 2104). SHA1 is kept only to verify existing platform configurations, as the platform no longer offers it for new ones.',
		},
		{
			displayName: 'Previous Secret',
			name: 'previousSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for receiving (Channel Event Trigger): during a secret rotation, signatures made with this older secret are still accepted. Clear it once every sender uses the new secret.',
		},
	];
}
