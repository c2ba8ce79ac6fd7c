import { isWebhookError, WebhookError } from '../errors';
import { Deadlines } from './deadlines';
import { transportReason } from '../http/transport-error';
import { exchange } from './exchange';
import { DELIVERY_ATTEMPT_HEADER, DELIVERY_ID_HEADER } from './notification';
import { exhaustedFailure, rejectedFailure } from './failure';
import { Queue } from '../queue';
import { classifyStatus, nextDelay, parseRetryAfter, type RetrySchedule } from './policy';
import { reasonOf, type AttemptRecord, type FailureReason, type OutcomeKind } from '../outcome';
import type { Authorizer } from '../auth/authorizer';
import type { OutgoingRequest, Transport, TransportResponse } from '../http/types';

/** One item to deliver: the body bytes (already signed in `headers`) and its stable delivery id. */
export interface DeliveryJob {
	url: string;
	/** The URL as it may be shown (no secrets). */
	displayUrl: string;
	body: Buffer;
	headers: Record<string, string>;
	deliveryId: string;
	/**
	 * Headers signed afresh for each attempt at its start time (Standard Webhooks: the spec updates
	 * the attempt's timestamp on every retry, the id stays).
	 */
	signAttempt?: (nowMs: number) => Record<string, string>;
	/** Attempts made in earlier runs (a replay): kept in the result, numbering continues after them. */
	previousAttempts?: readonly AttemptRecord[];
	/** Attempts in this run; 1 + `schedule.maxRetries` when not given. */
	attemptsThisRun?: number;
	/** Epoch ms before which the first attempt must not start (a replay that came back early). */
	notBefore?: number;
}

export interface DeliveryOptions {
	schedule: RetrySchedule;
	/** Deadline of one attempt: connect, TLS, request, answer and challenge round-trips together. */
	timeoutMs: number;
	/** Most attempts in flight at once, over all items. */
	concurrency: number;
}

export interface DeliveryDeps {
	transport: Transport;
	authorizer: Authorizer;
	now: () => number;
	/** Waits between attempts; rejects when the execution is cancelled. */
	sleep: (ms: number) => Promise<void>;
}

/**
 * The outcome of one item plus the last answer, for the output: what the retry loop leaves behind,
 * delivered or failed (a forwarded item never reaches it), which run.ts turns into the item's
 * `ItemOutcome` (outcome.ts).
 */
export interface DeliveryResult {
	status: Exclude<OutcomeKind, 'forwarded'>;
	deliveryId: string;
	statusCode?: number;
	attempts: AttemptRecord[];
	error?: FailureReason;
	response?: { statusCode: number; body: string; truncated: boolean };
	/**
	 * Set when the item failed with retryable outcomes only and this run's attempts are used up (the
	 * extended schedule may go on): the last answer's Retry-After in ms, if any. Not an output field.
	 */
	exhausted?: { retryAfterMs?: number };
}

const OUTPUT_BODY_LIMIT = 2048;

/** Failures without an answer that the same request meets again on every attempt: never retried. */
const FINAL_WITHOUT_ANSWER: ReadonlySet<string> = new Set(['BLOCKED_ADDRESS', 'INVALID_HEADER', 'INVALID_REQUEST']);

interface AttemptResult {
	record: AttemptRecord;
	response?: TransportResponse;
	error?: WebhookError;
}

