import type { IWebhookFunctions } from 'n8n-workflow';

import type { AnswerTiming } from '../shared/answer-timing';
import type { EntityType } from '../shared/catalog';
import { authSchemeRow } from '../shared/auth-schemes';
import type { InboundAuth } from '../shared/inbound-auth';
import { DEFAULT_MAX_EVENTS, type ReceiveConfig } from '../shared/receive';
import { verifyingAlgorithm } from '../shared/signature';
import { DEFAULT_TOLERANCE_SECONDS, parseSecret, parseSecrets } from '../shared/standard-webhooks';
import { parseVerifyingKey } from '../shared/standard-webhooks-v1a';
import type { Subscription } from '../shared/subscription';
import { readSignatureChoice } from '../n8n/signature-settings';
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
	awsClockSkew?: number;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

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
	const choice = await readSignatureChoice(
		(name, fallback) => ctx.getNodeParameter(name, fallback),
		async (type) => await triggerCredential(ctx, type),
	);
	if (choice?.scheme === 'standardWebhooks') {
		const { credential } = choice;
		// A whpk_ public key alone verifies v1a (ed25519) signatures; a whsec_ secret, v1 ones.
		const publicKeys = text(credential.publicKey).trim() ? [parseVerifyingKey(text(credential.publicKey))] : [];
		const keys =
			publicKeys.length > 0 && !credential.secret
				? []
				: [parseSecret(String(credential.secret ?? ''), 'Secret'), ...parseSecrets([{ value: credential.previousSecrets, field: 'Previous Secrets' }])];
		const tolerance = Number(options.timestampTolerance ?? DEFAULT_TOLERANCE_SECONDS);
		standardWebhooks = { keys, publicKeys, toleranceSeconds: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS };
	} else if (choice?.scheme === 'hub') {
		const { credential } = choice;
		const secrets = [credential.secret, credential.previousSecret].filter((secret): secret is string => typeof secret === 'string' && secret !== '');
		hubSignature = { secrets, algorithm: verifyingAlgorithm(credential.algorithm) };
	}

	const auth = await readInboundAuth(ctx, options);

	const maxBodyBytes = Math.max(1, Number(options.maxBodySize ?? BYTES_PER_KB)) * BYTES_PER_KB;
	const maxEventsOption = Number(options.maxEventsPerRequest ?? DEFAULT_MAX_EVENTS);
	const maxEvents = Number.isFinite(maxEventsOption) && maxEventsOption >= 1 ? Math.floor(maxEventsOption) : DEFAULT_MAX_EVENTS;
	return { config: { maxBodyBytes, maxEvents, hubSignature, standardWebhooks, auth, subscription }, options, answer: readAnswerTiming(ctx) };
}

/** The `authentication` parameter and its credential, as the core's InboundAuth (by the table of schemes). */
async function readInboundAuth(ctx: IWebhookFunctions, options: TriggerOptions): Promise<InboundAuth> {
	const row = authSchemeRow(ctx.getNodeParameter('authentication', 'none') as string);
	return row ? row.inbound(await triggerCredential(ctx, row.inboundCredential), options) : { type: 'none' };
}
