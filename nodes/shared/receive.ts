import { carriesInboundAuth, verifyInboundAuth, type AuthVerdict, type InboundAuth } from './inbound-auth';
import { jsonShape } from './json-shape';
import { normalizeEvent, type ChannelEvent } from './events';
import { HUB_SIGNATURE_HEADER, verifySignature, type HubVerifyAlgorithm } from './signature';
import { STANDARD_VERIFY_MESSAGES, verifyStandardWebhook, type StandardVerifyOptions } from './standard-webhooks';
import { applicableSubscription, filterEvent, isEmptySubscription, NOTHING_SUBSCRIBED, type DropReason, type Subscription } from './subscription';

/**
 * The whole decision of the Channel Event Trigger for one HTTP request, as a pure function, so the
 * node only translates n8n's request into `ReceiveRequest` and the result back into a response.
 * Order of checks (cheapest and least revealing first): method → size → authorization →
 * signature → test call (empty POST) → content type → shape (nesting depth, events per request,
 * on the bytes) → JSON → test notification → normalise → filter. Nothing here puts a secret, a header value or the body into the response.
 */

/** Default cap on the body (1 MiB): a batch of a few thousand receipts. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Default cap on the events of one request (option Max Events per Request): above what a full
 * default-size body of real receipts holds, far below what a body of tiny elements would.
 */
export const DEFAULT_MAX_EVENTS = 5000;

/** Deepest nesting of arrays and objects a body may have: far beyond any platform payload, well within what n8n serialises. */
export const MAX_JSON_DEPTH = 100;

export interface ReceiveConfig {
	maxBodyBytes: number;
	/** Most events one request may hold (a JSON array's elements); DEFAULT_MAX_EVENTS when absent. */
	maxEvents?: number;
	/** Present when a Hub Signature credential is attached: current secret first, then the previous one. */
	hubSignature?: { secrets: string[]; algorithm: HubVerifyAlgorithm };
	/** Present when the Standard Webhooks scheme is chosen: the keys (current first) and the tolerance. */
	standardWebhooks?: Pick<StandardVerifyOptions, 'keys' | 'publicKeys' | 'toleranceSeconds'>;
	/** The receiver's clock (Standard Webhooks timestamps, Digest nonces, AWS x-amz-date, JWT exp); Date.now by default. */
	now?: () => number;
	auth: InboundAuth;
	subscription: Subscription;
}

export interface ReceiveRequest {
	method: string;
	/** The request-target as received (path and query): Digest and AWS SigV4 sign it. */
	url?: string;
	/** Lower-case header names. */
	headers: Record<string, string | string[] | undefined>;
	query?: Record<string, unknown>;
	/** The exact bytes received; absent for HEAD / GET. */
	rawBody?: Buffer;
}

export type ReceiveOutcome =
	| 'testCall'
	| 'accepted'
	| 'dropped'
	| 'methodNotAllowed'
	| 'tooLarge'
	| 'tooManyEvents'
	| 'tooDeep'
	| 'unauthorized'
	| 'badSignature'
	| 'unsupportedMediaType'
	| 'malformedJson';

export interface ReceiveResult {
	outcome: ReceiveOutcome;
	status: number;
	headers: Record<string, string>;
	body: Record<string, unknown>;
	/** The events that start a run (status 200 only); empty means no run. */
	events: ChannelEvent[];
	/** How many events the body held and why those not emitted were dropped. */
	received: number;
	dropped: Partial<Record<DropReason, number>>;
	/** One line per dropped event (at most MAX_DROP_DETAILS): what it was and why, for the node's log. */
	dropDetails: DropDetail[];
	/** For a refused authorization: what was wrong, for n8n's log (never a secret). */
	authFailure?: string;
	/** The refusal is a challenge-response scheme's expected first leg (Digest's challenge). */
	authHandshake?: boolean;
}

export interface DropDetail {
	reason: DropReason;
	kind: string;
	/** A customer event's `eventType` (typingStart, ...). */
	eventType?: string;
	channel?: string;
	status?: string;
	entityId?: string;
}

/** A batch of thousands of unwanted receipts should not write thousands of log lines. */
export const MAX_DROP_DETAILS = 20;

/**
 * The sender's POST test notification: this package's own (`verificationMethod: POST`, see
 * delivery/verify.ts) and any JSON object whose `type` (or `event`) is `test` and that names no event.
 */
