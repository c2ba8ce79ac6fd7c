import type { SignOptions } from '../signature';
import type { DeliveryJob, DeliveryResult } from './deliver';
import { bodyDigest, defaultDeliveryId } from './delivery-id';
import { afterRetryableFailure, type ScheduleState } from './extended-schedule';
import { readReplay } from './replay';
import { buildNotification, encodeBody } from './request';

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

export interface ItemSource {
	json: unknown;
	/** The body the node's Body Content setting gives (not called for a replay). */
	readBody: () => unknown;
	/** The Delivery ID option's value for this item ('' when empty); a replay keeps its own id. */
	deliveryIdOption: string;
	workflowId: string;
	nodeId: string;
	url: string;
	displayUrl: string;
	headers: Record<string, string>;
	signing?: SignOptions;
}

export interface PlannedItem {
	/** Where the item goes, known without building its request (the test call needs it). */
	endpoint: { url: string; displayUrl: string; headers: Record<string, string> };
	/** The request, built on the first call (then the same object): body bytes, signature, delivery id. */
	job: () => DeliveryJob;
	/** The delivery id when it is known before the request is built (the Delivery ID option, a replay's). */
	presetId?: string;
	/** Epoch ms before which a replay that came back early must not be sent. */
	notBefore?: number;
	/** What the Failed / Delivered item shows as `payload`. */
	payload: unknown;
	replay: boolean;
	/** Extended attempts made before this run's attempts (counting this run's one for a scheduled step). */
	extendedAttempts: number;
	/** SHA-256 of the body bytes, computed at most once. */
	digest: () => Buffer;
}

export interface InRunSchedule {
	maxRetries: number;
}

function once<T>(compute: () => T): () => T {
	let value: T | undefined;
	let done = false;
	return () => {
		if (!done) {
			value = compute();
			done = true;
		}
		return value as T;
	};
}

/** Prepares one item: a valid replay goes again as it went before; anything else is a new item. */
export function planItem(source: ItemSource, schedule: InRunSchedule): PlannedItem {
	const endpoint = { url: source.url, displayUrl: source.displayUrl, headers: source.headers };
	const replay = readReplay(source.json);
	if (replay) {
		return {
			endpoint,
			job: once(() => {
				const notification = buildNotification({ body: replay.body, headers: source.headers, signing: source.signing });
				return {
					url: source.url,
					displayUrl: source.displayUrl,
					body: notification.body,
					headers: notification.headers,
					deliveryId: replay.deliveryId,
					previousAttempts: replay.attempts,
					// A step of the extended schedule is one attempt; a replay fed back by hand gets a full round.
					attemptsThisRun: replay.scheduled ? 1 : schedule.maxRetries + 1,
					notBefore: replay.notBefore,
				};
			}),
			presetId: replay.deliveryId,
			notBefore: replay.notBefore,
			payload: replay.payload,
			replay: true,
			extendedAttempts: replay.extendedAttempts + (replay.scheduled ? 1 : 0),
			digest: once(() => bodyDigest(replay.body)),
		};
	}
	const payload = source.readBody();
	const bytes = once(() => encodeBody(payload));
	const digest = once(() => bodyDigest(bytes()));
	const option = source.deliveryIdOption;
	return {
		endpoint,
		job: once(() => {
			const deliveryId = option !== '' ? option : defaultDeliveryId({ json: source.json, workflowId: source.workflowId, nodeId: source.nodeId, digest });
			const notification = buildNotification({ body: bytes(), headers: source.headers, signing: source.signing });
			return { url: source.url, displayUrl: source.displayUrl, body: notification.body, headers: notification.headers, deliveryId };
		}),
		presetId: option !== '' ? option : undefined,
		payload,
		replay: false,
		extendedAttempts: 0,
		digest,
	};
}

export interface ExtendedSchedule {
	delaysMs: readonly number[];
	maxRetryAfterMs: number;
}

/** The fields a Failed item carries so that it can be replayed and go on with the extended schedule. */
export interface FailedFields extends ScheduleState {
	bodySha256: string;
}

/** Replay and schedule fields of an item that ended on Failed (`result` undefined: nothing was sent). */
export function failedFields(planned: PlannedItem, result: DeliveryResult | undefined, schedule: ExtendedSchedule): FailedFields {
	const bodySha256 = planned.digest().toString('hex');
	if (!result?.exhausted) return { bodySha256, retryable: false, extendedAttempts: planned.extendedAttempts };
	const last = result.attempts[result.attempts.length - 1];
	const endedAt = last ? Date.parse(last.startedAt) + last.durationMs : Date.now();
	return {
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
