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
			placeholder: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
			description:
				'The symmetric signing secret (v1 signatures): whsec_ followed by base64 (the spec asks for 24 to 64 random bytes). Share it with the receiver. May stay empty when a Secret Key (sender) or Public Key (receiver) is set.',
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
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- a whsk_ ed25519 secret key
		{
			displayName: 'Secret Key (Asymmetric, to Sign)',
			name: 'signingKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsk_...',
			description:
				'Outbound Webhook: an ed25519 secret key, whsk_ followed by base64 (32-byte seed or 64-byte secret key). Each request then also carries a v1a signature, after the v1 ones when a Secret is set too. Give the receiver only the matching Public Key.',
		},
		{
			displayName: 'Public Key (Asymmetric, to Verify)',
			name: 'publicKey',
			// eslint-disable-next-line n8n-nodes-base/cred-class-field-type-options-password-missing -- a public key is no secret
			type: 'string',
			default: '',
			placeholder: 'whpk_...',
			description:
				'Channel Event Trigger: the sender\'s ed25519 public key, whpk_ followed by base64 (32 bytes). A v1a signature made with its secret key is accepted; with a Secret set too, a matching v1 signature is accepted as well.',
		},
	];
}
