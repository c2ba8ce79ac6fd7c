import type { WebhookError } from '../errors';
import type { SignOptions } from '../signature';
import type { StandardSigningKey } from '../standard-webhooks';
import type { Authorizer } from '../auth/authorizer';
import type { Transport } from '../http/types';
import { endpointFingerprint, verifyEndpoint, type VerificationMethod } from './verify';

/** Passed verifications kept per store, most recent last. */
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
	standardWebhooks?: { keys: readonly StandardSigningKey[] };
	/** What else identifies the configuration (scheme, credential digest, ...): part of the fingerprint. */
	identity: Record<string, unknown>;
}

/**
 * What this process knows, besides the workflow's static data: passes (fingerprint → time) and test
 * calls under way. Static data alone is not enough in queue mode: n8n 1.x hands each execution the
 * static data of the moment its job starts, so executions that start together all verify, and
 * n8n 2.x workers do not load static data for new executions at all. Concurrent executions in one
 * process therefore share one test call, and a pass is remembered by the process too.
 */
export interface VerificationMemory {
	passed: Map<string, string>;
	inFlight: Map<string, Promise<void>>;
}

export const processMemory: VerificationMemory = { passed: new Map(), inFlight: new Map() };

function remember(store: Map<string, string> | Record<string, string>, fingerprint: string, time: string) {
	if (store instanceof Map) {
		store.set(fingerprint, time);
		for (const stale of [...store.keys()].slice(0, Math.max(0, store.size - MAX_REMEMBERED_ENDPOINTS * 10))) store.delete(stale);
		return;
	}
	store[fingerprint] = time;
	const keys = Object.keys(store);
	for (const stale of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED_ENDPOINTS))) delete store[stale];
}

/**
 * Makes the test call once per distinct endpoint configuration. A pass is remembered in `store`
 * (the workflow's static data: fingerprint → time) and in `memory`, so later executions skip it
 * until the URL, authentication or signature settings change. Returns the refusals by URL.
 */
export async function verifyEndpointsOnce(
	endpoints: readonly Endpoint[],
	store: Record<string, string>,
	settings: VerificationSettings,
	deps: { transport: Transport; authorizer: Authorizer; now?: () => number; memory?: VerificationMemory },
): Promise<Map<string, WebhookError>> {
	const refused = new Map<string, WebhookError>();
	const now = deps.now ?? Date.now;
	const memory = deps.memory ?? processMemory;
	// One fingerprint per distinct URL: it depends only on the URL and the settings, and hashing it for
	// every item cost ~0.3 s of CPU for 50,000 items to one endpoint (issue 8).
	const seen = new Set<string>();
	for (const endpoint of endpoints) {
		if (seen.has(endpoint.url)) continue;
		seen.add(endpoint.url);
		const fingerprint = endpointFingerprint({ url: endpoint.url, method: settings.method, ...settings.identity });
		if (refused.has(endpoint.url) || store[fingerprint]) continue;
		const known = memory.passed.get(fingerprint);
		if (known) {
			remember(store, fingerprint, known);
			continue;
		}
		let call = memory.inFlight.get(fingerprint);
		if (!call) {
			call = verifyEndpoint({ ...endpoint, method: settings.method, timeoutMs: settings.timeoutMs, signing: settings.signing, standardWebhooks: settings.standardWebhooks, now }, deps);
			memory.inFlight.set(fingerprint, call);
			void call.then(
				() => memory.inFlight.delete(fingerprint),
				() => memory.inFlight.delete(fingerprint),
			);
		}
		try {
			await call;
			const time = new Date(now()).toISOString();
			remember(store, fingerprint, time);
			remember(memory.passed, fingerprint, time);
		} catch (error) {
			refused.set(endpoint.url, error as WebhookError);
		}
	}
	return refused;
}
