import { isWebhookError, WebhookError } from '../errors';
import { assertDomainAllowed } from '../net/allowed-domains';
import { headerProblem, invalidHeaderError } from '../http/header-rules';
import { parseEndpointUrl, redactUrl } from '../http/url';
import type { FailureReason } from '../outcome';
import { withSigningKey, type SignOptions } from '../signature';
import { assertWebhookId, type StandardSigningKey } from '../standard-webhooks';
import { incomingMessageOf } from '../smpp/incoming';
import { deliverEach, type DeliveryDeps, type DeliveryJob, type DeliveryOptions, type DeliveryResult } from './deliver';
import { bodyDigest, defaultDeliveryId } from './delivery-id';
import { failedFields, planItem, type Endpoint, type ExtendedSchedule, type PlanContext, type PlannedItem } from './durable-item';
import { DURABLE_WAIT_MIN_MS } from './extended-schedule';
import { mayBeReplay } from './replay';
import { classifyStatus } from './policy';
import { DELIVERY_ID_HEADER } from './headers';
import { customHeaders, encodeBody } from './request';
import { verifyEndpointsOnce, type VerificationMemory } from './verification';
import type { VerificationMethod } from './verify';

/**
 * What the node reads for one item: its URL, body and headers (values, expressions resolved). `body`
 * may be a getter: it is read only for new items, never for a replay (which sends its own bytes).
 */
export interface RequestParameters {
	url: unknown;
	readonly body: unknown;
	headers: ReadonlyArray<{ name: string; value: string }>;
	/** False when Body Content is Custom: the item is never a replay, its body is the user's (true when absent). */
	replayable?: boolean;
}

/**
 * The input items as the core sees them. Reading parameters is left to the caller, item by item,
 * so an item whose parameters are wrong fails on its own, and so items routed to SMPP never read
 * the HTTPS parameters.
 */
export interface ItemSource {
	readonly length: number;
	/** The item's JSON (routing to SMPP looks at it). */
	json(index: number): Record<string, unknown>;
	/** The item's request parameters; may throw a WebhookError that says what to change. */
	request(index: number): RequestParameters;
	/** The Delivery ID option's value for the item, when it is set. */
	deliveryId(index: number): string | undefined;
}

export interface RunSettings {
	signing?: SignOptions;
	/** The Standard Webhooks scheme instead of the hub signature: the signing keys, current first. */
	standardWebhooks?: { keys: readonly StandardSigningKey[] };
	/** A credential's "Allowed HTTP Request Domains" (undefined: any host). */
	allowedDomains?: readonly string[];
	/** The test call before the first delivery to an endpoint configuration; undefined: none. */
	verification?: {
		method: VerificationMethod;
		/** Passed verifications (fingerprint -> time): the workflow's static data. */
		store: Record<string, string>;
		/** What else identifies the configuration (scheme, credential and signature digests). */
		identity: Record<string, unknown>;
	};
	delivery: DeliveryOptions;
	/** Forward to SMPP is on: incoming messages go to the ESME bind instead of the HTTPS POST. */
	forwardToSmpp: boolean;
	/**
	 * Continue-on-fail is off: the first item whose parameters are wrong, or whose endpoint fails
	 * the test call, stops the run (the error carries its itemIndex) before anything is delivered.
	 */
	stopOnError: boolean;
	/** Added to every output item. */
	entity: { type: string; id: string };
	/** Where the items are delivered from: the default delivery id of a non-event item names them. */
	origin?: { workflowId: string; nodeId: string };
	/** The extended schedule after the in-run retries (absent or no delays: none). */
	extended?: ExtendedSchedule;
	/**
	 * The replay mark's key (delivery/replay-mark.ts): Failed items carry a mark made with it, and only
	 * items with a valid mark are replays. Without one, nothing is a replay.
	 */
	replayKey?: Buffer;
}

/** One item forwarded to SMPP, as the SMPP half returns it. */
export interface SmppOutcome {
	index: number;
	outcome: 'forwarded' | 'failed';
	json: Record<string, unknown>;
}

export interface RunDeps extends DeliveryDeps {
	/** Told when replayed items came back long before their nextAttemptAt and wait in memory. */
	warn?: (message: string) => void;
	/** The SMPP half (bind, submit); needed only when Forward to SMPP is on. */
	forwardSmpp?: (items: Array<{ index: number; json: Record<string, unknown>; deliveryId: string }>) => Promise<SmppOutcome[]>;
	memory?: VerificationMemory;
}

