import type { SignOptions } from '../signature';
import { standardWebhookHeaders, type StandardSigningKey } from '../standard-webhooks';
import type { DeliveryJob, DeliveryResult } from './deliver';
import { bodyDigest, defaultDeliveryId } from './delivery-id';
import { afterRetryableFailure, type ScheduleState } from './policy';
import { replayMark, type Replay } from './replay';
import { buildNotification, encodeBody } from './notification';

/**
 * One item's way through the node when deliveries must outlive the execution: its body bytes and
 * delivery id (a replay keeps both, a new item gets the stable default id), the attempts of this
 * run, and, when it fails, what a Failed item needs to be replayed and to go on with the extended
 * schedule.
 *
 * Planning is split in two, so that the first request can leave before every item's bytes exist:
 * `planItem` does what can fail or must be known before anything is sent (the body the Body Content
 * setting gives, a replay's checks, where it goes); the request itself (body bytes, signature, delivery
 * id: most of an item's CPU) is built by `job()` when the delivery loop starts the item.
 */

/** Where an item goes: one object for all the items of an execution that share URL and headers. */
export interface Endpoint {
	url: string;
	/** The URL as it may be shown (no secrets). */
	displayUrl: string;
	/** Custom headers, checked. */
	headers: Record<string, string>;
}

/** What all the items of an execution share. */
export interface PlanContext {
	workflowId: string;
	nodeId: string;
	signing?: SignOptions;
	/** Standard Webhooks keys: every attempt is signed afresh (webhook-id, -timestamp, -signature). */
	standardKeys?: readonly StandardSigningKey[];
	/** The replay mark's key (replay.ts); without one, Failed items carry no mark and nothing is a replay. */
	replayKey?: Buffer;
}

/** What planning one item needs: plain values, the node's per-item parameters already evaluated. */
export interface PlanInput {
	json: unknown;
	/** The replay the item is (replay.ts `readReplay`), or undefined for a new item. */
	replay?: Replay;
	/** The body the node's Body Content setting gives (not used for a replay). */
	body?: unknown;
	/** The Delivery ID option's value for this item ('' when empty); a replay keeps its own id. */
	deliveryIdOption: string;
	endpoint: Endpoint;
	context: PlanContext;
}

export interface PlannedItem {
	/** Where the item goes, known without building its request (the test call needs it). */
	readonly endpoint: Endpoint;
	/** The delivery id when it is known before the request is built (the Delivery ID option, a replay's). */
	readonly presetId?: string;
	/** Epoch ms before which a replay that came back early must not be sent. */
	readonly notBefore?: number;
	/** What the Failed / Delivered item shows as `payload`. */
	readonly payload: unknown;
	readonly replay: boolean;
	/** Extended attempts made before this run's attempts (counting this run's one for a scheduled step). */
	readonly extendedAttempts: number;
	/** The request, built on the first call (then the same object): body bytes, signature, delivery id. */
	job(): DeliveryJob;
	/** SHA-256 of the body bytes (hex), computed at most once. */
	digest(): string;
}

export interface InRunSchedule {
	maxRetries: number;
}

/**
 * What both kinds of item share: the endpoint, and the request built once. One small object per item
 * with its lazy values in fields and the execution's shared parts by reference (no closure per lazy
 * value, no copy of what every item has): the plans of a whole batch exist at once.
 */
abstract class Planned implements PlannedItem {
	private built?: DeliveryJob;
	private sha?: string;

	constructor(
		readonly endpoint: Endpoint,
		protected readonly context: PlanContext,
	) {}

	abstract readonly payload: unknown;
	abstract readonly replay: boolean;
	abstract readonly extendedAttempts: number;
	protected abstract bytes(): Buffer;
	protected abstract build(body: Buffer, headers: Record<string, string>): DeliveryJob;

	job(): DeliveryJob {
		if (this.built) return this.built;
		const { signing, standardKeys } = this.context;
		const notification = buildNotification({ body: this.bytes(), headers: this.endpoint.headers, signing });
		const job = this.build(notification.body, notification.headers);
		if (standardKeys) job.signAttempt = (nowMs) => standardWebhookHeaders(standardKeys, job.deliveryId, nowMs, job.body);
		return (this.built = job);
	}

	digest(): string {
		return (this.sha ??= bodyDigest(this.bytes()));
	}

}

