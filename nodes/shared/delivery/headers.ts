import { HUB_SIGNATURE_HEADER } from '../signature';
import { STANDARD_WEBHOOK_HEADERS } from '../standard-webhooks';

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
