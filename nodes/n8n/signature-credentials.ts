import type { INodeCredentialDescription } from 'n8n-workflow';

/**
 * Every version of the nodes that use them (the trigger has 1 and 1.1, the Outbound Webhook 1): a
 * version left out here hides the credential, and n8n then refuses to read it ("Credentials not
 * found"). A unit test holds this against each node's versions.
 */
const ALL_VERSIONS = [1, 1.1];

/**
 * The two signature credentials, as both nodes show them. `hide` on the boolean, not `show`: n8n
 * 1.x's editor takes a boolean named in a credential's `show` for the node's main authentication
 * field and hides it. `@version` keeps a `show` that names no parameter. `signatureScheme` is in
 * `hide` too: an old workflow has no value there, and n8n fills in the default (`hub`).
 */
export const signatureCredentials: INodeCredentialDescription[] = [
	{
		name: 'hubSignatureApi',
		required: true,
		displayOptions: { show: { '@version': ALL_VERSIONS }, hide: { enableHubSignature: [false], signatureScheme: ['standardWebhooks'] } },
	},
	{
		name: 'standardWebhooksApi',
		required: true,
		displayOptions: { show: { '@version': ALL_VERSIONS }, hide: { enableHubSignature: [false], signatureScheme: ['hub'] } },
	},
];
