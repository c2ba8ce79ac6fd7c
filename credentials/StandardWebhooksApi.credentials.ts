import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret(s) of the Standard Webhooks scheme (https://www.standardwebhooks.com): the
 * Outbound Webhook node signs `webhook-signature` with them, the Channel Event Trigger verifies it.
 */
export class StandardWebhooksApi implements ICredentialType {
	name = 'standardWebhooksApi';

	displayName = 'Standard Webhooks API';

	documentationUrl = 'https://github.com/n8n-nodes-outbound-webhooks/n8n-nodes-outbound-webhooks#standard-webhooks';

	icon: Icon = { light: 'file:webhookCredential.svg', dark: 'file:webhookCredential.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
			description:
				'The signing secret: whsec_ followed by base64 (the spec asks for 24 to 64 random bytes). Share it with the receiver.',
		},
		{
			displayName: 'Previous Secrets',
			name: 'previousSecrets',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'During a secret rotation: older whsec_ secrets, separated by spaces. The Outbound Webhook node signs with each of them too (one more signature in webhook-signature); the Channel Event Trigger accepts a signature made with any of them. Clear it once the rotation is over.',
		},
	];
}
