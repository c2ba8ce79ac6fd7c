import { hash } from 'node:crypto';

/**
 * Name-based UUIDs with SHA-256: RFC 9562 §6.5 says to use version 8 for hashes other than MD5
 * (v3) and SHA-1 (v5), and Appendix B.2 gives the construction and a worked example: the first 128
 * bits of SHA-256(namespace bytes ‖ name), with the version (§5.8, bits 48–51 = 0b1000) and the
 * variant (§4.1, bits 64–65 = 0b10) written over the hash bits.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The 16 bytes of a UUID in its text form. */
export function uuidBytes(uuid: string): Buffer {
	if (!UUID_PATTERN.test(uuid)) throw new TypeError(`[n8n-nodes-outbound-webhooks] not a UUID: ${uuid}`);
	return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/**
 * UUIDv8 of SHA-256(namespace ‖ name parts), RFC 9562 Appendix B.2. The parts are hashed in one call
 * (`crypto.hash`): half the time of a Hash object fed part by part, on the per-item path.
 */
export function nameUuid(namespace: Buffer, ...name: Array<string | Buffer>): string {
	const parts = [namespace, ...name.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part))];
	return sha256Uuid(Buffer.concat(parts));
}

/** UUIDv8 of SHA-256(`input`), where `input` already is namespace ‖ name. */
export function sha256Uuid(input: Buffer): string {
	// The first 128 bits as hex, straight from the hash (no Buffer per id); the version nibble (§5.8,
	// 0b1000) and the variant bits (§4.1, 0b10 in the top of byte 8) are written over the hex digits.
	const hex = hash('sha256', input, 'hex');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	// join, not a template: a template makes a tree of string pieces (~370 bytes) where join makes one
	// flat 36-character string (~60); every delivered item keeps its id in its output.
	return [hex.slice(0, 8), hex.slice(8, 12), `8${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`, hex.slice(20, 32)].join('-');
}
