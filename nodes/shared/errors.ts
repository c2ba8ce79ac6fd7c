/**
 * One error hierarchy for the n8n-free core. Every error has a stable `code` (tests and node files
 * switch on it), a message that says what went wrong, a `hint` that says what to change, and plain
 * data fields. No error ever carries a secret: callers pass URLs without credentials and never put
 * header values, passwords or tokens into `data`.
 */
export type WebhookErrorCode =
	| 'INVALID_URL'
	| 'INSECURE_URL'
	| 'INVALID_HEADER'
	// The HTTP client refused to build a request (not a header): nothing was sent, never retried.
	| 'INVALID_REQUEST'
	| 'INVALID_CONFIG'
	| 'VERIFICATION_FAILED'
	| 'AUTH_FAILED'
	| 'BLOCKED_ADDRESS'
	| 'DOMAIN_NOT_ALLOWED'
	| 'INVALID_EVENT'
	// The run ends in error because items went to Failed (option Fail Execution on Failed Deliveries):
	| 'DELIVERIES_FAILED'
	// Outcomes of one item (Failed output):
	| 'REJECTED'
	| 'RETRIES_EXHAUSTED'
	| 'CANCELLED'
	// A replayed item due too far ahead to be held in memory (not sent):
	| 'NOT_DUE'
	// Forward to SMPP:
	| 'SMPP_ERROR'
	| 'SMPP_BIND_REFUSED'
	| 'SMPP_REJECTED'
	| 'INVALID_MESSAGE'
	// Transport failures of one attempt (all retried):
	| 'TIMEOUT'
	| 'CONNECTION_REFUSED'
	| 'CONNECTION_RESET'
	| 'DNS'
	| 'TLS'
	| 'NETWORK';

export interface WebhookErrorData {
	[key: string]: string | number | boolean | undefined | null | string[];
}

export interface WebhookErrorOptions {
	hint?: string;
	data?: WebhookErrorData;
	cause?: unknown;
	/** The HTTP status a remote endpoint answered, when the error is about that answer. */
	statusCode?: number;
	/** The attempt (1-based) the error ended. */
	attempt?: number;
	/** The input item the error belongs to, when it belongs to one. */
	itemIndex?: number;
}

export class WebhookError extends Error {
	readonly code: WebhookErrorCode;
	readonly hint?: string;
	readonly data: WebhookErrorData;
	readonly statusCode?: number;
	readonly attempt?: number;
	readonly itemIndex?: number;

	constructor(code: WebhookErrorCode, message: string, options: WebhookErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.name = 'WebhookError';
		this.code = code;
		this.hint = options.hint;
		this.data = options.data ?? {};
		this.statusCode = options.statusCode;
		this.attempt = options.attempt;
		this.itemIndex = options.itemIndex;
	}

	/** The same error, tied to one input item. */
	forItem(itemIndex: number): WebhookError {
		return new WebhookError(this.code, this.message, { ...this, cause: this.cause, itemIndex });
	}
}

export const isWebhookError = (error: unknown): error is WebhookError => error instanceof WebhookError;
