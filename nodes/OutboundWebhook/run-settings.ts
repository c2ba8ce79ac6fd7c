import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { parseDelays, SVIX_DELAYS_MS } from '../shared/delivery/policy';
import { newWorkflowReplayKey, replayKeyFrom } from '../shared/delivery/replay';
import type { RunSettings } from '../shared/delivery/run';
import { credentialDigest } from '../shared/delivery/verification';
import { WebhookError } from '../shared/errors';
import { allowedDomainsOf } from '../shared/net/allowed-domains';
import { signingAlgorithm, type SignOptions } from '../shared/signature';
import { parseSecret, parseSecrets, type StandardSigningKey } from '../shared/standard-webhooks';
import { parseSigningKey, publicKeyText } from '../shared/standard-webhooks-v1a';
import { readSignatureChoice } from '../n8n/signature-settings';
import type { NodeOptions } from './options';

/**
 * The signature settings, when signing is on: the hub signature (workflows saved before the scheme
 * choice have no `signatureScheme` and keep it), or Standard Webhooks. A credential that cannot sign
 * (no secret, legacy SHA1, a secret that is not whsec_) is refused here, before anything is sent.
 */
async function readSigning(
	ctx: IExecuteFunctions,
	options: NodeOptions,
): Promise<Pick<RunSettings, 'signing' | 'standardWebhooks'> & { enabled: boolean; digest?: string }> {
	const choice = await readSignatureChoice(
		(name, fallback) => ctx.getNodeParameter(name, 0, fallback),
		async (type) => await ctx.getCredentials(type),
	);
	if (!choice) return { enabled: false };
	const { credential } = choice;
	if (choice.scheme === 'standardWebhooks') {
		const signingKey = String(credential.signingKey ?? '').trim();
		if (!credential.secret && !signingKey) {
			throw new WebhookError('INVALID_CONFIG', 'The Standard Webhooks credential has no secret', {
				hint: 'Open the Standard Webhooks credential and enter a whsec_ secret, a whsk_ secret key, or both.',
			});
		}
		const symmetric = credential.secret
			? [parseSecret(String(credential.secret), 'Secret'), ...parseSecrets([{ value: credential.previousSecrets, field: 'Previous Secrets' }])]
			: [];
		// v1 signatures first, then v1a (ed25519), as the spec's example header lists them.
		const keys: StandardSigningKey[] = [...symmetric, ...(signingKey ? [parseSigningKey(signingKey)] : [])];
		const fingerprint = keys.map((key) => (Buffer.isBuffer(key) ? key.toString('base64') : publicKeyText(key)));
		return { enabled: true, standardWebhooks: { keys }, digest: credentialDigest({ scheme: 'standardWebhooks', keys: fingerprint }) };
	}
	if (!credential.secret) {
		throw new WebhookError('INVALID_CONFIG', 'The Hub Signature credential has no secret', {
			hint: 'Open the Hub Signature credential and enter a secret.',
		});
	}
	const signing: SignOptions = { secret: String(credential.secret), algorithm: signingAlgorithm(credential.algorithm), prefix: options.signaturePrefix };
	return { enabled: true, signing, digest: credentialDigest({ ...signing }) };
}

/** The extended schedule's delays in ms (none by default: the spec's in-run retries only). */
export function readExtendedDelays(options: NodeOptions): readonly number[] {
	if (options.extendedRetries === 'svix') return SVIX_DELAYS_MS;
	if (options.extendedRetries !== 'custom') return [];
	const delays = parseDelays(options.extendedRetryDelays);
	if (delays.length === 0) {
		throw new WebhookError('INVALID_CONFIG', 'Extended Retries is set to Custom but Extended Retry Delays is empty', {
			hint: 'Enter the delays under Options → Extended Retry Delays, e.g. 5m, 30m, 2h, or choose another Extended Retries setting.',
		});
	}
	return delays;
}

/**
 * The replay mark's key (shared/delivery/replay.ts says what each choice lets a stranger do): from
 * the signing secret when signing is on, else from the authorization credential, else a random key
 * kept in the workflow's static data (shared by the workflow's Outbound Webhook nodes).
 */
function readReplayKey(
	ctx: IExecuteFunctions,
	signing: Pick<RunSettings, 'signing' | 'standardWebhooks'>,
	credential: ICredentialDataDecryptedObject | undefined,
): Buffer {
	if (signing.signing) {
		const { secret } = signing.signing;
		return replayKeyFrom('signing', typeof secret === 'string' ? secret : secret.export());
	}
	if (signing.standardWebhooks) {
		// The first key: a whsec_ secret's bytes, or a whsk_ ed25519 private key's PKCS#8 bytes.
		const [key] = signing.standardWebhooks.keys;
		return replayKeyFrom('signing', Buffer.isBuffer(key) ? key : key.export({ format: 'der', type: 'pkcs8' }));
	}
	if (credential) return replayKeyFrom('credential', credentialDigest(credential));
	const staticData = ctx.getWorkflowStaticData('global') as { replayMarkKey?: string };
	staticData.replayMarkKey ??= newWorkflowReplayKey();
	return replayKeyFrom('workflow', Buffer.from(staticData.replayMarkKey, 'base64'));
}

/** Where the items are delivered from: names the default delivery id of items that are not events. */
export const originOf = (ctx: IExecuteFunctions): { workflowId: string; nodeId: string } => ({
	workflowId: String(ctx.getWorkflow().id ?? ''),
	nodeId: String(ctx.getNode().id ?? ctx.getNode().name),
});

/**
 * Everything of the node's parameters and credentials that holds for the whole execution: the core's
 * settings, and whether the node routes incoming messages to SMPP.
 */
export async function readRunSettings(
	ctx: IExecuteFunctions,
	options: NodeOptions,
	scheme: string,
	credential: ICredentialDataDecryptedObject | undefined,
): Promise<RunSettings & { forwardToSmpp: boolean }> {
	const entity = { type: ctx.getNodeParameter('entityType', 0) as string, id: ctx.getNodeParameter('entityId', 0, '') as string };
	const { enabled: signed, signing, standardWebhooks, digest } = await readSigning(ctx, options);
	const staticData = ctx.getWorkflowStaticData('node') as { verifiedEndpoints?: Record<string, string> };
	return {
		signing,
		standardWebhooks,
		allowedDomains: credential && allowedDomainsOf(credential),
		verification: options.verifyEndpoint
			? {
					method: options.verificationMethod,
					store: (staticData.verifiedEndpoints ??= {}),
					identity: {
						scheme,
						authDigest: credential ? credentialDigest(credential) : 'none',
						signing: digest,
					},
				}
			: undefined,
		delivery: {
			schedule: { maxRetries: options.maxRetries, retryIntervalMs: options.retryInterval * 1000, maxRetryAfterMs: options.maxRetryAfter * 1000 },
			timeoutMs: options.timeout,
			concurrency: options.concurrency,
		},
		// The spec: Forward to SMPP is offered for a phone number's incoming messages with hub signature off.
		forwardToSmpp: entity.type === 'phoneNumber' && !signed && (ctx.getNodeParameter('forwardToSmpp', 0, false) as boolean),
		stopOnError: !ctx.continueOnFail(),
		entity,
		// The node id stays when the node is renamed; the workflow id when it is renamed or moved.
		origin: originOf(ctx),
		extended: { delaysMs: readExtendedDelays(options), maxRetryAfterMs: options.maxRetryAfter * 1000 },
		replayKey: readReplayKey(ctx, { signing, standardWebhooks }, credential),
	};
}
