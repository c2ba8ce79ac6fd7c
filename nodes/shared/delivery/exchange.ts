import type { Authorizer, OutgoingRequest, Transport, TransportResponse } from './types';

/** Digest's stale nonce needs a second answer within the same attempt. */
const MAX_CHALLENGE_ROUNDS = 2;

/**
 * One authorized request/response exchange: authorize, send, and answer a 401 challenge (digest,
 * OAuth renewal) at once, all under the caller's deadline `signal`.
 */
export async function exchange(
	request: OutgoingRequest,
	deps: { transport: Transport; authorizer: Authorizer },
	signal: AbortSignal,
): Promise<TransportResponse> {
	let sent = await deps.authorizer.authorize(request);
	let response = await deps.transport.send(sent, signal);
	for (let round = 0; response.status === 401 && deps.authorizer.challenge && round < MAX_CHALLENGE_ROUNDS; round++) {
		const answer = await deps.authorizer.challenge(sent, response);
		if (!answer) break;
		sent = answer;
		response = await deps.transport.send(sent, signal);
	}
	return response;
}
