import { WebhookError } from '../errors';

/**
 * The rule undici applies to every request header before it writes one byte (undici 7,
 * lib/core/util.js `isValidHTTPToken` / `isValidHeaderValue` and lib/core/request.js
 * `processHeader`), applied by the package itself before anything is sent: a header undici would
 * refuse inside `dispatch` is found while the item is planned, or before the request is handed to
 * undici, and the item fails with INVALID_HEADER instead of taking a pooled connection down with it.
 *
 * - A name is an RFC 9110 §5.6.2 token.
 * - A value holds only HTAB, visible ASCII, SP and obs-text (0x80-0xFF): RFC 9110 §5.5 field-value
 *   characters. Anything else (CR, LF, NUL, other controls, DEL, any character above U+00FF such as
 *   `€` or an emoji) is refused.
 * - Names undici refuses whatever their value: `transfer-encoding`, `keep-alive`, `upgrade`,
 *   `expect`; and `connection` unless its value is a comma-separated list of tokens. (HTTP/1.1
 *   connection management is the client's, RFC 9112 §9 and RFC 9110 §7.6.1; undici does not
 *   support `Expect: 100-continue`.) `host` and `content-length` are the transport's: the package
 *   never lets a configured header set them.
 */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const REFUSED_NAMES: ReadonlySet<string> = new Set(['transfer-encoding', 'keep-alive', 'upgrade', 'expect']);

/**
 * What is wrong with one header, in words that never quote its value; undefined when undici would
 * send it. For a `secret` value (a key, a token) not even the offending character is named.
 */
export function headerProblem(name: string, value: unknown, secret = false): string | undefined {
	if (!TOKEN.test(name)) return 'its name has characters a header name may not have (letters, digits and ! # $ % & \' * + - . ^ _ ` | ~ only)';
	const lower = name.toLowerCase();
	if (REFUSED_NAMES.has(lower)) return 'the HTTP client manages this header itself and refuses to send it';
	const text = typeof value === 'string' ? value : String(value ?? '');
	if (lower === 'connection' && !text.split(',').every((option) => TOKEN.test(option.trim()))) return 'its value must be a comma-separated list of connection options';
	const bad = NOT_FIELD_VALUE.exec(text);
	if (bad) {
		const what = secret ? 'a character' : describeChar(bad[0]);
		return `its value holds ${what} a header value may not carry (a line break, a control character or a character above U+00FF; only tab, visible ASCII, space and Latin-1 can be sent)`;
	}
	return undefined;
}

function describeChar(char: string): string {
	const code = char.codePointAt(0) ?? 0;
	const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
	if (code === 0x0d || code === 0x0a || code === 0) return `a line break or NUL character (${hex})`;
	if (code < 0x20 || code === 0x7f) return `a control character (${hex})`;
	// Characters above U+00FF are printable and never part of a secret's shape: named, as a user sees them.
	return `the character "${char}" (${hex})`;
}

/** The error for a header undici would refuse: names the header and where it comes from, never its value. */
export function invalidHeaderError(name: string, problem: string, origin: string, hint?: string): WebhookError {
	const shown = name.slice(0, 60);
	return new WebhookError('INVALID_HEADER', `The header "${shown}" (${origin}) cannot be sent: ${problem}`, {
		hint: hint ?? `Change the value of "${shown}" (${origin}) so that it holds only letters, digits, punctuation and spaces; non-Latin text can be percent-encoded or sent in the body.`,
		data: { header: shown, origin },
	});
}

/** Throws INVALID_HEADER for the first header of `headers` undici would refuse (`secret`: values are keys or tokens). */
export function assertSendableHeaders(headers: Record<string, unknown>, origin: string, hint?: string, secret = false): void {
	for (const name in headers) {
		const value = headers[name];
		if (value === undefined) continue;
		const problem = headerProblem(name, value, secret);
		if (problem) throw invalidHeaderError(name, problem, origin, hint);
	}
}
