import { createHash, randomUUID } from 'node:crypto';

import { WebhookError } from '../errors';
import type { SignOptions } from '../signature';
import { standardWebhookHeaders, type StandardSigningKey } from '../standard-webhooks';
import { exchange } from './exchange';
import { describeStatus } from './failure';
import { DELIVERY_ID_HEADER, USER_AGENT } from './headers';
import { buildNotification } from './request';
import type { Authorizer } from '../auth/authorizer';
import type { OutgoingRequest, Transport } from '../http/types';

export type VerificationMethod = 'HEAD' | 'POST';

export interface VerifyOptions {
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
export async function verifyEndpoint(options: VerifyOptions, deps: { transport: Transport; authorizer: Authorizer }): Promise<void> {
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