export type OutputName = 'delivered' | 'failed' | 'smpp';

/** Where one input item goes and what it carries there. */
export interface ItemOutcome {
	output: OutputName;
	json: Record<string, unknown>;
}

interface HttpItem {
	index: number;
	planned: PlannedItem;
}

const NO_ORIGIN = { workflowId: '', nodeId: '' };
const NO_EXTENDED: ExtendedSchedule = { delaysMs: [], maxRetryAfterMs: 0 };

/** The default id of an item that is not posted (SMPP, or failed before a body existed): from its JSON. */
const itemId = (json: Record<string, unknown>, settings: Pick<RunSettings, 'origin'>): string =>
	defaultDeliveryId({ json, ...(settings.origin ?? NO_ORIGIN), digest: () => bodyDigest(encodeBody(json)) });

/** The Delivery ID option's value, or undefined when reading it is what failed. */
function optionOrNothing(source: Pick<ItemSource, 'deliveryId'>, index: number): string | undefined {
	try {
		return source.deliveryId(index);
	} catch {
		return undefined;
	}
}

/** A test call that got no answer, or a status the spec retries (the endpoint may be down for a while). */
function retryableVerification(error: WebhookError): boolean {
	// A request that cannot be sent (a header the client refuses, a blocked address) fails the same way again.
	if (error.data.cause === 'INVALID_HEADER' || error.data.cause === 'INVALID_REQUEST') return false;
	const status = error.data.statusCode;
	return typeof status === 'number' ? classifyStatus(status) === 'retry' : true;
}

const reasonOf = (error: WebhookError): FailureReason => ({ code: error.code, message: error.message, hint: error.hint });

/** The JSON of a Failed item: the reason first (what a user reads), then the rest. */
function failedJson(error: FailureReason, rest: Record<string, unknown>): Record<string, unknown> {
	return { error, status: 'failed', ...rest };
}

/**
 * What the items of one execution share, checked once and held once: the same URL text is parsed and
 * checked once (a fixed URL, or an expression that gives every item the same endpoint), a header list
 * the node hands every item (fixed headers) is checked once, and the items that go to the same URL
 * with the same headers share one Endpoint object.
 */
class Shared {
	private readonly urls = new Map<string, { url: string; displayUrl: string; byHeaders: WeakMap<object, Endpoint> }>();
	private readonly headerLists = new WeakMap<object, Record<string, string>>();
	readonly context: PlanContext;

	constructor(private readonly settings: RunSettings) {
		this.context = { ...(settings.origin ?? NO_ORIGIN), signing: settings.signing, standardKeys: settings.standardWebhooks?.keys, replayKey: settings.replayKey };
	}

	endpoint(input: unknown, pairs: RequestParameters['headers']): Endpoint {
		let known = typeof input === 'string' ? this.urls.get(input) : undefined;
		if (!known) {
			const url = parseEndpointUrl(input);
			assertDomainAllowed(url, this.settings.allowedDomains);
			known = { url: url.href, displayUrl: redactUrl(url), byHeaders: new WeakMap() };
			if (typeof input === 'string') this.urls.set(input, known);
		}
		const headers = this.headers(pairs);
		let endpoint = known.byHeaders.get(headers);
		if (!endpoint) known.byHeaders.set(headers, (endpoint = { url: known.url, displayUrl: known.displayUrl, headers }));
		return endpoint;
	}

	private headers(pairs: RequestParameters['headers']): Record<string, string> {
		const list = pairs ?? [];
		const known = this.headerLists.get(list);
		if (known) return known;
		const headers = customHeaders(list);
		this.headerLists.set(list, headers);
		return headers;
	}
}

/**
 * Plans one item: everything that can be wrong with it is found here, before anything is sent (URL,
 * domain, headers, body, a Standard Webhooks id); its request is built later, by `planned.job()`.
 */
