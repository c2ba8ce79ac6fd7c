/**
 * Which signature a node uses and its credential, read the same way by both nodes: the Outbound
 * Webhook signs with it, the Channel Event Trigger verifies with it. Each node turns the credential's
 * fields into its own settings (signing keys, or verifying keys and secrets).
 */

/** A credential's decrypted fields, as n8n hands them out. */
export type SignatureCredentialData = Record<string, unknown>;

export type SignatureChoice =
	| { scheme: 'hub'; credential: SignatureCredentialData }
	| { scheme: 'standardWebhooks'; credential: SignatureCredentialData };

/**
 * The node's signature choice, or undefined when signing is off. `parameter` reads a node parameter
 * (with its fallback); `credential` reads a credential of a type. Workflows saved before the scheme
 * choice have no `signatureScheme`: they keep the hub signature.
 */
export async function readSignatureChoice(
	parameter: (name: string, fallback: unknown) => unknown,
	credential: (type: 'hubSignatureApi' | 'standardWebhooksApi') => Promise<SignatureCredentialData>,
): Promise<SignatureChoice | undefined> {
	if (!(parameter('enableHubSignature', false) as boolean)) return undefined;
	if (parameter('signatureScheme', 'hub') === 'standardWebhooks') return { scheme: 'standardWebhooks', credential: await credential('standardWebhooksApi') };
	return { scheme: 'hub', credential: await credential('hubSignatureApi') };
}
