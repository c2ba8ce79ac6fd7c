/**
 * Plain values that travel between the delivery loop, the transport and the authorizers. Nothing
 * here knows n8n.
 */

/** One HTTP request as it will go on the wire. `body` is the exact byte sequence that was signed. */
export interface OutgoingRequest {
	method: 'POST' | 'HEAD' | 'GET';
	/** Absolute https URL, query included (an API key in the query is added by its authorizer). */
	url: string;
	/** Lower-case header names. */
	headers: Record<string, string>;
	body?: Buffer;
}

/** What an authorizer may look at in a response: status and headers, never the body. */
export interface ResponseHead {
	status: number;
	headers: Record<string, string | string[] | undefined>;
}

/**
 * Applies one authorization scheme to outgoing requests. One instance serves a whole execution, so
 * it may cache (OAuth tokens, digest nonces) and must be safe under concurrent use.
 */
export interface Authorizer {
	/** Scheme name for logs and errors, e.g. 'digestAuth'. */
	readonly scheme: string;
	/** Returns the request to send for one attempt (called afresh for every attempt and retry). */
	authorize(request: OutgoingRequest): Promise<OutgoingRequest>;
	/**
	 * Called when a response is 401. Returns a request to send at once, inside the same attempt
	 * (digest challenge, OAuth token refresh), or undefined to let the 401 stand. Called at most
	 * twice per attempt (a digest `stale=true` needs a second answer).
	 */
	challenge?(request: OutgoingRequest, response: ResponseHead): Promise<OutgoingRequest | undefined>;
}

/** The `none` scheme: nothing is added. */
export const noAuth: Authorizer = {
	scheme: 'none',
	authorize: async (request) => request,
};

/** A response as the transport returns it: the body is read up to a cap, the rest discarded. */
export interface TransportResponse extends ResponseHead {
	body: Buffer;
	/** True when the body was longer than the cap and was cut. */
	truncated: boolean;
}

/**
 * Sends one request and resolves with the response, or rejects with a TransportError (network,
 * TLS, DNS, timeout). Never follows redirects. `signal` aborts the request at any stage.
 */
export interface Transport {
	send(request: OutgoingRequest, signal?: AbortSignal): Promise<TransportResponse>;
}

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
	code: string;
	message: string;
	hint?: string;
}

/** The outcome of one item: what the node puts in the Delivered, Failed or SMPP output. */
export interface DeliveryOutcome {
	status: 'delivered' | 'failed' | 'forwarded';
	deliveryId: string;
	statusCode?: number;
	attempts: AttemptRecord[];
	error?: FailureReason;
}
