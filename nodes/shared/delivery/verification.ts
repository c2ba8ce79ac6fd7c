import type { WebhookError } from '../errors';
import type { SignOptions } from '../signature';
import type { Authorizer, Transport } from './types';
import { endpointFingerprint, verifyEndpoint, type VerificationMethod } from './verify';

/** Passed verifications kept, most recent last. */
const MAX_REMEMBERED_ENDPOINTS = 100;

export interface Endpoint {
	url: string;
	displayUrl: string;
	headers: Record<string, string>;
}

export interface VerificationSettings {
	method: VerificationMethod;
	timeoutMs: number;
	signing?: SignOptions;
	/** What else identifies the configuration (scheme, credential digest, ...): part of the fingerprint. */
	identity: Record<string, unknown>;
}

/**
 * Makes the test call once per distinct endpoint configuration. A pass is remembered in `store`
 * (the workflow's static data: fingerprint → time), so later executions of an active workflow skip
 * it until the URL, authentication or signature settings change. Returns the refusals by URL.
 */
export async function verifyEndpointsOnce(
	endpoints: readonly Endpoint[],
	store: Record<string, string>,
	settings: VerificationSettings,
	deps: { transport: Transport; authorizer: Authorizer; now?: () => number },
): Promise<Map<string, WebhookError>> {
	const refused = new Map<string, WebhookError>();
	const now = deps.now ?? Date.now;
	for (const endpoint of endpoints) {
		const fingerprint = endpointFingerprint({ url: endpoint.url, method: settings.method, ...settings.identity });
		if (store[fingerprint] || refused.has(endpoint.url)) continue;
		try {
			await verifyEndpoint({ ...endpoint, method: settings.method, timeoutMs: settings.timeoutMs, signing: settings.signing, now }, deps);
			store[fingerprint] = new Date(now()).toISOString();
			const keys = Object.keys(store);
			for (const stale of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED_ENDPOINTS))) delete store[stale];
		} catch (error) {
			refused.set(endpoint.url, error as WebhookError);
		}
	}
	return refused;
}