async function attemptOnce(job: DeliveryJob, attempt: number, deadlines: Deadlines, deps: DeliveryDeps): Promise<AttemptResult> {
	const startedAt = deps.now();
	const deadline = deadlines.start();
	const base: OutgoingRequest = {
		method: 'POST',
		url: job.url,
		headers: { ...job.headers, ...job.signAttempt?.(startedAt), [DELIVERY_ID_HEADER]: job.deliveryId, [DELIVERY_ATTEMPT_HEADER]: String(attempt) },
		body: job.body,
	};
	const record: AttemptRecord = { attempt, startedAt: new Date(startedAt).toISOString(), durationMs: 0 };
	try {
		const response = await exchange(base, deps, deadline.signal);
		record.statusCode = response.status;
		return { record, response };
	} catch (caught) {
		const error = isWebhookError(caught)
			? caught
			: new WebhookError('NETWORK', `Request to ${job.displayUrl} failed: ${transportReason('NETWORK')}`, {
					hint: `Check the URL and the connectivity of the n8n host. (${(caught as Error)?.message ?? String(caught)})`,
					data: { reason: transportReason('NETWORK') },
					cause: caught,
				});
		record.errorCode = error.code;
		record.message = error.message;
		return { record, error };
	} finally {
		deadline.done();
		record.durationMs = Math.round(deps.now() - startedAt);
	}
}

/** An item between its attempts: what it has done so far and which attempt comes next. */
interface ItemState {
	position: number;
	job: DeliveryJob;
	attempts: readonly AttemptRecord[];
	attempt: number;
	last: number;
}

function startItem(job: DeliveryJob, position: number, options: DeliveryOptions): ItemState {
	const attempts = job.previousAttempts ?? [];
	const attempt = (attempts[attempts.length - 1]?.attempt ?? 0) + 1;
	return { position, job, attempts, attempt, last: attempt - 1 + (job.attemptsThisRun ?? options.schedule.maxRetries + 1) };
}

/**
 * What one attempt's result means for its item: its final result (delivered, a no-retry answer, or
 * the retries used up), or the delay before its next attempt.
 */
function judge(state: ItemState, result: AttemptResult, options: DeliveryOptions, deps: DeliveryDeps): DeliveryResult | { retryInMs: number } {
	const { job, attempt } = state;
	// A new array per attempt, of the exact size: every item's output keeps it.
	const attempts = (state.attempts = [...state.attempts, result.record]);
	const response = result.response;
	const output = response && {
		statusCode: response.status,
		body: response.body.subarray(0, OUTPUT_BODY_LIMIT).toString('utf8'),
		truncated: response.truncated || response.body.length > OUTPUT_BODY_LIMIT,
	};
	// A target refused by the SSRF policy, a header or request the HTTP client refuses: nothing was
	// sent, and the same request is refused again, so retrying would only wait.
	const verdict = response ? classifyStatus(response.status) : FINAL_WITHOUT_ANSWER.has(result.error?.code ?? '') ? 'failed' : 'retry';
	if (verdict === 'delivered') {
		return { status: 'delivered', deliveryId: job.deliveryId, statusCode: response!.status, attempts, response: output };
	}
	if (verdict === 'failed' && !response) {
		const error = result.error!;
		return { status: 'failed', deliveryId: job.deliveryId, attempts, error: reasonOf(error) };
	}
	if (verdict === 'failed') {
		const location = response!.headers.location;
		return {
			status: 'failed',
			deliveryId: job.deliveryId,
			statusCode: response!.status,
			attempts,
			response: output,
			error: rejectedFailure(response!.status, typeof location === 'string' ? location : undefined),
		};
	}
	const retryAfter = response ? parseRetryAfter(response.headers['retry-after'], deps.now()) : undefined;
	if (attempt >= state.last) {
		return {
			status: 'failed',
			deliveryId: job.deliveryId,
			statusCode: response?.status,
			attempts,
			response: output,
			error: exhaustedFailure(attempts, result.error?.hint),
			exhausted: { retryAfterMs: retryAfter },
		};
	}
	return { retryInMs: nextDelay(options.schedule, retryAfter) };
}

/**
 * The jobs of a delivery, in order. An array is one; a list that builds each job when `at` is first
 * asked for it lets the first requests leave while later items are still unbuilt.
 */
export interface JobList {
	readonly length: number;
	/** The job at `position`; undefined leaves that position without a result; throwing stops the delivery. */
	at(position: number): DeliveryJob | undefined;
}

