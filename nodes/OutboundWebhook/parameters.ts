import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { WebhookError } from '../shared/errors';
import { parseDelays, SVIX_DELAYS_MS } from '../shared/delivery/extended-schedule';
import type { VerificationMethod } from '../shared/delivery/verify';

/** The credential type each `authentication` option uses. */
export const AUTH_CREDENTIAL_TYPES: Record<string, string> = {
	basicAuth: 'webhookBasicAuthApi',
	digestAuth: 'webhookDigestAuthApi',
	awsSignature: 'webhookAwsSignatureApi',
	apiKey: 'webhookApiKeyApi',
	oAuth2: 'webhookOAuth2Api',
};

export interface NodeOptions {
	verifyEndpoint: boolean;
	verificationMethod: VerificationMethod;
	timeout: number;
	maxRetries: number;
	retryInterval: number;
	maxRetryAfter: number;
	concurrency: number;
	allowUnauthorizedCerts: boolean;
	caCertificate: string;
	signaturePrefix: boolean;
	blockPrivateNetworks: boolean;
	extendedRetries: 'none' | 'svix' | 'custom';
	extendedRetryDelays: string;
}

const DEFAULTS: NodeOptions = {
	verifyEndpoint: true,
	verificationMethod: 'HEAD',
	timeout: 10_000,
	maxRetries: 3,
	retryInterval: 60,
	maxRetryAfter: 300,
	concurrency: 20,
	allowUnauthorizedCerts: false,
	caCertificate: '',
	signaturePrefix: false,
	blockPrivateNetworks: false,
	extendedRetries: 'none',
	extendedRetryDelays: '',
};

/** The node's options (first item's values: they configure the whole execution). */
export function readOptions(ctx: IExecuteFunctions): NodeOptions {
	const raw = ctx.getNodeParameter('options', 0, {}) as Partial<NodeOptions>;
	const options = { ...DEFAULTS, ...raw };
	options.concurrency = Math.max(1, Math.floor(Number(options.concurrency) || DEFAULTS.concurrency));
	options.maxRetries = Math.max(0, Math.floor(Number(options.maxRetries)));
	options.retryInterval = Math.max(0, Number(options.retryInterval));
	options.timeout = Math.max(1, Number(options.timeout) || DEFAULTS.timeout);
	return options;
}

/** The extended schedule's delays in ms (none by default: the spec's in-run retries only). */
export function readExtendedDelays(options: NodeOptions): readonly number[] {
	if (options.extendedRetries === 'svix') return SVIX_DELAYS_MS;
	if (options.extendedRetries === 'custom') {
		const delays = parseDelays(options.extendedRetryDelays);
		if (delays.length === 0) {
			throw new WebhookError('INVALID_CONFIG', 'Extended Retries is set to Custom but Extended Retry Delays is empty', {
				hint: 'Enter the delays under Options → Extended Retry Delays, e.g. 5m, 30m, 2h, or choose another Extended Retries setting.',
			});
		}
		return delays;
	}
	return [];
}

function pick(source: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined), source);
}

/** The body of one item: the item's JSON, one field of it, or the custom JSON. */
export function readBody(ctx: IExecuteFunctions, index: number, json: IDataObject): unknown {
	const mode = ctx.getNodeParameter('bodyContent', index, 'item') as string;
	if (mode === 'field') {
		const path = (ctx.getNodeParameter('bodyField', index, '') as string).trim();
		const value = pick(json, path);
		if (!path || value === undefined) {
			throw new WebhookError('INVALID_CONFIG', `The item has no field "${path}" to send`, {
				hint: 'Check the Field name under Body Content, or choose Whole Item.',
			});
		}
		return value;
	}
	if (mode === 'custom') {
		const value = ctx.getNodeParameter('customBody', index, '{}') as unknown;
		if (typeof value !== 'string') return value;
		try {
			return JSON.parse(value);
		} catch (error) {
			throw new WebhookError('INVALID_CONFIG', `The Custom Body is not valid JSON: ${(error as Error).message}`, {
				hint: 'Fix the JSON in Custom Body (check quotes around expressions that produce text).',
			});
		}
	}
	return json;
}

/** A one-way digest of credential data, so a changed credential re-verifies the endpoint. */
export function credentialDigest(data: IDataObject): string {
	const { oauthTokenData: _tokens, ...stable } = data;
	const sorted = Object.keys(stable)
		.sort()
		.map((key) => [key, stable[key]]);
	return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** Waits between retries; stops waiting when the execution is cancelled. */
export function abortableSleep(ctx: IExecuteFunctions): (ms: number) => Promise<void> {
	const signal = typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
	return (ms) =>
		new Promise<void>((resolve, reject) => {
			if (signal?.aborted) return reject(new Error('Execution cancelled'));
			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			const onAbort = () => {
				clearTimeout(timer);
				reject(new Error('Execution cancelled'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
		});
}
