import { WebhookError } from '../errors';
import { assertSendableHeaders } from '../http/header-rules';
import { expandSecrets, redactSecrets, sentSecrets } from '../http/redact';
import type { Authorizer } from '../auth/authorizer';
import type { CancelSignal, OutgoingRequest, Transport, TransportResponse } from '../http/types';

/** Digest's stale nonce needs a second answer within the same attempt. */
const MAX_CHALLENGE_ROUNDS = 2;

interface ExchangeDeps {
	transport: Transport;
	authorizer: Authorizer;
}

/**
 * One authorized request/response exchange: authorize, send, and answer a 401 challenge (digest,
 * OAuth renewal) at once, all under the caller's deadline `signal`.
 */
export async function exchange(request: OutgoingRequest, deps: ExchangeDeps, signal: CancelSignal): Promise<TransportResponse> {
	// The authorizer may wait for a token (its own request, or n8n's renewal): that counts against
	// the attempt's deadline too, as the README promises.
	let sent = await withinDeadline(deps.authorizer.authorize(request, signal), signal, request.url);
	if (sent !== request) assertAuthorizationHeaders(request, sent, deps.authorizer.scheme);
	const secrets = new Set([...(deps.authorizer.secrets ?? []), ...(sent === request ? [] : sentSecrets(request, sent))]);
	let response = await deps.transport.send(sent, signal);
	for (let round = 0; response.status === 401 && deps.authorizer.challenge && round < MAX_CHALLENGE_ROUNDS; round++) {
		const answer = await withinDeadline(deps.authorizer.challenge(sent, response, signal), signal, request.url);
		if (!answer) break;
		assertAuthorizationHeaders(request, answer, deps.authorizer.scheme);
		sent = answer;
		for (const secret of sentSecrets(request, sent)) secrets.add(secret);
		response = await deps.transport.send(sent, signal);
	}
	return withoutSecrets(response, expandSecrets(secrets));
}

/**
 * The headers the authorization added (a key, a token an endpoint issued, a session token, digest
 * fields), checked by the rule undici applies before anything is sent: one it would refuse fails the
 * item with INVALID_HEADER, naming the header and the scheme, never the value.
 */
function assertAuthorizationHeaders(base: OutgoingRequest, authorized: OutgoingRequest, scheme: string): void {
	const added: Record<string, string> = {};
	for (const name in authorized.headers) if (authorized.headers[name] !== base.headers[name]) added[name] = authorized.headers[name];
	assertSendableHeaders(
		added,
		`set by the ${scheme} authorization`,
		`The ${scheme} authorization produced a header value HTTP cannot carry (a line break, a control character or a character above U+00FF). Check the credential's fields (or, for OAuth2, what the token endpoint issues).`,
		true,
	);
}

/** Settles with `pending`, or rejects with TIMEOUT once `signal` fires, whichever comes first. */
function withinDeadline<T>(pending: Promise<T>, signal: CancelSignal, url: string): Promise<T> {
	const timeout = () =>
		new WebhookError('TIMEOUT', 'The authorization (e.g. an OAuth2 token request) did not complete within the attempt\'s timeout', {
			hint: 'Check that the token endpoint answers quickly, or raise the Timeout option.',
			data: { url: new URL(url).origin },
		});
	if (signal.aborted) {
		pending.catch(() => undefined);
		return Promise.reject(timeout());
	}
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(timeout());
		signal.addEventListener('abort', onAbort, { once: true });
		pending.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

/**
 * An endpoint may echo the request back (debug receivers, error pages): what the authorizer sent
 * (tokens, keys) is hidden from the body and Location the node puts in its output
 * (test/hardening/secret-canaries.test.ts). A body without any of them is returned untouched.
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