/**
 * Delivers every job and returns one result per job, in the jobs' order. At most `concurrency`
 * attempts are in flight over all items; an item waiting to retry holds no slot, so a batch with
 * failures takes about one retry schedule, not one per item.
 *
 * A slot that frees takes the oldest retry that is due, else the next item not yet started: items
 * are started only as slots free up (no suspended function per item waiting from the start), and a
 * retry is sent when its delay is over, not after every item queued behind it.
 */
export async function deliverAll(jobs: JobList, options: DeliveryOptions, deps: DeliveryDeps): Promise<DeliveryResult[]> {
	const results: DeliveryResult[] = new Array(jobs.length);
	await deliverEach(jobs, options, deps, (position, result) => (results[position] = result));
	return results;
}

/**
 * `deliverAll`, with each job's final result handed to `onResult` as soon as it is known instead of
 * collected: a caller that turns it into its output at once holds no job or result of a finished
 * item until the end (at 10,000 items, every body, header set and result would otherwise live, and
 * be copied by the garbage collector, until the last delivery ends).
 */
export function deliverEach(jobs: JobList, options: DeliveryOptions, deps: DeliveryDeps, onResult: (position: number, result: DeliveryResult) => void): Promise<void> {
	// One timer for every attempt's deadline instead of an AbortSignal.timeout each: no timer, signal
	// and event per attempt. (On a cancellation the attempts still in flight keep their deadlines.)
	const deadlines = new Deadlines(options.timeoutMs);
	// Retries whose wait is over, oldest first; a Queue, as Array#shift is quadratic on a long array.
	const due = new Queue<ItemState>();
	const limit = Math.max(1, options.concurrency);
	let next = 0;
	let inFlight = 0;
	let sleeping = 0;
	let failed = false;

	return new Promise<void>((resolve, reject) => {
		const fail = (error: unknown) => {
			failed = true;
			reject(error);
		};
		const wait = (state: ItemState, ms: number) => {
			sleeping++;
			deps.sleep(ms).then(
				() => {
					sleeping--;
					due.push(state);
					pump();
				},
				// Cancelled: the whole delivery ends with the sleep's error.
				fail,
			);
		};
		// Timers run on a monotonic clock and may wake a millisecond before the wall clock reaches the
		// item's time: the time is checked again on waking, so an item is never sent before it.
		const waitUntil = (state: ItemState, at: number) => {
			const ms = at - deps.now();
			if (ms <= 0) {
				due.push(state);
				return;
			}
			sleeping++;
			deps.sleep(ms).then(
				() => {
					sleeping--;
					waitUntil(state, at);
					pump();
				},
				fail,
			);
		};
		const settle = (state: ItemState, result: AttemptResult) => {
			inFlight--;
			const verdict = judge(state, result, options, deps);
			if ('retryInMs' in verdict) {
				state.attempt++;
				wait(state, verdict.retryInMs);
			} else {
				onResult(state.position, verdict);
			}
			pump();
		};
		const pump = () => {
			while (!failed && inFlight < limit) {
				let state = due.shift();
				if (!state && next < jobs.length) {
					const position = next++;
					let job: DeliveryJob | undefined;
					try {
						job = jobs.at(position);
					} catch (error) {
						// The list could not build this job and asks to stop the whole delivery.
						fail(error);
						return;
					}
					// No job: the list accounts for this position itself (it has no result here).
					if (!job) continue;
					state = startItem(job, position, options);
					// An item that came back before its time waits (never sends early, never spins).
					const { notBefore } = state.job;
					if (notBefore !== undefined && notBefore > deps.now()) {
						waitUntil(state, notBefore);
						continue;
					}
				}
				if (!state) break;
				inFlight++;
				const current = state;
				attemptOnce(current.job, current.attempt, deadlines, deps).then((result) => settle(current, result)).catch(fail);
			}
			if (!failed && inFlight === 0 && sleeping === 0 && next >= jobs.length && due.length === 0) {
				deadlines.close();
				resolve();
			}
		};
		pump();
	});
}
