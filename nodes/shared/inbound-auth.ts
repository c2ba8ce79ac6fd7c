import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks the authorization a sender attaches to a notification (the receiving side of the spec's
 * "Adding Authorization for Outbound Webhook Notifications"): none, Basic (RFC 7617) or an API key
 * in a header (or, when the key is configured so, in the query string).
 *
 * Comparisons hash both sides with SHA-256 first, so `timingSafeEqual` always compares 32 bytes and
 * neither the content nor the length of the expected value leaks through timing.
 */
export type InboundAuth =
	| { type: 'none' }
	| { type: 'basicAuth'; user: string; password: string }
	| { type: 'apiKey'; name: string; value: string; in?: 'header' | 'query' };

export interface InboundRequestAuthData {
	/** Header names in lower case. */
	headers: Record<string, string | string[] | undefined>;
	query?: Record<string, unknown>;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time string equality (for equal and unequal lengths alike). */
export function safeEqual(received: string, expected: string): boolean {
	return timingSafeEqual(digest(received), digest(expected));
}

const first = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;

/** `Basic dXNlcjpwYXNz` → `{ user, password }`; undefined when the header is not Basic. */
export function parseBasicAuthorization(header: string | undefined): { user: string; password: string } | undefined {
	const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** True when the request carries any authorization data for the configured scheme (right or wrong). */
export function carriesInboundAuth(auth: InboundAuth, request: InboundRequestAuthData): boolean {
	switch (auth.type) {
		case 'none':
			return false;
		case 'basicAuth':
			return first(request.headers.authorization) !== undefined;
		case 'apiKey': {
			const name = auth.name.trim();
			return (auth.in === 'query' ? first(request.query?.[name]) : first(request.headers[name.toLowerCase()])) !== undefined;
		}
	}
}

/** True when the request carries the configured authorization. */
export function checkInboundAuth(auth: InboundAuth, request: InboundRequestAuthData): boolean {
	switch (auth.type) {
		case 'none':
			return true;
		case 'basicAuth': {
			const received = parseBasicAuthorization(first(request.headers.authorization));
			if (!received) return false;
			// Both comparisons always run, so timing does not tell which part was wrong.
			const userOk = safeEqual(received.user, auth.user);
			const passwordOk = safeEqual(received.password, auth.password);
			return userOk && passwordOk;
		}
		case 'apiKey': {
			const name = auth.name.trim();
			const received =
				auth.in === 'query' ? first(request.query?.[name]) : first(request.headers[name.toLowerCase()]);
			if (received === undefined || auth.value === '') return false;
			return safeEqual(received, auth.value);
		}
	}
}
