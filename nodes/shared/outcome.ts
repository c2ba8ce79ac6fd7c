/**
 * What one item's delivery left behind, over HTTPS or SMPP, and the one place its output JSON is
 * built: an item ends delivered, failed or forwarded, and each of the three is made by its
 * constructor below. A Failed item is always `{ error, status: 'failed', ...fields }`, its reason
 * first (what a user reads), whatever failed: the configuration, the item's parameters, the test
 * call, the delivery, its retries, or SMPP.
 */
import type { WebhookError, WebhookErrorCode } from './errors';

/** One attempt of one delivery, as shown in the node's output. */
export interface AttemptRecord {
	attempt: number;
	/** ISO time the attempt started. */
	startedAt: string;
	durationMs: number;
	/** HTTP status, when an answer came. */
	statusCode?: number;
	/** Error code (TIMEOUT, TLS, CONNECTION_REFUSED, ...) when no answer came. */
	errorCode?: string;
	message?: string;
}

/** Why an item ended in the Failed output, in words a user can act on. */
export interface FailureReason {
	code: WebhookErrorCode;
	message: string;
	hint?: string;
}

/** How an item ended; the node puts each kind on its own output (Delivered, Failed, SMPP). */
export type OutcomeKind = 'delivered' | 'failed' | 'forwarded';

/** Where one input item goes and the JSON it carries there. */
export interface ItemOutcome {
	output: OutcomeKind;
	json: Record<string, unknown>;
}

/** The reason a Failed item shows for an error: its code, message and hint, nothing else. */
export function reasonOf(error: Pick<WebhookError, 'code' | 'message' | 'hint'>): FailureReason {
	return { code: error.code, message: error.message, hint: error.hint };
}

/** A Failed item: the reason first, then `status`, then the fields in the order given. */
export function failedOutcome(reason: FailureReason, fields: Record<string, unknown>): ItemOutcome {
	return { output: 'failed', json: { error: reason, status: 'failed', ...fields } };
}

/** What a Delivered item shows, in this order. */
export interface DeliveredFields {
	deliveryId: string;
	statusCode?: number;
	attempts: AttemptRecord[];
	response?: unknown;
	url: string;
	entity: unknown;
	payload: unknown;
}

/** A Delivered item. */
export function deliveredOutcome({ deliveryId, statusCode, attempts, response, url, entity, payload }: DeliveredFields): ItemOutcome {
	return { output: 'delivered', json: { status: 'delivered', deliveryId, statusCode, attempts, response, url, entity, payload } };
}

/** An item forwarded to SMPP: `status` first, then the fields in the order given. */
export function forwardedOutcome(fields: Record<string, unknown>): ItemOutcome {
	return { output: 'forwarded', json: { status: 'forwarded', ...fields } };
}
