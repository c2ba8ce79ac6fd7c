import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

import { WebhookError } from './errors';

/**
 * Standard Webhooks asymmetric signatures (spec/standard-webhooks.md, "Signature scheme": ed25519,
 * identifier `v1a`): the sender signs `webhook-id.webhook-timestamp.body` with an ed25519 secret key
 * (`whsk_` + base64), the receiver verifies with the public key alone (`whpk_` + base64), so a leaked
 * receiver configuration cannot forge events. Keys are RFC 8032 keys: the public key's 32 bytes; the
 * secret key as its 32-byte seed, or as the 64 bytes seed ‖ public key that NaCl / libsodium write.
 */
export const SECRET_KEY_PREFIX = 'whsk_';
export const PUBLIC_KEY_PREFIX = 'whpk_';
export const ASYMMETRIC_VERSION = 'v1a';

const SEED_BYTES = 32;
const PUBLIC_BYTES = 32;
const SIGNATURE_BYTES = 64;
/** DER headers of an Ed25519 PKCS#8 private key and SPKI public key (RFC 8410), before the raw bytes. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

const invalid = (field: string, prefix: string) =>
	new WebhookError('INVALID_CONFIG', `The Standard Webhooks credential's ${field} is not a ${prefix} ed25519 key`, {
		hint: `Enter the ${field} as ${prefix} followed by the base64 of the ed25519 key (${prefix === SECRET_KEY_PREFIX ? '32-byte seed or 64-byte secret key' : '32 bytes'}).`,
		data: { field },
	});

function decode(text: string, prefix: string): Buffer {
	const trimmed = text.trim();
	const encoded = trimmed.startsWith(prefix) ? trimmed.slice(prefix.length) : trimmed;
	return BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
}

export const publicKeyFromRaw = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
export const rawPublicKey = (key: KeyObject): Buffer => createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);

/** A `whsk_` secret key as a private KeyObject; the 64-byte form's public half must match its seed. */
export function parseSigningKey(text: string, field = 'Secret Key'): KeyObject {
	const bytes = decode(text, SECRET_KEY_PREFIX);
	if (bytes.length !== SEED_BYTES && bytes.length !== SEED_BYTES + PUBLIC_BYTES) throw invalid(field, SECRET_KEY_PREFIX);
	const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, bytes.subarray(0, SEED_BYTES)]), format: 'der', type: 'pkcs8' });
	if (bytes.length > SEED_BYTES && !rawPublicKey(key).equals(bytes.subarray(SEED_BYTES))) throw invalid(field, SECRET_KEY_PREFIX);
	return key;
}

/** A `whpk_` public key as a KeyObject. */
export function parseVerifyingKey(text: string, field = 'Public Key'): KeyObject {
	const bytes = decode(text, PUBLIC_KEY_PREFIX);
	if (bytes.length !== PUBLIC_BYTES) throw invalid(field, PUBLIC_KEY_PREFIX);
	try {
		return publicKeyFromRaw(bytes);
	} catch {
		throw invalid(field, PUBLIC_KEY_PREFIX);
	}
}

/** `whpk_` text of the public half of a key (what the receiver is given). */
export const publicKeyText = (key: KeyObject): string => `${PUBLIC_KEY_PREFIX}${rawPublicKey(key).toString('base64')}`;

/** `v1a,<base64 ed25519 signature>` of the signed content. */
export function asymmetricSignature(key: KeyObject, content: Buffer): string {
	return `${ASYMMETRIC_VERSION},${sign(null, content, key).toString('base64')}`;
}

/** True when `encoded` (the part after `v1a,`) is a valid signature of `content` by one of `keys`. */
export function verifyAsymmetric(keys: readonly KeyObject[], content: Buffer, encoded: string): boolean {
	if (!BASE64.test(encoded)) return false;
	const signature = Buffer.from(encoded, 'base64');
	if (signature.length !== SIGNATURE_BYTES) return false;
	let match = false;
	for (const key of keys) if (verify(null, content, key, signature)) match = true;
	return match;
}
