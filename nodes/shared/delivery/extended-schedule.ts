import { WebhookError } from '../errors';

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
