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
