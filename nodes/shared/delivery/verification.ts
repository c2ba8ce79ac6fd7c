import { createHash, randomUUID } from 'node:crypto';

import { WebhookError } from '../errors';
import type { SignOptions } from '../signature';
import { standardWebhookHeaders, type StandardSigningKey } from '../standard-webhooks';
import type { Authorizer } from '../auth/authorizer';
import type { OutgoingRequest, Transport } from '../http/types';
import type { Endpoint } from './plan';
import { exchange } from './exchange';
import { describeStatus } from './failure';
import { buildNotification, DELIVERY_ID_HEADER, USER_AGENT } from './notification';

/**
 * The spec's test call, before the first delivery to an endpoint configuration: `verifyEndpoint`
 * makes one call, `verifyEndpointsOnce` makes it once per configuration and remembers a pass.
 */

export type VerificationMethod = 'HEAD' | 'POST';

/** One test call: where, how, and with which signature. */
export interface TestCallOptions {
	url: string;
	displayUrl: string;
	method: VerificationMethod;
	timeoutMs: number;
	signing?: SignOptions;
	/** Standard Webhooks keys: the POST test notification is signed with them too. */
	standardWebhooks?: { keys: readonly StandardSigningKey[] };
	headers?: Record<string, string>;
	now?: () => number;
}

/** The body of the POST test notification. */
export function testNotification(now: number) {
	return { type: 'test', message: 'Test notification from the n8n Outbound Webhook node', timestamp: new Date(now).toISOString() };
}

/**
 * The spec's test call: before the first delivery the endpoint must answer exactly 200 to a call
 * made with the configured authorization (HEAD by default, or a signed POST test notification).
 * Anything else stops the delivery with an error that names the URL and the status received.
 */
export async function verifyEndpoint(options: TestCallOptions, deps: { transport: Transport; authorizer: Authorizer }): Promise<void> {
	const now = options.now ?? Date.now;
	let request: OutgoingRequest;
	if (options.method === 'POST') {
		const { body, headers } = buildNotification({ body: testNotification(now()), headers: options.headers, signing: options.signing });
		const id = `test-${randomUUID()}`;
		const standard = options.standardWebhooks ? standardWebhookHeaders(options.standardWebhooks.keys, id, now(), body) : {};
		request = { method: 'POST', url: options.url, headers: { ...headers, ...standard, [DELIVERY_ID_HEADER]: id }, body };
	} else {
		request = { method: 'HEAD', url: options.url, headers: { 'user-agent': USER_AGENT, ...options.headers } };
	}
	const signal = AbortSignal.timeout(options.timeoutMs);
	let status: number;
	try {
		status = (await exchange(request, deps, signal)).status;
	} catch (error) {
		const cause = error as WebhookError;
		// The transport's reason in words, not its whole message ("Request to <url> failed: ..."),
		// which would name the URL twice.
		const reason = typeof cause.data?.reason === 'string' ? cause.data.reason : cause.message;
		throw new WebhookError('VERIFICATION_FAILED', `The test call (${options.method}) to ${options.displayUrl} failed: ${reason}`, {
			hint: cause.hint ?? 'Check that the endpoint is reachable from n8n.',
			data: { url: options.displayUrl, method: options.method, cause: cause.code },
			cause: error,
		});
	}
	if (status !== 200) {
		throw new WebhookError(
			'VERIFICATION_FAILED',
			`The test call (${options.method}) to ${options.displayUrl} answered ${describeStatus(status)}; only 200 passes`,
			{
				hint:
					`Make the endpoint answer 200 to a ${options.method} request` +
					(options.method === 'HEAD' ? ' (or switch Options → Verification Method to POST)' : '') +
					', or check the URL and authorization. Nothing was delivered.',
				data: { url: options.displayUrl, method: options.method, statusCode: status },
				statusCode: status,
			},
		);
	}
}

/**
 * Identifies an endpoint configuration: a passed verification is remembered under it. Secrets enter
 * only through a one-way hash, so the fingerprint can sit in workflow static data.
 */
export function endpointFingerprint(parts: Record<string, unknown>): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/**
 * A one-way digest of credential data, part of an endpoint's verification fingerprint: a changed
 * credential verifies the endpoint again. OAuth token data is left out (it changes on every renewal).
 * The node also derives the replay mark's key from it when signing is off (replay.ts).
 */
export function credentialDigest(data: Record<string, unknown>): string {
	const { oauthTokenData: _tokens, ...stable } = data;
	const sorted = Object.keys(stable)
		.sort()
		.map((key) => [key, stable[key]]);
	return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** Passed verifications kept per store, most recent last. */
const MAX_REMEMBERED_ENDPOINTS = 100;

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
	// One fingerprint per distinct URL: it depends only on the URL and the settings.
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
