/**
 * One HTTP exchange as plain values, shared by the delivery loop, the authorizers (OAuth token
 * requests) and the transport. Nothing here knows n8n.
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

/** A response as the transport returns it: the body is read up to a cap, the rest discarded. */
export interface TransportResponse extends ResponseHead {
	body: Buffer;
	/** True when the body was longer than the cap and was cut. */
	truncated: boolean;
}

/**
 * What the package needs of a cancellation signal. An AbortSignal is one; the delivery loop's
 * attempt deadlines (delivery/deadlines.ts) are a lighter one, without an AbortController and an
 * EventTarget per attempt. Listeners are called at most once.
 */
export interface CancelSignal {
	readonly aborted: boolean;
	readonly reason: unknown;
	addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
	removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Sends one request and resolves with the response, or rejects with a TransportError (network,
 * TLS, DNS, timeout). Never follows redirects. `signal` aborts the request at any stage.
 */
export interface Transport {
	send(request: OutgoingRequest, signal?: CancelSignal): Promise<TransportResponse>;
}
