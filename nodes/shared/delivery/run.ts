import { isWebhookError, WebhookError } from '../errors';
import { assertDomainAllowed } from '../net/allowed-domains';
import { parseEndpointUrl, redactUrl } from '../http/url';
import type { FailureReason } from '../outcome';
import type { SignOptions } from '../signature';
import { assertWebhookId, standardWebhookHeaders } from '../standard-webhooks';
import { incomingMessageOf } from '../smpp/incoming';
import { deliverAll, type DeliveryDeps, type DeliveryJob, type DeliveryOptions, type DeliveryResult } from './deliver';
import { buildNotification, customHeaders } from './request';
import { verifyEndpointsOnce, type VerificationMemory } from './verification';
import type { VerificationMethod } from './verify';

/** What the node reads for one item: its URL, body and headers (values, expressions resolved). */
export interface RequestParameters {
	url: unknown;
	body: unknown;
	headers: ReadonlyArray<{ name: string; value: string }>;
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
	standardWebhooks?: { keys: readonly Buffer[] };
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
}

/** One item forwarded to SMPP, as the SMPP half returns it. */
export interface SmppOutcome {
	index: number;
	outcome: 'forwarded' | 'failed';
	json: Record<string, unknown>;
}

export interface RunDeps extends DeliveryDeps {
	/** A fresh delivery id, for items without the Delivery ID option. */
	newId: () => string;
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
	job: DeliveryJob;
	payload: unknown;
}

const reasonOf = (error: WebhookError): FailureReason => ({ code: error.code, message: error.message, hint: error.hint });

/** The JSON of a Failed item: the reason first (what a user reads), then the rest. */
function failedJson(error: FailureReason, rest: Record<string, unknown>): Record<string, unknown> {
	return { error, status: 'failed', ...rest };
}

function prepare(params: RequestParameters, deliveryId: string, settings: RunSettings): DeliveryJob {
	const url = parseEndpointUrl(params.url);
	assertDomainAllowed(url, settings.allowedDomains);
	const notification = buildNotification({ body: params.body, headers: customHeaders(params.headers ?? []), signing: settings.signing });
	const job: DeliveryJob = { url: url.href, displayUrl: redactUrl(url), body: notification.body, headers: notification.headers, deliveryId };
	const standard = settings.standardWebhooks;
	if (standard) {
		// webhook-id is the delivery id; one with a "." is refused here, for this item only.
		assertWebhookId(deliveryId);
		job.signAttempt = (nowMs) => standardWebhookHeaders(standard.keys, deliveryId, nowMs, notification.body);
	}
	return job;
}

const asWebhookError = (error: unknown): WebhookError =>
	isWebhookError(error) ? error : new WebhookError('INVALID_CONFIG', (error as Error)?.message ?? String(error));

/**
 * The Outbound Webhook's whole delivery, as one call: builds each item's request, makes the test
 * call once per endpoint configuration, routes the items of refused endpoints to Failed, delivers
 * the rest with retries side by side with the SMPP half, and returns one outcome per input item, in
 * input order.
 */
export async function runDelivery(source: ItemSource, settings: RunSettings, deps: RunDeps): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = new Array(source.length);
	const { entity } = settings;
	const http: HttpItem[] = [];
	const smpp: Array<{ index: number; json: Record<string, unknown>; deliveryId: string }> = [];

	// 1. One request per item; an item whose parameters are wrong fails on its own.
	for (let index = 0; index < source.length; index++) {
		const json = source.json(index);
		let deliveryId: string | undefined;
		let payload: unknown;
		try {
			deliveryId = source.deliveryId(index) || deps.newId();
			if (settings.forwardToSmpp && incomingMessageOf(json)) {
				smpp.push({ index, json, deliveryId });
				continue;
			}
			const params = source.request(index);
			payload = params.body;
			http.push({ index, payload, job: prepare(params, deliveryId, settings) });
		} catch (caught) {
			const error = asWebhookError(caught);
			if (settings.stopOnError) throw error.forItem(index);
			outcomes[index] = { output: 'failed', json: failedJson(reasonOf(error), { deliveryId, attempts: [], entity, payload }) };
		}
	}

	// 2. The test call, once per endpoint configuration.
	const refused = settings.verification
		? await verifyEndpointsOnce(
				http.map(({ job }) => job),
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
		const error = refused.get(item.job.url);
		if (!error) {
			deliverable.push(item);
			continue;
		}
		if (settings.stopOnError) throw error.forItem(item.index);
		outcomes[item.index] = {
			output: 'failed',
			json: failedJson(reasonOf(error), { deliveryId: item.job.deliveryId, url: item.job.displayUrl, attempts: [], entity, payload: item.payload }),
		};
	}

	// 3. Deliver over HTTPS and forward to SMPP side by side.
	const [results, forwarded] = await Promise.all([
		deliverAll(
			deliverable.map(({ job }) => job),
			settings.delivery,
			deps,
		),
		smpp.length > 0 && deps.forwardSmpp ? deps.forwardSmpp(smpp) : Promise.resolve([]),
	]);
	results.forEach((result: DeliveryResult, position) => {
		const { index, job, payload } = deliverable[position];
		const { error, status, ...rest } = result;
		const fields = { ...rest, url: job.displayUrl, entity, payload };
		outcomes[index] =
			status === 'delivered' ? { output: 'delivered', json: { status, ...fields } } : { output: 'failed', json: failedJson(error!, fields) };
	});
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
	entity: RunSettings['entity'],
	newId: () => string,
): ItemOutcome[] {
	const reason = reasonOf(error);
	return Array.from({ length: source.length }, (_unused, index) => {
		let deliveryId: string | undefined;
		try {
			deliveryId = source.deliveryId(index) || newId();
		} catch {
			deliveryId = newId();
		}
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
