import { hash } from 'node:crypto';

import { EVENT_MODEL_KINDS } from '../event-model';
import { encodeBody } from './notification';

/**
 * The default delivery id: derived from the item, so the same item gets the same id on every path
 * that sends it again (the same input executed again, n8n's Retry of an execution, a queue job run
 * twice, a replay), and distinct items get distinct ids. UUID-shaped (RFC 9562 UUIDv8, SHA-256).
 *
 * - A channel event (what the Channel Event Trigger emits) is named by its identity: kind, channel,
 *   status, entity, message / transaction / correlation id, timestamp, sender and recipient, and,
 *   when present, the receipt's code and the customer event's type. For the platform's
 *   notifications that is its own identity of them: the transaction id (`transid` / `tid`) and what
 *   tells one notification of that transaction from the next (status, its time and code). The
 *   same event relayed again keeps its id whatever the workflow added to the item or sends as body.
 *   An event without any message, transaction or correlation id is named by its original element
 *   (`raw`) too.
 * - Any other item is named by the workflow, the node and the exact body bytes: two byte-identical
 *   bodies sent by one node share an id (the Delivery ID option overrides it).
 */

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
 * (`crypto.hash`): quicker than a Hash object fed part by part, on the per-item path.
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
	// join, not a template: a template makes a tree of string pieces where join makes one flat
	// 36-character string; every delivered item keeps its id in its output.
	return [hex.slice(0, 8), hex.slice(8, 12), `8${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`, hex.slice(20, 32)].join('-');
}

/** Namespaces of this package (random v4 UUIDs, fixed forever: changing one changes every id). */
const EVENT_NAMESPACE = uuidBytes('ba5fe372-f9d2-4976-83b4-2ed69dbda0ec');
const ITEM_NAMESPACE = uuidBytes('c874a1c7-c47a-4ddc-92f1-eb176e4c3347');
/** SHA-256 digest length. */
const DIGEST_BYTES = 32;

const KINDS: ReadonlySet<string> = new Set(EVENT_MODEL_KINDS);
const IDENTITY_FIELDS = ['kind', 'channel', 'status', 'messageId', 'transactionId', 'correlationId', 'timestamp', 'from', 'to'] as const;
const ID_FIELDS = ['messageId', 'transactionId', 'correlationId'] as const;
const DISTINCT_FIELDS = ['code', 'eventType'] as const;

/** Whether the item is a channel event in the trigger's model (a known kind and the original element). */
export function isChannelEvent(json: unknown): json is Record<string, unknown> {
	if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
	const record = json as Record<string, unknown>;
	return typeof record.kind === 'string' && KINDS.has(record.kind) && 'raw' in record && record.raw !== undefined;
}

/** The text an event's id is derived from; the same event gives the same text after a JSON round trip. */
export function eventIdentity(event: Record<string, unknown>): string {
	const entity = (event.entity && typeof event.entity === 'object' ? event.entity : {}) as Record<string, unknown>;
	const fields: unknown[] = IDENTITY_FIELDS.map((name) => event[name] ?? null);
	fields.push(entity.type ?? null, entity.id ?? null);
	const named = ID_FIELDS.some((name) => event[name] !== undefined && event[name] !== null && event[name] !== '');
	if (!named) fields.push(event.raw);
	// What tells two notifications of one transaction apart besides status and time: the receipt's
	// code (two Failed receipts of one message) and a customer event's type (typing start, then stop).
	// Only when present, so events without them keep the ids they had.
	const distinct = Object.fromEntries(DISTINCT_FIELDS.filter((name) => typeof event[name] === 'string' && event[name] !== '').map((name) => [name, event[name]]));
	if (Object.keys(distinct).length > 0) fields.push(distinct);
	return JSON.stringify(fields);
}

/**
 * SHA-256 of the body bytes as lowercase hex (what a Failed item's `bodySha256` holds): hashed once
 * per item, used for the id and for replays. Hex straight from the hash: no Buffer per item.
 */
export function bodyDigest(body: Buffer): string {
	return hash('sha256', body, 'hex');
}

export interface DeliveryIdInput {
	/** The item's JSON. */
	json: unknown;
	workflowId: string;
	/** The node's id (stable when the node is renamed). */
	nodeId: string;
	/** SHA-256 of the exact body bytes (hex); asked for only when the item is not a channel event. */
	digest: () => string;
}

/**
 * namespace ‖ prefix ‖ body digest of the last (workflow, node) pair, the digest's place overwritten
 * per item: the items of an execution share the pair, and this is on the per-item path (no buffer
 * per item to concatenate them). Calls are synchronous, so one scratch buffer is enough.
 */
let scratch: { workflowId: string; nodeId: string; bytes: Buffer; digestAt: number } | undefined;

function itemName(workflowId: string, nodeId: string): { bytes: Buffer; digestAt: number } {
	if (scratch?.workflowId === workflowId && scratch.nodeId === nodeId) return scratch;
	// Lengths first, so that no (workflow, node) pair can run into another.
	const head = Buffer.concat([ITEM_NAMESPACE, Buffer.from(`${workflowId.length}:${workflowId}\n${nodeId.length}:${nodeId}\n`, 'utf8')]);
	const bytes = Buffer.alloc(head.length + DIGEST_BYTES);
	head.copy(bytes);
	scratch = { workflowId, nodeId, bytes, digestAt: head.length };
	return scratch;
}

/** The stable default delivery id of one item. */
export function defaultDeliveryId({ json, workflowId, nodeId, digest }: DeliveryIdInput): string {
	if (isChannelEvent(json)) return nameUuid(EVENT_NAMESPACE, eventIdentity(json));
	const name = itemName(workflowId, nodeId);
	name.bytes.write(digest(), name.digestAt, 'hex');
	return sha256Uuid(name.bytes);
}

/**
 * The default id of an item that is not posted (forwarded to SMPP, or failed before a body existed):
 * named by its JSON, so a second run names it the same.
 */
export function itemDeliveryId(json: unknown, origin: { workflowId: string; nodeId: string }): string {
	return defaultDeliveryId({ json, ...origin, digest: () => bodyDigest(encodeBody(json)) });
}
