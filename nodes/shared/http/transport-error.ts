import { WebhookError, type WebhookErrorCode } from '../errors';

/** Node and undici error codes, by the transport failure a user can act on. */
const CODE_GROUPS: Array<[WebhookErrorCode, readonly string[]]> = [
	['TIMEOUT', ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']],
	['CONNECTION_REFUSED', ['ECONNREFUSED']],
	['CONNECTION_RESET', ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']],
	['DNS', ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']],
	[
		'TLS',
		[
			'DEPTH_ZERO_SELF_SIGNED_CERT',
			'SELF_SIGNED_CERT_IN_CHAIN',
			'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
			'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
			'CERT_HAS_EXPIRED',
			'CERT_NOT_YET_VALID',
			'ERR_TLS_CERT_ALTNAME_INVALID',
			'EPROTO',
		],
	],
];

const HINTS: Partial<Record<WebhookErrorCode, string>> = {
	TIMEOUT: 'The endpoint did not answer within the timeout. Check that it is up and answers quickly, or raise the Timeout option.',
	CONNECTION_REFUSED: 'Nothing accepts connections at that host and port. Check the URL and that the endpoint is running.',
	CONNECTION_RESET: 'The endpoint closed the connection before answering. Check the endpoint and any proxy or firewall in front of it.',
	DNS: 'The host name could not be resolved. Check the URL for typos and that the name exists in DNS.',
	TLS:
		"The endpoint's certificate could not be verified. Give it a certificate from a public CA, add its CA under Options → Custom CA Certificate, or (only for testing) enable Ignore SSL Issues.",
	NETWORK: 'The request failed on the network. Check the URL and the connectivity of the n8n host.',
};

function errorCodes(error: unknown): string[] {
	const codes: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') codes.push(code);
		current = (current as { cause?: unknown }).cause;
	}
	return codes;
}

/**
 * undici's refusals of a request it was handed (lib/core/errors.js): nothing was sent, and sending
 * the same request again is refused again, so they are never network failures and never retried.
 */
const REFUSAL_CODES: ReadonlySet<string> = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_INVALID_RETURN_VALUE']);

function refusalError(error: unknown, url: string, codes: string[]): WebhookError {
	const detail = (error as Error)?.message || String(error);
	const aboutHeader = /header/i.test(detail);
	// undici's words name the header (e.g. "invalid x-currency header"), never its value.
	return new WebhookError(aboutHeader ? 'INVALID_HEADER' : 'INVALID_REQUEST', `Request to ${url} was refused by the HTTP client before sending: ${detail}`, {
		hint: aboutHeader
			? 'A header value holds a character HTTP cannot carry (e.g. a line break, a control character or a character above U+00FF). Change the header named in the message.'
			: 'The request could not be built. Check the URL, method and headers.',
		data: { url, errorCode: codes[0], detail },
		cause: error,
	});
}

/** Turns whatever undici or node threw for one request into a WebhookError with a transport code. */
export function toTransportError(error: unknown, url: string, timedOut: boolean, timeoutMs: number): WebhookError {
	if (error instanceof WebhookError) return error;
	const codes = errorCodes(error);
	if (!timedOut && codes.some((code) => REFUSAL_CODES.has(code))) return refusalError(error, url, codes);
	let code: WebhookErrorCode = 'NETWORK';
	if (timedOut) code = 'TIMEOUT';
	else {
		for (const [group, members] of CODE_GROUPS) {
			if (codes.some((c) => members.includes(c) || (group === 'TLS' && c.startsWith('ERR_SSL_')))) {
				code = group;
				break;
			}
		}
		if (code === 'NETWORK' && codes.some((c) => c.startsWith('ERR_TLS_') || c.includes('CERT'))) code = 'TLS';
	}
	const reason = timedOut ? `no complete answer within ${timeoutMs} ms` : transportReason(code);
	const detail = (error as Error)?.message || String(error);
	return new WebhookError(code, `Request to ${url} failed: ${reason}`, {
		// The system's own words (e.g. "connect ECONNREFUSED 127.0.0.1:443") go after the hint, not into
		// the message: n8n replaces any message naming a system error code with a generic one.
		hint: `${HINTS[code] ?? ''} (${detail})`.trim(),
		data: { url, errorCode: codes[0] ?? code, reason, detail },
		cause: error,
	});
}

/** What went wrong on the network, in words (no system error codes, which n8n would rewrite). */
const REASONS: Partial<Record<WebhookErrorCode, string>> = {
	TIMEOUT: 'no complete answer within the timeout',
	CONNECTION_REFUSED: 'the connection was refused',
	CONNECTION_RESET: 'the connection was closed before an answer came',
	DNS: 'the host name could not be resolved',
	TLS: "the endpoint's TLS certificate could not be verified",
	NETWORK: 'a network error',
};

/** True for the codes of a failure on the network (the ones REASONS puts in words). */
export const isTransportCode = (code: string | undefined): boolean => code !== undefined && code in REASONS;

export function transportReason(code: WebhookErrorCode | string | undefined): string {
	return REASONS[code as WebhookErrorCode] ?? REASONS.NETWORK!;
}
