import { WebhookError } from '../errors';

/**
 * When an item is tried again: the spec's status table and the in-run retries' waits first, then the
 * extended schedule that goes on across executions.
 */

/**
 * The spec's retry table as one pure function: which outcome of one attempt is delivered, failed
 * for good, or retried. Source: "URL Endpoint Notifications" in the Outbound Webhooks spec, which
 * lists the statuses that are never retried; everything else that is not a success is retried.
 */

/** Statuses the spec lists as "not retried" that are not 2xx. 2xx are successes (201 included). */
export const NO_RETRY_STATUSES: ReadonlySet<number> = new Set([
	300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 402, 404, 405, 406, 407, 408, 409, 410, 411, 414, 415, 416, 418, 505,
]);

export type AttemptVerdict = 'delivered' | 'failed' | 'retry';

/** Classifies an HTTP status; a network error, TLS error, DNS error or timeout is always `retry`. */
export function classifyStatus(status: number): AttemptVerdict {
	if (status >= 200 && status <= 299) return 'delivered';
	if (NO_RETRY_STATUSES.has(status)) return 'failed';
	return 'retry';
}

export interface RetrySchedule {
	/** Retries after the first attempt (the spec: 3). */
	maxRetries: number;
	/** Wait between attempts in ms (the spec: 60 s). */
	retryIntervalMs: number;
	/** A Retry-After longer than the interval is honoured up to this many ms. */
	maxRetryAfterMs: number;
}

/**
 * Parses a Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) into ms from `now`.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (!raw) return undefined;
	const trimmed = raw.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** The wait before the next attempt: the interval, or a longer Retry-After up to the cap. */
export function nextDelay(schedule: RetrySchedule, retryAfterMs: number | undefined): number {
	if (retryAfterMs === undefined || retryAfterMs <= schedule.retryIntervalMs) return schedule.retryIntervalMs;
	return Math.min(retryAfterMs, Math.max(schedule.maxRetryAfterMs, schedule.retryIntervalMs));
}

/**
 * The extended retry schedule (beyond the platform's spec): after the in-run retries, an item that
 * failed retryably leaves on Failed with `retryable: true` and `nextAttemptAt`; a workflow loop
 * (Failed → Wait until `nextAttemptAt` → the node) sends it again, one attempt per delay. n8n keeps
 * waits of 65 s or more in its database, so the schedule survives restarts and dead workers.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Svix's schedule after its first retries (docs.svix.com "Retries": immediately, 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h); the in-run retries stand in for its first steps.
 */
export const SVIX_DELAYS_MS: readonly number[] = [5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/** Waits shorter than this are kept in memory by n8n's Wait node, so they do not survive a restart. */
export const DURABLE_WAIT_MIN_MS = 65_000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: MINUTE, min: MINUTE, h: HOUR, d: 24 * HOUR };
const TOKEN = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)?$/i;

/** Parses a list of delays such as `90s, 10m, 1.5h, 1d` (a bare number is seconds) into ms. */
export function parseDelays(text: string): number[] {
	const tokens = String(text ?? '')
		.split(/[,;]|\s+(?=\d)/)
		.map((token) => token.trim())
		.filter((token) => token !== '');
	return tokens.map((token) => {
		const match = TOKEN.exec(token);
		const ms = match ? Number(match[1]) * UNITS[(match[2] ?? 's').toLowerCase()] : NaN;
		if (!Number.isFinite(ms) || ms <= 0) {
			throw new WebhookError('INVALID_CONFIG', `The extended retry delay "${token.slice(0, 40)}" is not a duration`, {
				hint: 'Write the delays as a comma-separated list of numbers with a unit, e.g. 5m, 30m, 2h, 5h, 10h, 10h (s, m, h, d; no unit means seconds).',
			});
		}
		return Math.round(ms);
	});
}

/** Where an item stands in the extended schedule once an attempt has failed retryably. */
export interface ScheduleState {
	retryable: boolean;
	/** ISO time of the next attempt, when `retryable`. */
	nextAttemptAt?: string;
	/** Attempts already made under the extended schedule. */
	extendedAttempts: number;
}

export interface AfterFailure {
	delaysMs: readonly number[];
	/** Extended attempts made so far (0 right after the in-run retries). */
	extendedAttempts: number;
	/** The last answer's Retry-After in ms, if it had one. */
	retryAfterMs?: number;
	/** A Retry-After longer than the step's delay is honoured up to this many ms (at least the longest delay). */
	maxRetryAfterMs: number;
	now: number;
}

/** The schedule after a retryable failure: the next delay (or a longer Retry-After), or the end. */
export function afterRetryableFailure({ delaysMs, extendedAttempts, retryAfterMs, maxRetryAfterMs, now }: AfterFailure): ScheduleState {
	const delay = delaysMs[extendedAttempts];
	if (delay === undefined) return { retryable: false, extendedAttempts };
	const cap = Math.max(maxRetryAfterMs, ...delaysMs);
	const wait = retryAfterMs !== undefined && retryAfterMs > delay ? Math.min(retryAfterMs, cap) : delay;
	return { retryable: true, nextAttemptAt: new Date(now + wait).toISOString(), extendedAttempts };
}
