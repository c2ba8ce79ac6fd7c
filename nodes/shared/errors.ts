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
	| 'INVALID_CONFIG'
	| 'VERIFICATION_FAILED'
	| 'AUTH_FAILED'
	| 'BLOCKED_ADDRESS'
	| 'DOMAIN_NOT_ALLOWED'
	| 'SMPP_ERROR'
	| 'INVALID_EVENT'
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

export class WebhookError extends Error {
	readonly code: WebhookErrorCode;
	readonly hint?: string;
	readonly data: WebhookErrorData;

	constructor(code: WebhookErrorCode, message: string, options: { hint?: string; data?: WebhookErrorData; cause?: unknown } = {}) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.name = 'WebhookError';
		this.code = code;
		this.hint = options.hint;
		this.data = options.data ?? {};
	}
}

export const isWebhookError = (error: unknown): error is WebhookError => error instanceof WebhookError;
