import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { credentialDigest } from '../shared/delivery/credential-digest';
import type { RunSettings } from '../shared/delivery/run';
import { WebhookError } from '../shared/errors';
import { allowedDomainsOf } from '../shared/net/allowed-domains';
import type { HubAlgorithm, SignOptions } from '../shared/signature';
import type { NodeOptions } from './options';

/** The Hub Signature settings, when signing is on. */
async function readSigning(ctx: IExecuteFunctions, options: NodeOptions): Promise<SignOptions | undefined> {
	if (!(ctx.getNodeParameter('enableHubSignature', 0) as boolean)) return undefined;
	const credential = await ctx.getCredentials('hubSignatureApi');
	if (!credential.secret) {
		throw new WebhookError('INVALID_CONFIG', 'The Hub Signature credential has no secret', {
			hint: 'Open the Hub Signature credential and enter a secret.',
		});
	}
	return { secret: String(credential.secret), algorithm: (credential.algorithm as HubAlgorithm) ?? 'sha256', prefix: options.signaturePrefix };
}

/** Everything of the node's parameters and credentials that holds for the whole execution. */
export async function readRunSettings(
	ctx: IExecuteFunctions,
	options: NodeOptions,
	scheme: string,
	credential: ICredentialDataDecryptedObject | undefined,
): Promise<RunSettings> {
	const entity = { type: ctx.getNodeParameter('entityType', 0) as string, id: ctx.getNodeParameter('entityId', 0, '') as string };
	const signing = await readSigning(ctx, options);
	const staticData = ctx.getWorkflowStaticData('node') as { verifiedEndpoints?: Record<string, string> };
	return {
		signing,
		allowedDomains: credential && allowedDomainsOf(credential),
		verification: options.verifyEndpoint
			? {
					method: options.verificationMethod,
					store: (staticData.verifiedEndpoints ??= {}),
					identity: {
						scheme,
						authDigest: credential ? credentialDigest(credential) : 'none',
						signing: signing && credentialDigest({ ...signing }),
					},
				}
			: undefined,
		delivery: {
			schedule: { maxRetries: options.maxRetries, retryIntervalMs: options.retryInterval * 1000, maxRetryAfterMs: options.maxRetryAfter * 1000 },
			timeoutMs: options.timeout,
			concurrency: options.concurrency,
		},
		// The spec: Forward to SMPP is offered for a phone number's incoming messages with hub signature off.
		forwardToSmpp: entity.type === 'phoneNumber' && !signing && (ctx.getNodeParameter('forwardToSmpp', 0, false) as boolean),
		stopOnError: !ctx.continueOnFail(),
		entity,
	};
}
