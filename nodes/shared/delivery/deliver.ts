import { isWebhookError, WebhookError } from '../errors';
import { Deadlines } from './deadlines';
import { transportReason } from '../http/transport-error';
import { exchange } from './exchange';
import { DELIVERY_ATTEMPT_HEADER, DELIVERY_ID_HEADER } from './headers';
import { exhaustedFailure, rejectedFailure } from './failure';
import { Limiter } from '../limiter';
import { classifyStatus, nextDelay, parseRetryAfter, type RetrySchedule } from './policy';
import type { AttemptRecord } from '../outcome';
import type { Authorizer } from '../auth/authorizer';
import type { DeliveryOutcome } from './types';
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

/** The outcome of one item plus the last answer, for the output. */
export interface DeliveryResult extends DeliveryOutcome {
	response?: { statusCode: number; body: string; truncated: boolean };
	/**
	 * Set when the item failed with retryable outcomes only and this run's attempts are used up (the
	 * extended schedule may go on): the last answer's Retry-After in ms, if any. Not an output field.
	 */
	exhausted?: { retryAfterMs?: number };
}

const OUTPUT_BODY_LIMIT = 2048;

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

/** Delivers one item: attempts until success, a no-retry answer, or the retries run out. */
async function deliverOne(job: DeliveryJob, limiter: Limiter, deadlines: Deadlines, options: DeliveryOptions, deps: DeliveryDeps): Promise<DeliveryResult> {
	const attempts: AttemptRecord[] = [...(job.previousAttempts ?? [])];
	const first = (attempts[attempts.length - 1]?.attempt ?? 0) + 1;
	const last = first - 1 + (job.attemptsThisRun ?? options.schedule.maxRetries + 1);
	// An item that came back before its time waits here (never sends early, never spins).
	const early = job.notBefore === undefined ? 0 : job.notBefore - deps.now();
	if (early > 0) await deps.sleep(early);
	for (let attempt = first; ; attempt++) {
		// The slot is held only while a request is in flight, never while waiting to retry.
		const result = await limiter.run(() => attemptOnce(job, attempt, deadlines, deps));
		attempts.push(result.record);
		const response = result.response;
		const output = response && {
			statusCode: response.status,
			body: response.body.subarray(0, OUTPUT_BODY_LIMIT).toString('utf8'),
			truncated: response.truncated || response.body.length > OUTPUT_BODY_LIMIT,
		};
		// A target refused by the SSRF policy stays refused: retrying it would only wait.
		const verdict = response ? classifyStatus(response.status) : result.error?.code === 'BLOCKED_ADDRESS' ? 'failed' : 'retry';
		if (verdict === 'delivered') {
			return { status: 'delivered', deliveryId: job.deliveryId, statusCode: response!.status, attempts, response: output };
		}
		if (verdict === 'failed' && !response) {
			const error = result.error!;
			return { status: 'failed', deliveryId: job.deliveryId, attempts, error: { code: error.code, message: error.message, hint: error.hint } };
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
		if (attempt >= last) {
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
		await deps.sleep(nextDelay(options.schedule, retryAfter));
	}
}

/**
 * Delivers every job and returns one result per job, in the jobs' order. Items run side by side
 * under one concurrency limit; each item's retries wait on their own, so a batch with failures takes
 * about one retry schedule, not one per item.
 */
export async function deliverAll(jobs: readonly DeliveryJob[], options: DeliveryOptions, deps: DeliveryDeps): Promise<DeliveryResult[]> {
	const limiter = new Limiter(options.concurrency);
	// Every attempt of this execution has the same deadline length: one timer serves them all.
	// (On a cancellation the attempts still in flight keep their deadlines: the timer stays.)
	const deadlines = new Deadlines(options.timeoutMs);
	const results = await Promise.all(jobs.map((job) => deliverOne(job, limiter, deadlines, options, deps)));
	deadlines.close();
	return results;
}