/** A replay: the bytes, id and attempts of the Failed item it was. */
class ReplayedItem extends Planned {
	readonly replay = true;
	readonly extendedAttempts: number;
	readonly payload: unknown;
	readonly presetId: string;
	readonly notBefore?: number;

	constructor(
		source: PlanInput,
		private readonly replayed: Replay,
		private readonly schedule: InRunSchedule,
	) {
		super(source.endpoint, source.context);
		this.payload = replayed.payload;
		this.presetId = replayed.deliveryId;
		this.notBefore = replayed.notBefore;
		this.extendedAttempts = replayed.extendedAttempts + (replayed.scheduled ? 1 : 0);
	}

	protected bytes(): Buffer {
		return this.replayed.body;
	}

	protected build(body: Buffer, headers: Record<string, string>): DeliveryJob {
		const { endpoint, replayed } = this;
		return {
			url: endpoint.url,
			displayUrl: endpoint.displayUrl,
			body,
			headers,
			deliveryId: replayed.deliveryId,
			previousAttempts: replayed.attempts,
			// A step of the extended schedule is one attempt; a replay fed back by hand gets a full round.
			attemptsThisRun: replayed.scheduled ? 1 : this.schedule.maxRetries + 1,
			notBefore: replayed.notBefore,
		};
	}
}

/** A new item: the body the Body Content setting gives, the Delivery ID option's id or the stable default. */
class NewItem extends Planned {
	readonly replay = false;
	readonly extendedAttempts = 0;
	readonly presetId?: string;
	private encoded?: Buffer;

	constructor(
		source: PlanInput,
		private readonly json: unknown,
		readonly payload: unknown,
	) {
		super(source.endpoint, source.context);
		if (source.deliveryIdOption !== '') this.presetId = source.deliveryIdOption;
	}

	protected bytes(): Buffer {
		return (this.encoded ??= encodeBody(this.payload));
	}

	protected build(body: Buffer, headers: Record<string, string>): DeliveryJob {
		const { endpoint, context } = this;
		const deliveryId = this.presetId ?? defaultDeliveryId({ json: this.json, workflowId: context.workflowId, nodeId: context.nodeId, digest: () => this.digest() });
		return { url: endpoint.url, displayUrl: endpoint.displayUrl, body, headers, deliveryId };
	}
}

/**
 * Prepares one item: a valid replay goes again as it went before; anything else is a new item. The
 * request is built by `job()`.
 */
export function planItem(source: PlanInput, schedule: InRunSchedule): PlannedItem {
	return source.replay ? new ReplayedItem(source, source.replay, schedule) : new NewItem(source, source.json, source.body);
}

export interface ExtendedSchedule {
	delaysMs: readonly number[];
	maxRetryAfterMs: number;
}

/** The fields a Failed item carries so that it can be replayed and go on with the extended schedule. */
export interface FailedFields extends ScheduleState {
	bodySha256: string;
	/** The replay mark (replay.ts), when the execution has a key. */
	replayMark?: string;
}

/**
 * Replay and schedule fields of an item that ended on Failed (`result` undefined: nothing was sent),
 * with the mark over them (`deliveryId` and `attempts`: what the Failed item shows).
 */
export function failedFields(
	planned: PlannedItem,
	result: DeliveryResult | undefined,
	schedule: ExtendedSchedule,
	marked?: { key: Buffer | undefined; deliveryId: string | undefined; attempts: ReadonlyArray<{ attempt: number }> },
): FailedFields {
	const bodySha256 = planned.digest();
	let fields: FailedFields;
	if (!result?.exhausted) fields = { bodySha256, retryable: false, extendedAttempts: planned.extendedAttempts };
	else {
		const last = result.attempts[result.attempts.length - 1];
		const endedAt = last ? Date.parse(last.startedAt) + last.durationMs : Date.now();
		fields = {
			bodySha256,
			...afterRetryableFailure({
				delaysMs: schedule.delaysMs,
				extendedAttempts: planned.extendedAttempts,
				retryAfterMs: result.exhausted.retryAfterMs,
				maxRetryAfterMs: schedule.maxRetryAfterMs,
				now: endedAt,
			}),
		};
	}
	if (marked?.key && marked.deliveryId !== undefined) {
		fields.replayMark = replayMark(marked.key, { ...fields, deliveryId: marked.deliveryId, attempts: marked.attempts.map((a) => a.attempt) });
	}
	return fields;
}
