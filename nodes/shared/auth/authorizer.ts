import type { CancelSignal, OutgoingRequest, ResponseHead } from '../http/types';

/**
 * Applies one authorization scheme to outgoing requests. One instance serves a whole execution, so
 * it may cache (OAuth tokens, digest nonces) and must be safe under concurrent use.
 */
export interface Authorizer {
	/** Scheme name for logs and errors, e.g. 'digestAuth'. */
	readonly scheme: string;
	/**
	 * The credential's secrets as the user entered them (a password, a key, a client secret, a session
	 * token), hidden, in every form, from anything a remote peer answers (http/redact.ts). What the
	 * authorizer puts on the wire is hidden as well, without being listed here.
	 */
	readonly secrets?: readonly string[];
	/**
	 * Returns the request to send for one attempt (called afresh for every attempt and retry).
	 * `signal` is the attempt's deadline: a token request made here runs under it.
	 */
	authorize(request: OutgoingRequest, signal?: CancelSignal): Promise<OutgoingRequest>;
	/**
	 * Called when a response is 401. Returns a request to send at once, inside the same attempt
	 * (digest challenge, OAuth token refresh), or undefined to let the 401 stand. Called at most
	 * twice per attempt (a digest `stale=true` needs a second answer).
	 */
	challenge?(request: OutgoingRequest, response: ResponseHead, signal?: CancelSignal): Promise<OutgoingRequest | undefined>;
}

/** The `none` scheme: nothing is added. */
export const noAuth: Authorizer = {
	scheme: 'none',
	authorize: async (request) => request,
};
