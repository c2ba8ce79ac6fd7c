import { isWebhookError, WebhookError } from '../errors';
import { assertDomainAllowed } from '../net/allowed-domains';
import { headerProblem, invalidHeaderError } from '../http/header-rules';
import { parseEndpointUrl, redactUrl } from '../http/url';
import { deliveredOutcome, failedOutcome, reasonOf, type ItemOutcome } from '../outcome';
import { withSigningKey, type SignOptions } from '../signature';
import { assertWebhookId, type StandardSigningKey } from '../standard-webhooks';
import { deliverEach, type DeliveryDeps, type DeliveryJob, type DeliveryOptions, type DeliveryResult } from './deliver';
import { itemDeliveryId } from './delivery-id';
import { failedFields, planItem, type Endpoint, type ExtendedSchedule, type PlanContext, type PlannedItem } from './plan';
import { mayBeReplay, type Replay } from './replay';
import { classifyStatus, DURABLE_WAIT_MIN_MS } from './policy';
import { customHeaders, DELIVERY_ID_HEADER } from './notification';
import { verifyEndpointsOnce, type VerificationMemory, type VerificationMethod } from './verification';

/**
 * The Outbound Webhook's delivery over HTTPS, in three named steps, each a function below:
 *
 *   runDelivery = planItems → verifyEndpoints → deliverItems
 *
 * The node hands over plain values: the execution's settings (RunSettings) and, per item, what its
 * expressions gave (DeliveryItem). The core calls nothing of the node's; items that go to SMPP are
 * split off by the node before this call.
 */

/** A custom header as the node's Headers option lists it. */
export interface HeaderPair {
	name: string;
	value: string;
}

/**
 * One input item as the node hands it over: its JSON and the values of its per-item parameters,
 * evaluated. Reading a parameter can fail for one item (an expression that throws, a Custom Body that
 * is not JSON): the error is carried here, and the item fails on its own with it.
 */
export interface DeliveryItem {
	/** The item's place in the node's input: an error that stops the run names it. */
	index: number;
	json: Record<string, unknown>;
	/** The Delivery ID option's value ('' or absent: none; a replay keeps its own id). */
	deliveryId?: string;
	url?: unknown;
	headers?: readonly HeaderPair[];
	/** False when Body Content is Custom: the item is never a replay, its body is the user's (true when absent). */
	replayable?: boolean;
	/** The replay the item is (replay.ts `readReplay`): its own bytes are sent and `body` is not read. */
	replay?: Replay;
	/** The body Body Content gives (absent for a replay). */
	body?: unknown;
	/** Reading the URL, headers or Delivery ID failed: the item fails with this, whatever else it has. */
	readError?: unknown;
	/** Reading the body failed: the item fails with this once its URL has been checked. */
	bodyError?: unknown;
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
	 * The replay mark's key (delivery/replay.ts): Failed items carry a mark made with it, and only
	 * items with a valid mark are replays. Without one, nothing is a replay.
	 */
	replayKey?: Buffer;
}

export interface RunDeps extends DeliveryDeps {
	/** Told when replayed items came back long before their nextAttemptAt and wait in memory. */
	warn?: (message: string) => void;
	memory?: VerificationMemory;
}

/** An item that passed planning: its place in the list handed to runDelivery, and its plan. */
interface HttpItem {
	position: number;
	index: number;
	planned: PlannedItem;
}

/** What the steps share: the settings, and the outcomes written as each item ends (by position). */
interface Run {
	settings: RunSettings;
	deps: RunDeps;
	outcomes: ItemOutcome[];
}

const NO_ORIGIN = { workflowId: '', nodeId: '' };
const NO_EXTENDED: ExtendedSchedule = { delaysMs: [], maxRetryAfterMs: 0 };

/**
 * The longest a replayed item that came back before its `nextAttemptAt` is held in memory before
 * it is sent (1 hour). A later one would hold the execution (and its memory, and n8n's concurrency
 * slot) for as long: a Wait node holds it durably instead.
 */
export const MAX_EARLY_WAIT_MS = 60 * 60_000;

const asWebhookError = (error: unknown): WebhookError =>
	isWebhookError(error) ? error : new WebhookError('INVALID_CONFIG', (error as Error)?.message ?? String(error));

/**
 * The Outbound Webhook's whole delivery over HTTPS: plans each item, makes the test call once per
 * endpoint configuration, and delivers the rest with retries. Returns one outcome per item, in the
 * order given.
 */
export async function runDelivery(items: readonly DeliveryItem[], settings: RunSettings, deps: RunDeps): Promise<ItemOutcome[]> {
	return (await prepareDelivery(items, settings, deps)).deliver();
}