function prepare(json: Record<string, unknown>, params: RequestParameters, deliveryIdOption: string, settings: RunSettings, shared: Shared): PlannedItem {
	const endpoint = shared.endpoint(params.url, params.headers);
	const planned = planItem(
		{ json, readBody: () => params.body, deliveryIdOption, endpoint, context: shared.context, replayable: params.replayable },
		{ maxRetries: settings.delivery.schedule.maxRetries },
	);
	// webhook-id is the delivery id (a replay's own); one with a "." is refused here, for this item only.
	// A default id is a UUID, which never has one.
	if (planned.presetId !== undefined) {
		if (settings.standardWebhooks) assertWebhookId(planned.presetId);
		// The id goes into x-delivery-id (and webhook-id): by the rule undici applies, before anything is sent.
		const problem = headerProblem(DELIVERY_ID_HEADER, planned.presetId);
		if (problem) {
			throw invalidHeaderError(DELIVERY_ID_HEADER, problem, planned.replay ? 'the replayed item\'s deliveryId' : 'Options → Delivery ID', 'Make the Delivery ID option give plain text (letters, digits, punctuation): it is sent as the x-delivery-id header.');
		}
	}
	return planned;
}

/** The replay and schedule fields of a Failed item (`nextAttemptAt` only while the schedule goes on). */
function durableFields(
	planned: PlannedItem,
	result: DeliveryResult | undefined,
	settings: RunSettings,
	shown: { deliveryId: string | undefined; attempts: ReadonlyArray<{ attempt: number }> },
): Record<string, unknown> {
	const { bodySha256, retryable, nextAttemptAt, extendedAttempts, replayMark } = failedFields(planned, result, settings.extended ?? NO_EXTENDED, { key: settings.replayKey, ...shown });
	return { bodySha256, retryable, ...(nextAttemptAt ? { nextAttemptAt } : {}), extendedAttempts, ...(replayMark ? { replayMark } : {}) };
}

/**
 * An item whose request could not be built: only a body that JSON cannot encode (a BigInt or a cycle
 * a Code node put in the item) gets here. Nothing was sent; no id can be derived from bytes that do
 * not exist, so only the Delivery ID option's (or a replay's) is shown.
 */
function unbuiltOutcome(planned: PlannedItem, error: WebhookError, entity: RunSettings['entity']): ItemOutcome {
	return { output: 'failed', json: failedJson(reasonOf(error), { deliveryId: planned.presetId, attempts: [], entity, payload: undefined }) };
}

/**
 * The longest a replayed item that came back before its `nextAttemptAt` is held in memory before
 * it is sent (1 hour). A later one would hold the execution (and its memory, and n8n's concurrency
 * slot) for as long: a Wait node holds it durably instead.
 */
export const MAX_EARLY_WAIT_MS = 60 * 60_000;

/** A replay due more than MAX_EARLY_WAIT_MS from now: Failed (NOT_DUE), not sent, its schedule ended. */
function notDueOutcome(planned: PlannedItem, settings: RunSettings): ItemOutcome {
	const job = planned.job();
	const attempts = [...(job.previousAttempts ?? [])];
	const due = new Date(planned.notBefore!).toISOString();
	const error = new WebhookError('NOT_DUE', `The replayed item is due at ${due}, more than ${MAX_EARLY_WAIT_MS / 60_000} minutes from now: it was not sent`, {
		hint: 'Put a Wait node (Resume: At Specified Time, {{ $json.nextAttemptAt }}) between the Failed output and this node, so n8n holds the item until it is due.',
	});
	const fields = durableFields(planned, undefined, settings, { deliveryId: job.deliveryId, attempts });
	return { output: 'failed', json: failedJson(reasonOf(error), { deliveryId: job.deliveryId, url: job.displayUrl, attempts, entity: settings.entity, payload: planned.payload, ...fields }) };
}

const asWebhookError = (error: unknown): WebhookError =>
	isWebhookError(error) ? error : new WebhookError('INVALID_CONFIG', (error as Error)?.message ?? String(error));

/**
 * The Outbound Webhook's whole delivery, as one call: builds each item's request, makes the test
 * call once per endpoint configuration, routes the items of refused endpoints to Failed, delivers
 * the rest with retries side by side with the SMPP half, and returns one outcome per input item, in
 * input order.
 */
