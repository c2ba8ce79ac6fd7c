import { WebhookError } from '../errors';

/** The Outbound Webhook's delivery options: their defaults, and the ranges of the number options. */

/**
 * The delivery defaults, in one place: the node's description shows them, the option reader falls
 * back to them, and the tests pin them against the platform text (spec/outbound-webhooks-source.txt,
 * "URL Endpoint Notifications": a test call that must answer 200; three retries, each after 60
 * seconds; at most 10 seconds per request).
 */
export const DELIVERY_DEFAULTS = Object.freeze({
	verifyEndpoint: true,
	verificationMethod: 'HEAD' as const,
	/** Milliseconds per attempt: connect, TLS, request, answer and challenge round trips together. */
	timeout: 10_000,
	maxRetries: 3,
	/** Seconds between one attempt and the next retry. */
	retryInterval: 60,
	/** Seconds: the longest Retry-After the node waits for. */
	maxRetryAfter: 300,
	concurrency: 20,
	allowUnauthorizedCerts: false,
	caCertificate: '',
	signaturePrefix: false,
	blockPrivateNetworks: false,
	/** Off: Failed is the normal path, and the run succeeds. */
	failOnFailedDeliveries: false,
});

/**
 * The ranges of the Outbound Webhook's number options. The editor keeps typed values in range, but a
 * value from an expression reaches the node as it is: `NaN` Max Retries retried forever, a Timeout of
 * 1e12 ms overflowed Node's timer (fired at once), a Concurrency of -1 or "abc" fell back silently.
 * Anything that is not a finite number in range is refused with an error naming the option and its range.
 */
export interface NumberRange {
	/** The option's name in the editor. */
	label: string;
	min: number;
	max: number;
	/** Whole numbers only. */
	integer: boolean;
	unit?: string;
}

export const OPTION_RANGES = Object.freeze({
	maxRetries: { label: 'Max Retries', min: 0, max: 10, integer: true },
	/** Up to a day: longer waits belong to the extended schedule, which n8n keeps in its database. */
	retryInterval: { label: 'Retry Interval (Seconds)', min: 0, max: 86_400, integer: false, unit: 'seconds' },
	/** Up to an hour per attempt (below Node's 2^31 ms timer limit). */
	timeout: { label: 'Timeout (Ms)', min: 1, max: 3_600_000, integer: false, unit: 'ms' },
	concurrency: { label: 'Concurrency', min: 1, max: 256, integer: true },
} satisfies Record<string, NumberRange>);

/** The option's value as a number in its range, or INVALID_CONFIG naming the option, the value and the range. */
export function numberInRange(value: unknown, range: NumberRange): number {
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	const ok = Number.isFinite(number) && number >= range.min && number <= range.max && (!range.integer || Number.isInteger(number));
	if (ok) return number;
	const kind = range.integer ? 'a whole number' : 'a number';
	const unit = range.unit ? ` ${range.unit}` : '';
	const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
	return fail(range, `Options → ${range.label} is ${shown}; it must be ${kind} from ${range.min} to ${range.max}${unit}`);
}

function fail(range: NumberRange, message: string): never {
	throw new WebhookError('INVALID_CONFIG', message, {
		hint: `Set ${range.label} to ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}${range.unit ? ` ${range.unit}` : ''} (check the expression that gives it).`,
		data: { option: range.label, min: range.min, max: range.max },
	});
}
