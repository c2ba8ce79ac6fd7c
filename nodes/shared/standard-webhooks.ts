import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

import { WebhookError } from './errors';
import { ASYMMETRIC_VERSION, asymmetricSignature, verifyAsymmetric } from './standard-webhooks-v1a';

/** A symmetric key (whsec_ bytes, signs `v1`) or an ed25519 private key (whsk_, signs `v1a`). */
export type StandardSigningKey = Buffer | KeyObject;

/**
 * Standard Webhooks, symmetric scheme (https://www.standardwebhooks.com, spec/standard-webhooks.md of
 * github.com/standard-webhooks/standard-webhooks): three headers; the signature is the base64
 * HMAC-SHA256, keyed with the secret's bytes, of `webhook-id.webhook-timestamp.body`, sent as
 * `v1,<base64>`. `webhook-signature` is a space-delimited list, so during a secret rotation the sender
 * signs with every current key and the receiver accepts any one that matches.
 */
export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';
export const STANDARD_WEBHOOK_HEADERS = [WEBHOOK_ID_HEADER, WEBHOOK_TIMESTAMP_HEADER, WEBHOOK_SIGNATURE_HEADER] as const;

/** The spec's secret serialisation: base64 prefixed with `whsec_`. */
export const SECRET_PREFIX = 'whsec_';
/** The symmetric signature identifier. */
const VERSION = 'v1';
/** HMAC-SHA256 digest length. */
const DIGEST_BYTES = 32;
/** Replay protection: how far `webhook-timestamp` may lie from the receiver's clock (seconds). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The key bytes of one secret (`whsec_<base64>`, or bare base64 as the reference libraries accept).
 * A secret that is empty or not base64 is refused with a hint; the message never repeats it.
 */
export function parseSecret(secret: string, field = 'Secret'): Buffer {
	const text = String(secret ?? '').trim();
	const encoded = text.startsWith(SECRET_PREFIX) ? text.slice(SECRET_PREFIX.length) : text;
	const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
	if (key.length === 0) {
		throw new WebhookError('INVALID_CONFIG', `The Standard Webhooks credential's ${field} is not a whsec_ secret`, {
			hint: `Enter the ${field} as whsec_ followed by base64 (e.g. the secret the receiver or the Standard Webhooks tooling generated).`,
			data: { field },
		});
	}
	return key;
}

/** The key bytes of every secret in `values` (each may hold several, separated by spaces or lines). */
export function parseSecrets(values: ReadonlyArray<{ value: unknown; field: string }>): Buffer[] {
	const keys: Buffer[] = [];
	for (const { value, field } of values) {
		for (const secret of String(value ?? '').split(/\s+/)) if (secret !== '') keys.push(parseSecret(secret, field));
	}
	return keys;
}

function signedContent(id: string, timestamp: number | string, body: Buffer): Buffer {
	return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]);
}

/** `v1,<base64>` for one key. */
export function signatureFor(key: Buffer, id: string, timestamp: number, body: Buffer | string): string {
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	return `${VERSION},${createHmac('sha256', key).update(signedContent(id, timestamp, bytes)).digest('base64')}`;
}

/**
 * The three headers of one attempt. The spec (section "Signature scheme") keeps the id for every
 * retry but updates the attempt's timestamp, so each attempt is signed afresh at `nowMs`.
 * An id with a `.` is refused: the spec asks that id and timestamp not carry one, since the dot
 * delimits the signed content.
 */