export async function runDelivery(source: ItemSource, given: RunSettings, deps: RunDeps): Promise<ItemOutcome[]> {
	const settings = given.signing ? { ...given, signing: withSigningKey(given.signing) } : given;
	const outcomes: ItemOutcome[] = new Array(source.length);
	const { entity } = settings;
	const http: HttpItem[] = [];
	const smpp: Array<{ index: number; json: Record<string, unknown>; deliveryId: string }> = [];
	const shared = new Shared(settings);
	let unmarked = 0;

	// 1. One plan per item; an item whose parameters are wrong fails on its own (or stops the run).
	//    Its request (bytes, signature, id) is built when the delivery starts it, so the first requests
	//    leave while the later ones are still unbuilt.
	for (let index = 0; index < source.length; index++) {
		const json = source.json(index);
		let deliveryId: string | undefined;
		let payload: unknown;
		try {
			const option = source.deliveryId(index) ?? '';
			if (settings.forwardToSmpp && incomingMessageOf(json)) {
				deliveryId = option || itemId(json, settings);
				smpp.push({ index, json, deliveryId });
				continue;
			}
			const params = source.request(index);
			const planned = prepare(json, params, option, settings, shared);
			if (!planned.replay && params.replayable !== false && mayBeReplay(json)) unmarked++;
			http.push({ index, planned });
		} catch (caught) {
			const error = asWebhookError(caught);
			if (settings.stopOnError) throw error.forItem(index);
			// Nothing was sent; the id names the item (its JSON), so a second run names it the same.
			deliveryId ??= optionOrNothing(source, index) || itemId(json, settings);
			outcomes[index] = { output: 'failed', json: failedJson(reasonOf(error), { deliveryId, attempts: [], entity, payload }) };
		}
	}

	if (unmarked > 0) {
		deps.warn?.(
			`${unmarked} item(s) look like Failed items but carry no valid replayMark for this node's signing secret or credential: they were sent as new items (their JSON as the body, under a new delivery id). Failed items made before replay marks existed, or by a node with another secret, are not replayed.`,
		);
	}

	// 2. The test call, once per endpoint configuration.
	const refused = settings.verification
		? await verifyEndpointsOnce(
				http.map(({ planned }) => planned.endpoint),
				settings.verification.store,
				{
					method: settings.verification.method,
					timeoutMs: settings.delivery.timeoutMs,
					signing: settings.signing,
					standardWebhooks: settings.standardWebhooks,
					identity: settings.verification.identity,
				},
				{ transport: deps.transport, authorizer: deps.authorizer, now: deps.now, memory: deps.memory },
			)
		: new Map<string, WebhookError>();
	const deliverable: HttpItem[] = [];
	for (const item of http) {
		const error = refused.get(item.planned.endpoint.url);
		if (!error) {
			deliverable.push(item);
			continue;
		}
		const { payload } = item.planned;
		let job: DeliveryJob;
		try {
			job = item.planned.job();
		} catch (caught) {
			outcomes[item.index] = unbuiltOutcome(item.planned, asWebhookError(caught), entity);
			continue;
		}
		// With the extended schedule, an endpoint that is down at the test call (no answer, or a status
		// that is retried) is a retryable failure like any other: the items wait for their next step.
		if (settings.extended?.delaysMs.length && retryableVerification(error)) {
			const now = deps.now();
			const attempts = [...(job.previousAttempts ?? [])];
			const result: DeliveryResult = {
				status: 'failed',
				deliveryId: job.deliveryId,
				attempts: [...attempts, { attempt: (attempts[attempts.length - 1]?.attempt ?? 0) + 1, startedAt: new Date(now).toISOString(), durationMs: 0, errorCode: 'VERIFICATION_FAILED', message: error.message }],
				exhausted: {},
			};
			outcomes[item.index] = {
				output: 'failed',
				json: failedJson(reasonOf(error), { deliveryId: job.deliveryId, url: job.displayUrl, attempts, entity, payload, ...durableFields(item.planned, result, settings, { deliveryId: job.deliveryId, attempts }) }),
			};
			continue;
		}
		if (settings.stopOnError) throw error.forItem(item.index);
		const attempts = [...(job.previousAttempts ?? [])];
		outcomes[item.index] = {
			output: 'failed',
			json: failedJson(reasonOf(error), {
				deliveryId: job.deliveryId,
				url: job.displayUrl,
				attempts,
				entity,
				payload,
				...durableFields(item.planned, undefined, settings, { deliveryId: job.deliveryId, attempts }),
			}),
		};
	}
	// The plans live on in `deliverable` only, which lets each go when its item is done.
	http.length = 0;
	const now = deps.now();
	// A replay due too far ahead is not held in memory (nor sent early): it goes back to Failed, its
	// schedule ended, ready to be replayed by hand.
	const heldBack = deliverable.filter(({ planned }) => (planned.notBefore ?? now) - now > MAX_EARLY_WAIT_MS);
	if (heldBack.length > 0) {
		for (const item of heldBack) {
			deliverable.splice(deliverable.indexOf(item), 1);
			outcomes[item.index] = notDueOutcome(item.planned, settings);
		}
	}
	const early = deliverable.filter(({ planned }) => (planned.notBefore ?? now) - now > DURABLE_WAIT_MIN_MS).length;
	if (early > 0) {
		deps.warn?.(
			`${early} replayed item(s) came back long before their nextAttemptAt and wait for it in memory, which does not survive a restart. Put a Wait node (Resume: At Specified Time, {{ $json.nextAttemptAt }}) between the Failed output and this node.`,
		);
	}

	// 3. Deliver over HTTPS and forward to SMPP side by side. Each item's outcome is written when its
	//    result is known, and its plan (request, bytes) let go: nothing of a finished item but its output
	//    lives until the last delivery ends.
	const pending: Array<HttpItem | undefined> = deliverable;
	const jobs = {
		length: deliverable.length,
		at: (position: number): DeliveryJob | undefined => {
			const item = pending[position]!;
			try {
				return item.planned.job();
			} catch (caught) {
				const error = asWebhookError(caught).forItem(item.index);
				if (settings.stopOnError) throw error;
				outcomes[item.index] = unbuiltOutcome(item.planned, error, entity);
				pending[position] = undefined;
				return undefined;
			}
		},
	};
	const outcomeOf = (planned: PlannedItem, result: DeliveryResult): ItemOutcome => {
		const url = planned.endpoint.displayUrl;
		if (result.status === 'delivered') {
			// Written out (not spread): this runs once per delivered item.
			const { deliveryId, statusCode, attempts, response } = result;
			return { output: 'delivered', json: { status: 'delivered', deliveryId, statusCode, attempts, response, url, entity, payload: planned.payload } };
		}
		const { error, status: _status, exhausted: _exhausted, ...rest } = result;
		return { output: 'failed', json: failedJson(error!, { ...rest, url, entity, payload: planned.payload, ...durableFields(planned, result, settings, rest) }) };
	};
	const onResult = (position: number, result: DeliveryResult) => {
		const { index, planned } = pending[position]!;
		pending[position] = undefined;
		outcomes[index] = outcomeOf(planned, result);
		planned.release();
	};
	const [, forwarded] = await Promise.all([
		deliverEach(jobs, settings.delivery, deps, onResult),
		smpp.length > 0 && deps.forwardSmpp ? deps.forwardSmpp(smpp) : Promise.resolve([]),
	]);
	for (const { index, outcome, json } of forwarded) {
		const { error, ...rest } = json;
		outcomes[index] = outcome === 'forwarded' ? { output: 'smpp', json: { ...json, entity } } : { output: 'failed', json: { error, ...rest, entity } };
	}
	return outcomes;
}

