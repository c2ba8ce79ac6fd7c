import { createHash, type Hash } from 'node:crypto';

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

/** A SHA-256 hash that already holds the namespace; feed it the name, then pass it to `finishNameUuid`. */
export function startNameUuid(namespace: Buffer): Hash {
	return createHash('sha256').update(namespace);
}

/** The UUIDv8 of a hash started by `startNameUuid` (consumes the hash). */
export function finishNameUuid(hash: Hash): string {
	const bytes = hash.digest().subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x80;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** UUIDv8 of SHA-256(namespace ‖ name), RFC 9562 Appendix B.2. */
export function nameUuid(namespace: Buffer, name: string | Buffer): string {
	return finishNameUuid(startNameUuid(namespace).update(name));
}