/** A run whose items are planned and whose endpoints passed their test call: nothing is sent yet. */
export interface PreparedDelivery {
	deliver(): Promise<ItemOutcome[]>;
}

/**
 * The first two steps, which can stop the run (continue-on-fail off) before anything is delivered:
 * the node starts its SMPP route only once this has returned.
 */
export async function prepareDelivery(items: readonly DeliveryItem[], given: RunSettings, deps: RunDeps): Promise<PreparedDelivery> {
	const settings = given.signing ? { ...given, signing: withSigningKey(given.signing) } : given;
	const run: Run = { settings, deps, outcomes: new Array(items.length) };
	const planned = planItems(items, run);
	const deliverable = await verifyEndpoints(planned, run);
	return { deliver: () => deliverItems(deliverable, run) };
}

/**
 * What the items of one execution share, checked once and held once: the same URL text is parsed and
 * checked once (a fixed URL, or an expression that gives every item the same endpoint), a header list
 * the node hands every item (fixed headers) is checked once, and the items that go to the same URL
 * with the same headers share one Endpoint object.
 */
class Endpoints {
	private readonly urls = new Map<string, { url: string; displayUrl: string; byHeaders: WeakMap<object, Endpoint> }>();
	private readonly headerLists = new WeakMap<object, Record<string, string>>();

	constructor(private readonly allowedDomains: readonly string[] | undefined) {}

	of(input: unknown, pairs: readonly HeaderPair[] | undefined): Endpoint {
		let known = typeof input === 'string' ? this.urls.get(input) : undefined;
		if (!known) {
			const url = parseEndpointUrl(input);
			assertDomainAllowed(url, this.allowedDomains);
			known = { url: url.href, displayUrl: redactUrl(url), byHeaders: new WeakMap() };
			if (typeof input === 'string') this.urls.set(input, known);
		}
		const headers = this.headers(pairs ?? NO_HEADERS);
		let endpoint = known.byHeaders.get(headers);
		if (!endpoint) known.byHeaders.set(headers, (endpoint = { url: known.url, displayUrl: known.displayUrl, headers }));
		return endpoint;
	}

	private headers(pairs: readonly HeaderPair[]): Record<string, string> {
		const known = this.headerLists.get(pairs);
		if (known) return known;
		const headers = customHeaders(pairs);
		this.headerLists.set(pairs, headers);
		return headers;
	}
}

const NO_HEADERS: readonly HeaderPair[] = [];

/**
 * Plans one item: everything that can be wrong with it is found here, before anything is sent (its
 * parameters, URL, domain, headers, body, a Standard Webhooks id); its request is built later, by
 * `planned.job()`.
 */
