/**
 * What one item's delivery left behind, over HTTPS or SMPP: its attempts and, when it failed, the
 * reason in words a user can act on. Plain values, shown as they are in the node's outputs.
 */
import type { WebhookErrorCode } from './errors';

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
