import type { IWebhookFunctions } from 'n8n-workflow';

import type { AnswerTiming } from '../shared/answer-timing';
import type { EntityType } from '../shared/catalog';
import type { InboundAuth } from '../shared/inbound-auth';
import { DEFAULT_MAX_EVENTS, type ReceiveConfig } from '../shared/receive';
import { verifyingAlgorithm } from '../shared/signature';
import { DEFAULT_TOLERANCE_SECONDS, parseSecret, parseSecrets } from '../shared/standard-webhooks';
import type { Subscription } from '../shared/subscription';
import { triggerCredential } from './credentials';
import { RESPOND_AFTER_RUN } from './description';

const BYTES_PER_KB = 1024;

export interface TriggerOptions {
	includeHeaders?: boolean;
	includeRawBody?: boolean;
	includeUnrecognised?: boolean;
	maxBodySize?: number;
	maxEventsPerRequest?: number;
	timestampTolerance?: number;
}

/**
 * Respond: after the run only when the parameter says `lastNode`, as the POST webhook's response
 * mode decides it for n8n (description.ts); no parameter (an older workflow) answers immediately.
 */
function readAnswerTiming(ctx: IWebhookFunctions): AnswerTiming {
	return ctx.getNodeParameter('responseMode', '') === RESPOND_AFTER_RUN ? 'afterRun' : 'onReceipt';
}

/** Reads parameters and credentials into the core's plain configuration. */
export async function readConfig(ctx: IWebhookFunctions): Promise<{ config: ReceiveConfig; options: TriggerOptions; answer: AnswerTiming }> {
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const subscription: Subscription = {
		entityType: ctx.getNodeParameter('entityType', 'service') as EntityType,
		entityId: String(ctx.getNodeParameter('entityId', '') ?? ''),
		events: ctx.getNodeParameter('events', []) as Subscription['events'],
		receipts: ctx.getNodeParameter('receipts', {}) as Subscription['receipts'],
		includeUnrecognised: options.includeUnrecognised === true,
	};

	let hubSignature: ReceiveConfig['hubSignature'];
	let standardWebhooks: ReceiveConfig['standardWebhooks'];
	if (ctx.getNodeParameter('enableHubSignature', false) as boolean) {
		// Workflows saved before the scheme choice have no value: they keep the hub signature.
		if (ctx.getNodeParameter('signatureScheme', 'hub') === 'standardWebhooks') {
			const credential = await triggerCredential(ctx, 'standardWebhooksApi');
			const keys = [parseSecret(String(credential.secret ?? ''), 'Secret'), ...parseSecrets([{ value: credential.previousSecrets, field: 'Previous Secrets' }])];
			const tolerance = Number(options.timestampTolerance ?? DEFAULT_TOLERANCE_SECONDS);
			standardWebhooks = { keys, toleranceSeconds: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS };
		} else {
			const credential = await triggerCredential(ctx, 'hubSignatureApi');
			const secrets = [credential.secret, credential.previousSecret].filter(
				(secret): secret is string => typeof secret === 'string' && secret !== '',
			);
			hubSignature = { secrets, algorithm: verifyingAlgorithm(credential.algorithm) };
		}
	}

	let auth: InboundAuth = { type: 'none' };
	const scheme = ctx.getNodeParameter('authentication', 'none') as string;
	if (scheme === 'basicAuth') {
		const credential = await triggerCredential(ctx, 'webhookBasicAuthApi');
		auth = { type: 'basicAuth', user: String(credential.user ?? ''), password: String(credential.password ?? '') };
	} else if (scheme === 'apiKey') {
		const credential = await triggerCredential(ctx, 'webhookApiKeyApi');
		auth = {
			type: 'apiKey',
			name: String(credential.name ?? 'x-api-key'),
			value: String(credential.value ?? ''),
			in: credential.sendIn === 'query' ? 'query' : 'header',
		};
	}

	const maxBodyBytes = Math.max(1, Number(options.maxBodySize ?? BYTES_PER_KB)) * BYTES_PER_KB;
	const maxEventsOption = Number(options.maxEventsPerRequest ?? DEFAULT_MAX_EVENTS);
	const maxEvents = Number.isFinite(maxEventsOption) && maxEventsOption >= 1 ? Math.floor(maxEventsOption) : DEFAULT_MAX_EVENTS;
	return { config: { maxBodyBytes, maxEvents, hubSignature, standardWebhooks, auth, subscription }, options, answer: readAnswerTiming(ctx) };
}