function planOne(item: DeliveryItem, settings: RunSettings, endpoints: Endpoints, context: PlanContext): PlannedItem {
	if (item.readError !== undefined) throw item.readError;
	const endpoint = endpoints.of(item.url, item.headers);
	if (item.bodyError !== undefined) throw item.bodyError;
	const planned = planItem(
		{ json: item.json, body: item.body, replay: item.replayable === false ? undefined : item.replay, deliveryIdOption: item.deliveryId ?? '', endpoint, context },
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

/**
 * Step 1, plan: one plan per item. An item whose parameters are wrong fails on its own, or stops the
 * run without continue-on-fail. Its request (bytes, signature, id) is built when the delivery starts
 * it, so the first requests leave while the later ones are still unbuilt.
 */
function planItems(items: readonly DeliveryItem[], run: Run): HttpItem[] {
	const { settings, outcomes } = run;
	const endpoints = new Endpoints(settings.allowedDomains);
	const context: PlanContext = { ...(settings.origin ?? NO_ORIGIN), signing: settings.signing, standardKeys: settings.standardWebhooks?.keys, replayKey: settings.replayKey };
	const planned: HttpItem[] = [];
	let unmarked = 0;
	items.forEach((item, position) => {
		try {
			const plan = planOne(item, settings, endpoints, context);
			if (!plan.replay && item.replayable !== false && mayBeReplay(item.json)) unmarked++;
			planned.push({ position, index: item.index, planned: plan });
		} catch (caught) {
			const error = asWebhookError(caught);
			if (settings.stopOnError) throw error.forItem(item.index);
			// Nothing was sent; the id names the item (its JSON), so a second run names it the same.
			const deliveryId = item.deliveryId || itemDeliveryId(item.json, settings.origin ?? NO_ORIGIN);
			outcomes[position] = failedOutcome(reasonOf(error), { deliveryId, attempts: [], entity: settings.entity, payload: undefined });
		}
	});
	if (unmarked > 0) {
		run.deps.warn?.(
			`${unmarked} item(s) look like Failed items but carry no valid replayMark for this node's signing secret or credential: they were sent as new items (their JSON as the body, under a new delivery id). Failed items made before replay marks existed, or by a node with another secret, are not replayed.`,
		);
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
 * A planned item that failed before this run sent it (its test call, or a replay not yet due): its
 * earlier attempts, and what replaying it needs. `result` is the failure the extended schedule goes
 * on from (undefined: the schedule ends).
 */
function failedBeforeSending(planned: PlannedItem, job: DeliveryJob, error: WebhookError, settings: RunSettings, result?: DeliveryResult): ItemOutcome {
	const attempts = [...(job.previousAttempts ?? [])];
	const shown = { deliveryId: job.deliveryId, attempts };
	return failedOutcome(reasonOf(error), { deliveryId: job.deliveryId, url: job.displayUrl, attempts, entity: settings.entity, payload: planned.payload, ...durableFields(planned, result, settings, shown) });
}

/**
 * An item whose request could not be built: only a body that JSON cannot encode (a BigInt or a cycle
 * a Code node put in the item) gets here. Nothing was sent; no id can be derived from bytes that do
 * not exist, so only the Delivery ID option's (or a replay's) is shown.
 */
function unbuiltOutcome(planned: PlannedItem, error: WebhookError, entity: RunSettings['entity']): ItemOutcome {
	return failedOutcome(reasonOf(error), { deliveryId: planned.presetId, attempts: [], entity, payload: undefined });
}

/** A test call that got no answer, or a status the spec retries (the endpoint may be down for a while). */
function retryableVerification(error: WebhookError): boolean {
	// A request that cannot be sent (a header the client refuses, a blocked address) fails the same way again.
	if (error.data.cause === 'INVALID_HEADER' || error.data.cause === 'INVALID_REQUEST') return false;
	const status = error.data.statusCode;
	return typeof status === 'number' ? classifyStatus(status) === 'retry' : true;
}

/**
 * With the extended schedule, an endpoint that is down at the test call (no answer, or a status that
 * is retried) is a retryable failure like any other: its items wait for their next step.
 */
const waitsForNextStep = (error: WebhookError, settings: RunSettings): boolean => !!settings.extended?.delaysMs.length && retryableVerification(error);

/** The Failed item of a test call that failed retryably: the test call counts as its attempt. */
function waitingOutcome(planned: PlannedItem, job: DeliveryJob, error: WebhookError, run: Run): ItemOutcome {
	const attempts = job.previousAttempts ?? [];
	const attempt = (attempts[attempts.length - 1]?.attempt ?? 0) + 1;
	const result: DeliveryResult = {
		status: 'failed',
		deliveryId: job.deliveryId,
		attempts: [...attempts, { attempt, startedAt: new Date(run.deps.now()).toISOString(), durationMs: 0, errorCode: 'VERIFICATION_FAILED', message: error.message }],
		exhausted: {},
	};
	return failedBeforeSending(planned, job, error, run.settings, result);
}

/**
 * Step 2, verify: the test call, once per endpoint configuration (verification.ts). The items of a
 * refused endpoint go to Failed, or the first of them stops the run without continue-on-fail. Returns
 * the items to deliver.
 */
async function verifyEndpoints(planned: HttpItem[], run: Run): Promise<HttpItem[]> {
	const { settings, deps, outcomes } = run;
	if (!settings.verification) return planned;
	const refused = await verifyEndpointsOnce(
		planned.map((item) => item.planned.endpoint),
		settings.verification.store,
		{
			method: settings.verification.method,
			timeoutMs: settings.delivery.timeoutMs,
			signing: settings.signing,
			standardWebhooks: settings.standardWebhooks,
			identity: settings.verification.identity,
		},
		{ transport: deps.transport, authorizer: deps.authorizer, now: deps.now, memory: deps.memory },
	);
	if (refused.size === 0) return planned;
	const deliverable: HttpItem[] = [];
	for (const item of planned) {
		const error = refused.get(item.planned.endpoint.url);
		if (!error) {
			deliverable.push(item);
			continue;
		}
		let job: DeliveryJob;
		try {
			job = item.planned.job();
		} catch (caught) {
			outcomes[item.position] = unbuiltOutcome(item.planned, asWebhookError(caught), settings.entity);
			continue;
		}
		const waits = waitsForNextStep(error, settings);
		if (!waits && settings.stopOnError) throw error.forItem(item.index);
		outcomes[item.position] = waits ? waitingOutcome(item.planned, job, error, run) : failedBeforeSending(item.planned, job, error, settings);
	}
	return deliverable;
}

/**
 * Replays due more than MAX_EARLY_WAIT_MS from now are not held in memory (nor sent early): they go
 * back to Failed (NOT_DUE), their schedule ended, ready to be replayed by hand. Returns the rest.
 */
function setAsideReplaysNotDue(items: HttpItem[], run: Run): HttpItem[] {
	const now = run.deps.now();
	const due = items.filter(({ planned }) => (planned.notBefore ?? now) - now <= MAX_EARLY_WAIT_MS);
	if (due.length === items.length) return items;
	for (const item of items) {
		if ((item.planned.notBefore ?? now) - now <= MAX_EARLY_WAIT_MS) continue;
		const job = item.planned.job();
		const at = new Date(item.planned.notBefore!).toISOString();
		const error = new WebhookError('NOT_DUE', `The replayed item is due at ${at}, more than ${MAX_EARLY_WAIT_MS / 60_000} minutes from now: it was not sent`, {
			hint: 'Put a Wait node (Resume: At Specified Time, {{ $json.nextAttemptAt }}) between the Failed output and this node, so n8n holds the item until it is due.',
		});
		run.outcomes[item.position] = failedBeforeSending(item.planned, job, error, run.settings);
	}
	return due;
}

/** The outcome of an item the delivery loop finished. */
function deliveryOutcome(planned: PlannedItem, result: DeliveryResult, settings: RunSettings): ItemOutcome {
	const url = planned.endpoint.displayUrl;
	const { entity } = settings;
	if (result.status === 'delivered') {
		const { deliveryId, statusCode, attempts, response } = result;
		return deliveredOutcome({ deliveryId, statusCode, attempts, response, url, entity, payload: planned.payload });
	}
	const { error, status: _status, exhausted: _exhausted, ...rest } = result;
	return failedOutcome(error!, { ...rest, url, entity, payload: planned.payload, ...durableFields(planned, result, settings, rest) });
}

/**
 * Step 3, deliver: the retry loop (deliver.ts). Each item's outcome is written when its result is
 * known, and its plan (request, bytes) let go, so nothing of a finished item but its output lives
 * until the last delivery ends.
 */
async function deliverItems(verified: HttpItem[], run: Run): Promise<ItemOutcome[]> {
	const { settings, deps, outcomes } = run;
	const pending: Array<HttpItem | undefined> = setAsideReplaysNotDue(verified, run);
	const now = deps.now();
	const early = pending.filter((item) => (item!.planned.notBefore ?? now) - now > DURABLE_WAIT_MIN_MS).length;
	if (early > 0) {
		deps.warn?.(
			`${early} replayed item(s) came back long before their nextAttemptAt and wait for it in memory, which does not survive a restart. Put a Wait node (Resume: At Specified Time, {{ $json.nextAttemptAt }}) between the Failed output and this node.`,
		);
	}
	const jobs = {
		length: pending.length,
		at: (position: number): DeliveryJob | undefined => {
			const item = pending[position]!;
			try {
				return item.planned.job();
			} catch (caught) {
				const error = asWebhookError(caught).forItem(item.index);
				if (settings.stopOnError) throw error;
				outcomes[item.position] = unbuiltOutcome(item.planned, error, settings.entity);
				pending[position] = undefined;
				return undefined;
			}
		},
	};
	const onResult = (position: number, result: DeliveryResult) => {
		const { position: at, planned } = pending[position]!;
		pending[position] = undefined;
		outcomes[at] = deliveryOutcome(planned, result, settings);
	};
	await deliverEach(jobs, settings.delivery, deps, onResult);
	return outcomes;
}

/**
 * A configuration error found before any item could be prepared (a missing credential, a Hub
 * Signature credential without a secret, an authorization that cannot be set up) with continue on
 * fail: every item goes to Failed with that error and its hint, and nothing is sent.
 */
export function failEveryItem(
	items: ReadonlyArray<Pick<DeliveryItem, 'json' | 'deliveryId'>>,
	error: WebhookError,
	settings: Pick<RunSettings, 'entity' | 'origin'>,
): ItemOutcome[] {
	const reason = reasonOf(error);
	const { entity } = settings;
	return items.map(({ json, deliveryId }) =>
		failedOutcome(reason, { deliveryId: deliveryId || itemDeliveryId(json, settings.origin ?? NO_ORIGIN), attempts: [], entity, payload: json }),
	);
}
