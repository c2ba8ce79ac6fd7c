import type { IExecuteFunctions } from 'n8n-workflow';

import { DELIVERY_DEFAULTS } from '../shared/delivery/defaults';
import type { VerificationMethod } from '../shared/delivery/verify';

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
	/** The extended schedule after the in-run retries: none, Svix's, or the custom delays. */
	extendedRetries: 'none' | 'svix' | 'custom';
	extendedRetryDelays: string;
	failOnFailedDeliveries: boolean;
}

const EXTENDED_DEFAULTS = { extendedRetries: 'none', extendedRetryDelays: '' } as const;

/** The node's options (the first item's values: they configure the whole execution). */
export function readOptions(ctx: IExecuteFunctions): NodeOptions {
	const raw = ctx.getNodeParameter('options', 0, {}) as Partial<NodeOptions>;
	const options: NodeOptions = { ...DELIVERY_DEFAULTS, ...EXTENDED_DEFAULTS, ...raw };
	options.concurrency = Math.max(1, Math.floor(Number(options.concurrency) || DELIVERY_DEFAULTS.concurrency));
	options.maxRetries = Math.max(0, Math.floor(Number(options.maxRetries)));
	options.retryInterval = Math.max(0, Number(options.retryInterval));
	options.timeout = Math.max(1, Number(options.timeout) || DELIVERY_DEFAULTS.timeout);
	return options;
}
