import type { OutgoingRequest } from './types';

/**
 * Keeps what an authorizer put on the wire out of the node's output. An endpoint may echo the
 * request back (debug receivers, error pages that dump headers), and the node copies part of every
 * response body into its output item, which n8n stores in plain text with the execution. The
 * secrets to hide are exactly those the authorizer added: it knows the credential, the request does
 * not (test/hardening/secret-canaries.test.ts).
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

/**
 * A secret as a remote peer may give it back: raw, URL-encoded (RFC 3986 `%20`, and the form
 * encoding's `+` for a space: WHATWG URL "application/x-www-form-urlencoded"), and base64 / base64url
 * (RFC 4648 §4, §5; what a Basic header or a debug page shows). A token endpoint that echoes the
 * posted form, or a receiver that echoes a decoded header, returns one of these.
 */
export function secretForms(secret: string): string[] {
	const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
	const base64 = Buffer.from(secret, 'utf8').toString('base64');
	forms.add(base64);
	forms.add(base64.replace(/=+$/, ''));
	forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
	return [...forms];
}

/** Every form of every secret long enough to be hidden (secretForms), without repeats. */
export function expandSecrets(secrets: Iterable<string>): string[] {
	const all = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_PIECE) continue;
		for (const form of secretForms(secret)) if (form.length >= MIN_SECRET_PIECE) all.add(form);
	}
	return [...all];
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

/**
 * Replaces every occurrence of each secret, in each of its forms (secretForms), longest first, with
 * `[redacted]`. Every text from a remote peer that the package shows (token endpoint errors, response
 * bodies, Location) goes through here.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of expandSecrets(secrets).sort((a, b) => b.length - a.length)) {
		if (secret.length >= MIN_SECRET_PIECE && result.includes(secret)) result = result.split(secret).join(REDACTED);
	}
	return result;
}