export function standardWebhookHeaders(keys: readonly StandardSigningKey[], id: string, nowMs: number, body: Buffer): Record<string, string> {
	if (keys.length === 0) throw new TypeError('[standard-webhooks] at least one key is required');
	assertWebhookId(id);
	const timestamp = Math.floor(nowMs / 1000);
	return {
		[WEBHOOK_ID_HEADER]: id,
		[WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
		[WEBHOOK_SIGNATURE_HEADER]: keys
			.map((key) => (Buffer.isBuffer(key) ? signatureFor(key, id, timestamp, body) : asymmetricSignature(key, signedContent(id, timestamp, body))))
			.join(' '),
	};
}

/** The delivery id becomes `webhook-id`: it must be non-empty and carry no `.` or line break. */
export function assertWebhookId(id: string): void {
	if (id === '' || /[.\s]/.test(id)) {
		throw new WebhookError('INVALID_CONFIG', 'The delivery ID cannot be used as a Standard Webhooks webhook-id: it is empty or contains a dot or a space', {
			hint: 'Leave Options → Delivery ID empty (a UUID is generated) or use one without "." and spaces.',
		});
	}
}

export type StandardVerifyFailure = 'missingHeaders' | 'invalidTimestamp' | 'timestampTooOld' | 'timestampInFuture' | 'noMatch';

export interface StandardVerifyOptions {
	keys: readonly Buffer[];
	/** ed25519 public keys (whpk_): `v1a` signatures are checked against them. */
	publicKeys?: readonly KeyObject[];
	toleranceSeconds: number;
	now: () => number;
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * `webhook-timestamp` read as the reference library reads it (standardwebhooks 1.x for JavaScript:
 * `parseInt(header, 10)`; the Python and Go libraries take the same integer): an optional sign, leading
 * zeros and text after the digits are accepted, and the signature is checked over the number in
 * plain decimal (`0001700000000` and `+1700000000` verify as `1700000000`). So whatever a sender
 * tested against the reference sends, this receiver reads the same way.
 */
export function parseTimestamp(header: string): number | undefined {
	const digits = /^\s*([+-]?)0*(\d+)/.exec(header);
	// More than 12 significant digits is no time in seconds (milliseconds, most likely): refused as
	// invalid, where the reference refuses it as too new; both refuse it.
	if (!digits || digits[2].length > MAX_TIMESTAMP_DIGITS) return undefined;
	return Number.parseInt(`${digits[1]}${digits[2]}`, 10);
}

/** Unix seconds have 10 digits until the year 2286; 12 leave room without taking milliseconds (13). */
const MAX_TIMESTAMP_DIGITS = 12;

/**
 * Checks the three headers against the raw body: the timestamp within the tolerance either way
 * (replay protection), then every `v1` signature in the list against every key, in constant time on
 * equal-length digests, and every `v1a` (ed25519) signature against every public key. Other versions
 * are skipped, as the spec lets a receiver do.
 */
export function verifyStandardWebhook(
	body: Buffer,
	headers: Record<string, string | string[] | undefined>,
	{ keys, publicKeys = [], toleranceSeconds, now }: StandardVerifyOptions,
): { ok: true } | { ok: false; reason: StandardVerifyFailure } {
	const id = first(headers[WEBHOOK_ID_HEADER]);
	const timestamp = first(headers[WEBHOOK_TIMESTAMP_HEADER])?.trim();
	const signatures = first(headers[WEBHOOK_SIGNATURE_HEADER]);
	if (!id || !timestamp || !signatures || keys.length + publicKeys.length === 0) return { ok: false, reason: 'missingHeaders' };
	const seconds = parseTimestamp(timestamp);
	if (seconds === undefined) return { ok: false, reason: 'invalidTimestamp' };
	const nowSeconds = Math.floor(now() / 1000);
	if (seconds < nowSeconds - toleranceSeconds) return { ok: false, reason: 'timestampTooOld' };
	if (seconds > nowSeconds + toleranceSeconds) return { ok: false, reason: 'timestampInFuture' };

	// Signed over the number, not the header's text, as the reference libraries do.
	const content = signedContent(id, seconds, body);
	const expected = keys.map((key) => createHmac('sha256', key).update(content).digest());
	let match = false;
	for (const entry of signatures.trim().split(/\s+/)) {
		const comma = entry.indexOf(',');
		if (comma > 0 && entry.slice(0, comma) === ASYMMETRIC_VERSION) {
			if (verifyAsymmetric(publicKeys, content, entry.slice(comma + 1))) match = true;
			continue;
		}
		if (comma < 0 || entry.slice(0, comma) !== VERSION) continue;
		const encoded = entry.slice(comma + 1);
		if (!BASE64.test(encoded)) continue;
		const received = Buffer.from(encoded, 'base64');
		if (received.length !== DIGEST_BYTES) continue;
		// Every key is compared, not just until the first match, so timing does not tell which matched.
		for (const digest of expected) if (timingSafeEqual(digest, received)) match = true;
	}
	return match ? { ok: true } : { ok: false, reason: 'noMatch' };
}

/** Answers for a refused request: what is wrong, without revealing what was expected. */
export const STANDARD_VERIFY_MESSAGES: Record<StandardVerifyFailure, string> = {
	missingHeaders: 'The webhook-id, webhook-timestamp or webhook-signature header is missing.',
	invalidTimestamp: 'The webhook-timestamp header is not a Unix time in seconds.',
	timestampTooOld: 'The webhook-timestamp is older than the tolerance allows (replay protection).',
	timestampInFuture: 'The webhook-timestamp lies further in the future than the tolerance allows.',
	noMatch: 'No signature in webhook-signature matches the body.',
};
