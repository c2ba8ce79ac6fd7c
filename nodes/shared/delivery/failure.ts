import { STATUS_CODES } from 'node:http';

import { isWebhookError, WebhookError } from '../errors';
import { isTransportCode, transportReason } from '../http/transport-error';
import type { AttemptRecord, FailureReason } from '../outcome';

const statusText = (status: number) => `${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;

/** What to change, by the status an endpoint answered. */
function hintForStatus(status: number, location?: string): string {
	if (status >= 300 && status <= 308) {
		return `The endpoint answered with a redirect${location ? ` to ${location}` : ''}. Redirects are never followed, so that authorization and signatures cannot reach another host: put the final address in the URL.`;
	}
	switch (status) {
		case 400:
			return 'The endpoint refused the body. Check that it accepts this JSON (see Body Content) and its content type.';
		case 401:
		case 403:
			return 'The endpoint refused the authorization. Check the credential chosen under Authentication and that it is allowed to post here.';
		case 404:
		case 410:
			return 'Nothing is at this address. Check the URL path.';
		case 405:
			return 'The endpoint does not accept POST at this address. Check the URL.';
		case 408:
			return 'The endpoint timed out reading the request. Check the endpoint; a smaller body may help.';
		case 413:
			return 'The body is too large for the endpoint. Send a smaller body (Body Content → a field) or raise the limit on the receiving side.';
		case 415:
			return 'The endpoint does not accept application/json. Check what content type it expects.';
		case 429:
			return 'The endpoint rate-limited the deliveries. Lower Concurrency or raise Retry Interval.';
		case 505:
			return 'The endpoint does not support HTTP/1.1.';
		default:
			// Only reached for a used-up schedule (5xx but 505 are retried): no retry is left.
			return status >= 500
				? 'The endpoint kept failing to process the notification. Check the endpoint’s logs; once it is fixed, feed this Failed item back into the node to send it again with the same delivery id.'
				: 'Check the endpoint and the request it expects.';
	}
}

/** The failure reason of an item that was answered with a status that is never retried. */
export function rejectedFailure(status: number, location?: string): FailureReason {
	return {
		code: 'REJECTED',
		message: `The endpoint answered ${statusText(status)}, which is not retried`,
		hint: hintForStatus(status, location),
	};
}

/** The failure reason of an item whose attempts all failed with retryable outcomes. */
export function exhaustedFailure(attempts: AttemptRecord[], lastHint?: string): FailureReason {
	const last = attempts[attempts.length - 1];
	// A network failure in words; any other error of the attempt (a token endpoint's refusal, an SSRF
	// rule) says it in its own message.
	const lastText =
		last?.statusCode !== undefined
			? `ended with ${statusText(last.statusCode)}`
			: `failed: ${isTransportCode(last?.errorCode) || !last?.message ? transportReason(last?.errorCode) : last.message}`;
	return {
		code: 'RETRIES_EXHAUSTED',
		message: `Not delivered after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}; the last one ${lastText}`,
		hint: last?.statusCode !== undefined ? hintForStatus(last.statusCode) : lastHint,
	};
}

export const describeStatus = statusText;

/**
 * What stops a run before any item is prepared, as a WebhookError that says what to change. n8n's
 * own errors (e.g. "Node does not have any credentials set") keep their message and get a hint.
 */
export function configurationError(
	error: unknown,
	credentialHint = 'Select a credential for the chosen Authentication (and for the signature, when signing is on), or change those parameters.',
): WebhookError {
	if (isWebhookError(error)) return error;
	const message = (error as Error)?.message ?? String(error);
	return new WebhookError('INVALID_CONFIG', message, {
		hint: /credential/i.test(message) ? credentialHint : 'Check the node\'s parameters and credentials.',
	});
}

/** Failed deliveries named one by one in the error; the rest are counted. */
const NAMED_MAX = 5;

export interface FailedDelivery {
	/** Position of the input item. */
	index: number;
	deliveryId?: string;
	error?: FailureReason;
}

/**
 * The error that ends a run whose items went to Failed, when the user asked for it (option Fail
 * Execution on Failed Deliveries): raised after every item was attempted, so n8n's Executions list
 * and error workflows see the failed deliveries. Undefined when nothing failed.
 */
export function failedDeliveriesError(failed: readonly FailedDelivery[], total: number): WebhookError | undefined {
	if (failed.length === 0) return undefined;
	const named = failed.slice(0, NAMED_MAX).map((f) => `item ${f.index}${f.deliveryId ? ` (delivery ${f.deliveryId})` : ''}: ${f.error?.code ?? 'FAILED'}, ${f.error?.message ?? 'not delivered'}`);
	const more = failed.length > NAMED_MAX ? `; and ${failed.length - NAMED_MAX} more` : '';
	return new WebhookError('DELIVERIES_FAILED', `${failed.length} of ${total} deliveries failed: ${named.join('; ')}${more}`, {
		hint: `Every item was attempted; the Failed items are listed with their reasons above. ${failed[0].error?.hint ?? ''} Turn off Options → Fail Execution on Failed Deliveries to route them to the Failed output instead.`.replace(/\s+/g, ' ').trim(),
		data: { failed: failed.length, total, deliveryIds: failed.map((f) => f.deliveryId ?? '').filter((id) => id !== '') },
	});
}
