import { redactSecrets, sentSecrets } from '../http/redact';
import type { Authorizer } from '../auth/authorizer';
import type { OutgoingRequest, Transport, TransportResponse } from '../http/types';

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
	// Without authorization nothing was added that could be echoed back (and no URL parsing per item).
	const secrets = new Set(sent === request ? [] : sentSecrets(request, sent));
	let response = await deps.transport.send(sent, signal);
	for (let round = 0; response.status === 401 && deps.authorizer.challenge && round < MAX_CHALLENGE_ROUNDS; round++) {
		const answer = await deps.authorizer.challenge(sent, response);
		if (!answer) break;
		sent = answer;
		for (const secret of sentSecrets(request, sent)) secrets.add(secret);
		response = await deps.transport.send(sent, signal);
	}
	return withoutSecrets(response, [...secrets]);
}

/**
 * An endpoint may echo the request back (debug receivers, error pages): what the authorizer sent
 * (tokens, keys) is hidden from the body and Location the node puts in its output (issue 9,
 * test/hardening/secret-canaries.test.ts). A body without any of them is returned untouched.
 */
function withoutSecrets(response: TransportResponse, secrets: string[]): TransportResponse {
	if (secrets.length === 0) return response;
	const inBody = secrets.some((secret) => response.body.includes(secret));
	const location = response.headers.location;
	const inLocation = typeof location === 'string' && secrets.some((secret) => location.includes(secret));
	if (!inBody && !inLocation) return response;
	return {
		...response,
		body: inBody ? Buffer.from(redactSecrets(response.body.toString('utf8'), secrets), 'utf8') : response.body,
		headers: inLocation ? { ...response.headers, location: redactSecrets(location, secrets) } : response.headers,
	};
}
