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
