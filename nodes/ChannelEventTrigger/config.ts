import type { IWebhookFunctions } from 'n8n-workflow';

import type { AnswerTiming } from '../shared/answer-timing';
import type { EntityType } from '../shared/catalog';
import { parseEndpointUrl } from '../shared/http/url';
import { DEFAULT_AWS_CLOCK_SKEW_SECONDS, DEFAULT_JWT_LEEWAY_SECONDS, type BearerInboundAuth, type InboundAuth } from '../shared/inbound-auth';
import { DEFAULT_MAX_EVENTS, type ReceiveConfig } from '../shared/receive';
import { verifyingAlgorithm } from '../shared/signature';
import { DEFAULT_TOLERANCE_SECONDS, parseSecret, parseSecrets } from '../shared/standard-webhooks';
import { parseVerifyingKey } from '../shared/standard-webhooks-v1a';
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
	awsClockSkew?: number;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const positive = (value: unknown, fallback: number): number => {
	const number = Number(value ?? fallback);
	return Number.isFinite(number) && number >= 0 ? number : fallback;
};

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
			// A whpk_ public key alone verifies v1a (ed25519) signatures; a whsec_ secret, v1 ones.
			const publicKeys = text(credential.publicKey).trim() ? [parseVerifyingKey(text(credential.publicKey))] : [];
			const keys =
				publicKeys.length > 0 && !credential.secret
					? []
					: [parseSecret(String(credential.secret ?? ''), 'Secret'), ...parseSecrets([{ value: credential.previousSecrets, field: 'Previous Secrets' }])];
			const tolerance = Number(options.timestampTolerance ?? DEFAULT_TOLERANCE_SECONDS);
			standardWebhooks = { keys, publicKeys, toleranceSeconds: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS };
		} else {
			const credential = await triggerCredential(ctx, 'hubSignatureApi');
			const secrets = [credential.secret, credential.previousSecret].filter(
				(secret): secret is string => typeof secret === 'string' && secret !== '',
			);
			hubSignature = { secrets, algorithm: verifyingAlgorithm(credential.algorithm) };
		}
	}

	const auth = await readInboundAuth(ctx, options);

	const maxBodyBytes = Math.max(1, Number(options.maxBodySize ?? BYTES_PER_KB)) * BYTES_PER_KB;
	const maxEventsOption = Number(options.maxEventsPerRequest ?? DEFAULT_MAX_EVENTS);
	const maxEvents = Number.isFinite(maxEventsOption) && maxEventsOption >= 1 ? Math.floor(maxEventsOption) : DEFAULT_MAX_EVENTS;
	return { config: { maxBodyBytes, maxEvents, hubSignature, standardWebhooks, auth, subscription }, options, answer: readAnswerTiming(ctx) };
}

/** A Webhook Bearer Token (Verify) credential as the core's bearer check: for requests and for its Test. */
export function bearerAuthFromCredential(credential: Record<string, unknown>): BearerInboundAuth {
	const introspection = credential.verifyBy === 'introspection';
	const keySource = text(credential.keySource) || 'jwksUrl';
	return {
		type: 'oAuth2',
		mode: introspection ? 'introspection' : 'jwt',
		secret: !introspection && keySource === 'secret' ? text(credential.secret) : undefined,
		publicKey: !introspection && keySource === 'publicKey' ? text(credential.publicKey) : undefined,
		jwksUrl: !introspection && keySource === 'jwksUrl' ? parseEndpointUrl(credential.jwksUrl).href : undefined,
		introspection: introspection
			? { url: parseEndpointUrl(credential.introspectionUrl).href, clientId: text(credential.clientId), clientSecret: text(credential.clientSecret) }
			: undefined,
		issuer: text(credential.issuer).trim(),
		audience: text(credential.audience).trim(),
		leewaySeconds: positive(credential.leeway, DEFAULT_JWT_LEEWAY_SECONDS),
	};
}

/** The `authentication` parameter and its credential, as the core's InboundAuth. */
async function readInboundAuth(ctx: IWebhookFunctions, options: TriggerOptions): Promise<InboundAuth> {
	let auth: InboundAuth = { type: 'none' };
	const scheme = ctx.getNodeParameter('authentication', 'none') as string;
	if (scheme === 'digestAuth') {
		const credential = await triggerCredential(ctx, 'webhookDigestAuthApi');
		auth = {
			type: 'digestAuth',
			user: text(credential.user),
			password: text(credential.password),
			realm: text(credential.realm),
			algorithm: text(credential.algorithm),
			nonce: text(credential.nonce),
			opaque: text(credential.opaque),
		};
	} else if (scheme === 'awsSignature') {
		const credential = await triggerCredential(ctx, 'webhookAwsSignatureApi');
		auth = {
			type: 'awsSignature',
			accessKeyId: text(credential.accessKeyId).trim(),
			secretAccessKey: text(credential.secretAccessKey),
			region: text(credential.region).trim(),
			service: text(credential.service).trim(),
			sessionToken: text(credential.sessionToken),
			clockSkewSeconds: positive(options.awsClockSkew, DEFAULT_AWS_CLOCK_SKEW_SECONDS),
		};
	} else if (scheme === 'oAuth2') {
		auth = bearerAuthFromCredential(await triggerCredential(ctx, 'webhookBearerTokenApi'));
	} else if (scheme === 'basicAuth') {
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
	return auth;
}
