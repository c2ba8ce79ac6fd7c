import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { credentialDigest } from '../shared/delivery/credential-digest';
import type { RunSettings } from '../shared/delivery/run';
import { WebhookError } from '../shared/errors';
import { allowedDomainsOf } from '../shared/net/allowed-domains';
import { signingAlgorithm, type SignOptions } from '../shared/signature';
import { parseSecret, parseSecrets } from '../shared/standard-webhooks';
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
	if (!(ctx.getNodeParameter('enableHubSignature', 0) as boolean)) return { enabled: false };
	if (ctx.getNodeParameter('signatureScheme', 0, 'hub') === 'standardWebhooks') {
		const credential = await ctx.getCredentials('standardWebhooksApi');
		if (!credential.secret) {
			throw new WebhookError('INVALID_CONFIG', 'The Standard Webhooks credential has no secret', {
				hint: 'Open the Standard Webhooks credential and enter a whsec_ secret.',
			});
		}
		const keys = [parseSecret(String(credential.secret ?? ''), 'Secret'), ...parseSecrets([{ value: credential.previousSecrets, field: 'Previous Secrets' }])];
		return { enabled: true, standardWebhooks: { keys }, digest: credentialDigest({ scheme: 'standardWebhooks', keys: keys.map((key) => key.toString('base64')) }) };
	}
	const credential = await ctx.getCredentials('hubSignatureApi');
	if (!credential.secret) {
		throw new WebhookError('INVALID_CONFIG', 'The Hub Signature credential has no secret', {
			hint: 'Open the Hub Signature credential and enter a secret.',
		});
	}
	const signing: SignOptions = { secret: String(credential.secret), algorithm: signingAlgorithm(credential.algorithm), prefix: options.signaturePrefix };
	return { enabled: true, signing, digest: credentialDigest({ ...signing }) };
}

/** Everything of the node's parameters and credentials that holds for the whole execution. */
export async function readRunSettings(
	ctx: IExecuteFunctions,
	options: NodeOptions,
	scheme: string,
	credential: ICredentialDataDecryptedObject | undefined,
): Promise<RunSettings> {
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
	};
}
