import { WebhookError } from '../errors';
import { headerProblem, invalidHeaderError } from '../http/header-rules';
import { HUB_SIGNATURE_HEADER, signBody, type SignOptions } from '../signature';
import { STANDARD_WEBHOOK_HEADERS } from '../standard-webhooks';

/**
 * One notification as it is sent: the headers the package sets itself (and so reserves), the checked
 * custom headers, the exact body bytes, and the signature over those bytes.
 */

/** The delivery's id, the same on every attempt and every replay: receivers deduplicate on it. */
export const DELIVERY_ID_HEADER = 'x-delivery-id';
/** 1 for the first attempt, counting up over retries (and replays of a Failed item). */
export const DELIVERY_ATTEMPT_HEADER = 'x-delivery-attempt';
export const USER_AGENT = 'n8n-nodes-outbound-webhooks';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Headers the package sets itself; a custom header may not replace them. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
	HUB_SIGNATURE_HEADER,
	...STANDARD_WEBHOOK_HEADERS,
	DELIVERY_ID_HEADER,
	DELIVERY_ATTEMPT_HEADER,
	'content-length',
	'host',
	'transfer-encoding',
	'connection',
]);

/** RFC 9110 §5.6.2 token: the characters a header name may have. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Checks and lower-cases custom headers (from node parameters, often from expressions). */
export function customHeaders(pairs: ReadonlyArray<{ name: string; value: string }>): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const { name, value } of pairs) {
		const key = String(name ?? '').trim().toLowerCase();
		if (!key) continue;
		if (!HEADER_NAME.test(key)) {
			throw new WebhookError('INVALID_HEADER', `The header name "${key.slice(0, 60)}" has characters a header name may not have`, {
				hint: 'Use only letters, digits and - _ . in header names.',
			});
		}
		if (RESERVED_HEADERS.has(key)) {
			throw new WebhookError('INVALID_HEADER', `The header "${key}" is set by the node and cannot be replaced`, {
				hint: `Remove "${key}" from Options → Headers.`,
			});
		}
		const text = String(value ?? '');
		// The rule undici applies (http/header-rules.ts), so a value it would refuse never reaches it.
		const problem = headerProblem(key, text);
		if (problem) {
			throw invalidHeaderError(key, problem, 'Options → Headers', `Change the value of "${key}" under Options → Headers (check the expression that builds it): only letters, digits, punctuation and spaces can be sent; non-Latin text can be percent-encoded or sent in the body.`);
		}
		headers[key] = text;
	}
	return headers;
}

/** The exact body bytes: JSON for objects, the text itself for a string body. */
export function encodeBody(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	const text = JSON.stringify(body ?? null);
	return Buffer.from(text, 'utf8');
}

export interface BuildOptions {
	body: unknown;
	headers?: Record<string, string>;
	signing?: SignOptions;
	userAgent?: string;
}

/** Body bytes and headers of one notification; the signature covers exactly these bytes. */
export function buildNotification({ body, headers = {}, signing, userAgent = USER_AGENT }: BuildOptions): { body: Buffer; headers: Record<string, string> } {
	const bytes = encodeBody(body);
	const result: Record<string, string> = {
		'content-type': JSON_CONTENT_TYPE,
		'user-agent': userAgent,
		...headers,
	};
	if (signing) result[HUB_SIGNATURE_HEADER] = signBody(bytes, signing);
	return { body: bytes, headers: result };
}
