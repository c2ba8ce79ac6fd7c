import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Nonces the trigger can check without remembering them (RFC 7616 section 3.3 leaves the nonce's
 * construction to the server): `base64url(time ‖ random ‖ HMAC-SHA256(key, time ‖ random)[0..16])`.
 * The key is derived from the credential's password, user and realm, so every n8n process holding
 * the same credential (main, webhook processors in queue mode) verifies a nonce another one issued,
 * and a password change invalidates every nonce issued before it.
 */
const TIME_BYTES = 8;
const RANDOM_BYTES = 8;
const MAC_BYTES = 16;
const NONCE_BYTES = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;

/** How long an issued nonce is accepted: the sender answers a challenge at once. */
export const DIGEST_NONCE_LIFETIME_MS = 5 * 60 * 1000;
/** A nonce from a clock slightly ahead (another process) is still taken. */
const FUTURE_SKEW_MS = 5 * 1000;

const KEY_LABEL = 'n8n-nodes-outbound-webhooks digest nonce';

export function nonceKey(user: string, realm: string, password: string): Buffer {
	return createHmac('sha256', password).update(`${KEY_LABEL}\0${user}\0${realm}`, 'utf8').digest();
}

const mac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest().subarray(0, MAC_BYTES);

export function issueNonce(key: Buffer, nowMs: number, random: (size: number) => Buffer = randomBytes): string {
	const head = Buffer.alloc(TIME_BYTES + RANDOM_BYTES);
	head.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(nowMs))), 0);
	random(RANDOM_BYTES).copy(head, TIME_BYTES);
	return Buffer.concat([head, mac(key, head)]).toString('base64url');
}

export type NonceCheck = 'valid' | 'stale' | 'foreign';

/** `foreign`: not issued with this key (or not a nonce at all); `stale`: issued, but expired. */
export function checkNonce(key: Buffer, nonce: string, nowMs: number, lifetimeMs = DIGEST_NONCE_LIFETIME_MS): NonceCheck {
	if (!/^[A-Za-z0-9_-]+$/.test(nonce)) return 'foreign';
	const bytes = Buffer.from(nonce, 'base64url');
	if (bytes.length !== NONCE_BYTES) return 'foreign';
	const head = bytes.subarray(0, TIME_BYTES + RANDOM_BYTES);
	if (!timingSafeEqual(mac(key, head), bytes.subarray(TIME_BYTES + RANDOM_BYTES))) return 'foreign';
	const issuedAt = Number(head.readBigUInt64BE(0));
	if (issuedAt > nowMs + FUTURE_SKEW_MS || nowMs - issuedAt > lifetimeMs) return 'stale';
	return 'valid';
}

/** The opaque value of the trigger's challenges when the credential sets none: fixed per credential. */
export function derivedOpaque(key: Buffer): string {
	return createHmac('sha256', key).update('opaque').digest().subarray(0, 16).toString('base64url');
}

/**
 * The nonce counts already answered (RFC 7616 section 3.4: a server refuses a repeated nc so a
 * captured answer cannot be replayed). Kept in this process's memory, bounded: in queue mode each
 * webhook process remembers only the answers it saw, so a replay sent to another process within the
 * nonce's lifetime is not caught there (issued nonces expire after DIGEST_NONCE_LIFETIME_MS, which
 * bounds that window). Entries leave after `ttlMs` or when the memory is full (oldest first).
 */
export class NonceCountMemory {
	private readonly seen = new Map<string, number>();

	constructor(private readonly maxEntries = 10_000) {}

	/** Records `key`; false when it was already seen and has not expired. */
	remember(key: string, nowMs: number, ttlMs: number): boolean {
		const until = this.seen.get(key);
		if (until !== undefined && until > nowMs) return false;
		this.seen.delete(key);
		this.seen.set(key, nowMs + ttlMs);
		while (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
		return true;
	}
}

/** This process's memory, shared by every trigger (keys include the nonce, which is per credential). */
export const processNonceCounts = new NonceCountMemory();
