import type { IExecuteFunctions } from 'n8n-workflow';

import { DELIVERY_DEFAULTS, numberInRange, OPTION_RANGES } from '../shared/delivery/options';
import type { VerificationMethod } from '../shared/delivery/verification';
import { caCertificatePem } from '../shared/http/ca-certificate';

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

/**
 * The node's options (the first item's values: they configure the whole execution). The number
 * options are checked against their ranges (shared/delivery/options.ts), since an expression
 * can give anything; a value out of range is an INVALID_CONFIG error naming the option, and so is a
 * Custom CA Certificate that holds no readable certificate.
 */
export function readOptions(ctx: IExecuteFunctions): NodeOptions {
	const raw = ctx.getNodeParameter('options', 0, {}) as Partial<NodeOptions>;
	const options: NodeOptions = { ...DELIVERY_DEFAULTS, ...EXTENDED_DEFAULTS, ...raw };
	for (const name of ['maxRetries', 'retryInterval', 'timeout', 'concurrency'] as const) {
		options[name] = numberInRange(options[name], OPTION_RANGES[name]);
	}
	options.caCertificate = caCertificatePem(options.caCertificate, 'Options → Custom CA Certificate');
	return options;
}