export function isTestNotification(value: unknown): boolean {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
	const record = value as Record<string, unknown>;
	const type = typeof record.type === 'string' ? record.type : record.event;
	return typeof type === 'string' && type.trim().toLowerCase() === 'test';
}

const result = (
	outcome: ReceiveOutcome,
	status: number,
	body: Record<string, unknown>,
	extra: Partial<Pick<ReceiveResult, 'headers' | 'events' | 'received' | 'dropped' | 'dropDetails' | 'authFailure' | 'authHandshake'>> = {},
): ReceiveResult => ({ outcome, status, body, headers: {}, events: [], received: 0, dropped: {}, dropDetails: [], ...extra });

const TEST_CALL_BODY = { status: 'ok', message: 'Channel Event Trigger is listening; send events with POST' };

const header = (headers: ReceiveRequest['headers'], name: string): string | undefined => {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
};

/** JSON arrives as application/json, a `+json` type, text/json, text/plain, or without a type. */
export function isJsonContentType(contentType: string | undefined): boolean {
	if (contentType === undefined || contentType.trim() === '') return true;
	const type = contentType.split(';')[0].trim().toLowerCase();
	return (
		type === 'application/json' ||
		type === 'text/json' ||
		type === 'text/plain' ||
		(type.startsWith('application/') && type.endsWith('+json'))
	);
}

function tooLarge(request: ReceiveRequest, max: number): boolean {
	if (request.rawBody && request.rawBody.length > max) return true;
	const declared = Number(header(request.headers, 'content-length'));
	return Number.isFinite(declared) && declared > max;
}

export function parseJsonBody(raw: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
	// A UTF-8 byte order mark is not JSON, but some senders put one in front.
	const text = raw.toString('utf8').replace(/^\uFEFF/, '');
	if (text.trim() === '') return { ok: false, message: 'The request body is empty; a JSON event or an array of events was expected.' };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, message: `The request body is not valid JSON (${(error as Error).message}).` };
	}
}