/**
 * A configuration error found before any item could be prepared (a missing credential, a Hub
 * Signature credential without a secret, an authorization that cannot be set up) with continue on
 * fail: every item goes to Failed with that error and its hint, and nothing is sent.
 */
export function failEveryItem(
	source: Pick<ItemSource, 'length' | 'json' | 'deliveryId'>,
	error: WebhookError,
	settings: Pick<RunSettings, 'entity' | 'origin'>,
): ItemOutcome[] {
	const reason = reasonOf(error);
	const { entity } = settings;
	return Array.from({ length: source.length }, (_unused, index) => {
		const deliveryId = optionOrNothing(source, index) || itemId(source.json(index), settings);
		return { output: 'failed' as const, json: failedJson(reason, { deliveryId, attempts: [], entity, payload: source.json(index) }) };
	});
}

/**
 * What stops a run before any item is prepared, as a WebhookError that says what to change. n8n's
 * own errors (e.g. "Node does not have any credentials set") keep their message and get a hint.
 */
export function configurationError(
	error: unknown,
	credentialHint = 'Select a credential for the chosen Authentication (and for the signature, when signing is on), or change those parameters.',
): WebhookError {
	if (isWebhookError(error)) return error;
	const message = (error as Error)?.message ?? String(error);
	return new WebhookError('INVALID_CONFIG', message, {
		hint: /credential/i.test(message)
			? credentialHint
			: 'Check the node\'s parameters and credentials.',
	});
}
