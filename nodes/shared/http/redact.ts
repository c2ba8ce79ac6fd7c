import type { OutgoingRequest } from './types';

/**
 * Keeps what an authorizer put on the wire out of the node's output. An endpoint may echo the
 * request back (debug receivers, error pages that dump headers), and the node copies part of every
 * response body into its output item, which n8n stores in plain text with the execution. The
 * secrets to hide are exactly those the authorizer added: it knows the credential, the request does
 * not. (Issue 9, test/hardening/secret-canaries.test.ts.)
 */

export const REDACTED = '[redacted]';

/** Shorter pieces are not hidden on their own: they would match ordinary words ("Bearer"). */
const MIN_SECRET_PIECE = 8;

function pieces(value: string): string[] {
	const found = [value];
	const space = value.indexOf(' ');
	// `Scheme credentials`: the part after the scheme word, then each `k=v` / `k="v"` value in it.
	const rest = space > 0 ? value.slice(space + 1) : value;
	found.push(rest);
	for (const token of rest.split(/[\s,;]+/)) {
		const equals = token.indexOf('=');
		found.push(equals > 0 ? token.slice(equals + 1).replace(/^"|"$/g, '') : token);
	}
	return found;
}

/** The header values and query values `authorized` has that `base` did not. */
export function sentSecrets(base: OutgoingRequest, authorized: OutgoingRequest): string[] {
	const secrets = new Set<string>();
	for (const [name, value] of Object.entries(authorized.headers)) {
		if (base.headers[name] !== value && typeof value === 'string') for (const piece of pieces(value)) secrets.add(piece);
	}
	const before = new URL(base.url).searchParams;
	for (const [name, value] of new URL(authorized.url).searchParams) {
		if (before.get(name) !== value) {
			secrets.add(value);
			secrets.add(encodeURIComponent(value));
		}
	}
	return [...secrets].filter((secret) => secret.length >= MIN_SECRET_PIECE);
}

/** Replaces every occurrence of each secret (longest first) with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		if (secret.length >= MIN_SECRET_PIECE && result.includes(secret)) result = result.split(secret).join(REDACTED);
	}
	return result;
}