export function receive(request: ReceiveRequest, config: ReceiveConfig): ReceiveResult {
	const method = request.method.toUpperCase();

	if (method === 'HEAD' || method === 'GET') {
		// The sender's test call ("we make a test call to the configured URL and expect a standard
		// 200"). The spec does not say whether it carries the authorization, so a test call without any
		// passes (it reveals nothing and starts nothing); one that carries a wrong authorization gets
		// 401, so a mistyped password shows up when the sender is set up.
		if (carriesInboundAuth(config.auth, request)) {
			const verdict = verifyInboundAuth(config.auth, request, (config.now ?? Date.now)());
			if (!verdict.ok) return unauthorized(verdict);
		}
		return result('testCall', 200, { ...TEST_CALL_BODY, ...emptyWarning(config.subscription) });
	}
	if (method !== 'POST') {
		return result('methodNotAllowed', 405, { error: 'Method Not Allowed', message: 'Send events with POST' }, {
			headers: { allow: 'POST, GET, HEAD' },
		});
	}

	if (tooLarge(request, config.maxBodyBytes)) {
		return result('tooLarge', 413, {
			error: 'Payload Too Large',
			message: `The body exceeds the limit of ${config.maxBodyBytes} bytes set on the trigger.`,
		});
	}

	const verdict = verifyInboundAuth(config.auth, request, (config.now ?? Date.now)());
	if (!verdict.ok) return unauthorized(verdict);

	const raw = request.rawBody ?? Buffer.alloc(0);
	if (config.hubSignature) {
		const signature = header(request.headers, HUB_SIGNATURE_HEADER);
		if (!verifySignature(raw, signature, config.hubSignature)) {
			return result('badSignature', 401, {
				error: 'Unauthorized',
				message:
					signature === undefined
						? `The ${HUB_SIGNATURE_HEADER} header is missing.`
						: `The ${HUB_SIGNATURE_HEADER} header does not match the body.`,
			});
		}
	}
	if (config.standardWebhooks) {
		const verdict = verifyStandardWebhook(raw, request.headers, { ...config.standardWebhooks, now: config.now ?? Date.now });
		if (!verdict.ok) {
			return result('badSignature', 401, { error: 'Unauthorized', message: STANDARD_VERIFY_MESSAGES[verdict.reason] });
		}
	}

	// A POST test call (the sender checks the URL answers 200) passed the same checks as any event
	// and is answered 200 without a run: an empty body here, a test notification below.
	if (raw.toString('utf8').replace(/^\uFEFF/, '').trim() === '') return result('testCall', 200, TEST_CALL_BODY);

	const contentType = header(request.headers, 'content-type');
	if (!isJsonContentType(contentType)) {
		return result('unsupportedMediaType', 415, {
			error: 'Unsupported Media Type',
			message: 'Send events as JSON (Content-Type: application/json).',
		});
	}

	// Bounded work per request: the shape is measured on the bytes, before parsing and normalising.
	const shape = jsonShape(raw, MAX_JSON_DEPTH);
	if (shape.depth > MAX_JSON_DEPTH) {
		return result('tooDeep', 400, { error: 'Bad Request', message: `The body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.` });
	}
	const maxEvents = config.maxEvents ?? DEFAULT_MAX_EVENTS;
	if (shape.elements > maxEvents) {
		return result('tooManyEvents', 413, {
			error: 'Payload Too Large',
			message: `The body holds ${shape.elements} events; the trigger accepts at most ${maxEvents} per request. Send smaller batches.`,
		});
	}

	const parsed = parseJsonBody(raw);
	if (!parsed.ok) return result('malformedJson', 400, { error: 'Bad Request', message: parsed.message });
	if (isTestNotification(parsed.value)) return result('testCall', 200, TEST_CALL_BODY);

	const all = normalizeEvent(parsed.value);
	// One element can hold several events (a receipt's `deliveryInfoNotification` or `deliveryInfo`
	// as a list): the cap counts events, not only a batch's elements.
	if (all.length > maxEvents) {
		return result('tooManyEvents', 413, {
			error: 'Payload Too Large',
			message: `The body holds ${all.length} events; the trigger accepts at most ${maxEvents} per request. Send smaller batches.`,
		});
	}
	const events: ChannelEvent[] = [];
	const dropped: Partial<Record<DropReason, number>> = {};
	const dropDetails: DropDetail[] = [];
	const subscription = applicableSubscription(config.subscription);
	for (const event of all) {
		const decision = filterEvent(subscription, event);
		if (decision.accept) {
			events.push(event);
			continue;
		}
		dropped[decision.reason] = (dropped[decision.reason] ?? 0) + 1;
		if (dropDetails.length < MAX_DROP_DETAILS) dropDetails.push(dropDetail(decision.reason, event));
	}

	// Events outside the subscription are answered 200 too: a sender retries anything else.
	const body = { status: 'received', received: all.length, accepted: events.length, ...emptyWarning(config.subscription) };
	return result(events.length > 0 ? 'accepted' : 'dropped', 200, body, { events, received: all.length, dropped, dropDetails });
}

/** Short, secret-free facts about a dropped event (ids and catalog values, never text or the body). */
function dropDetail(reason: DropReason, event: ChannelEvent): DropDetail {
	const clip = (value: string | undefined) => (value === undefined ? undefined : value.slice(0, 64));
	const detail: DropDetail = { reason, kind: event.kind };
	if (event.eventType !== undefined) detail.eventType = clip(event.eventType);
	if (event.channel !== undefined) detail.channel = clip(event.channel);
	if (event.status !== undefined) detail.status = clip(event.status);
	if (event.entity?.id !== undefined) detail.entityId = clip(event.entity.id);
	return detail;
}

/** A `warning` for the sender (and whoever reads its logs) when the trigger is subscribed to nothing. */
function emptyWarning(subscription: Subscription): { warning?: string } {
	return isEmptySubscription(subscription) ? { warning: NOTHING_SUBSCRIBED } : {};
}

/** 401 with the scheme's challenge where it defines one; what was wrong goes to the log only. */
function unauthorized(verdict: Extract<AuthVerdict, { ok: false }>): ReceiveResult {
	const headers: Record<string, string> = verdict.challenge ? { 'www-authenticate': verdict.challenge } : {};
	return result('unauthorized', 401, { error: 'Unauthorized', message: 'Authorization data is wrong or missing.' }, {
		headers,
		authFailure: verdict.reason,
		...(verdict.handshake ? { authHandshake: true } : {}),
	});
}
