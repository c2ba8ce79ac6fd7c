import { WebhookError } from './errors';

/**
 * The longest delay one timer can hold: Node.js (like browsers) stores it as a signed 32-bit
 * number of ms and fires a longer one after 1 ms instead (TimeoutOverflowWarning). A longer wait is
 * made of several timers.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A sleep for the waits between attempts that ends early, with a CANCELLED error, when `signal`
 * aborts (n8n's execution cancel signal: the user pressed Stop, or the execution timed out). A wait
 * longer than MAX_TIMER_MS is never cut short.
 */
export function cancellableSleep(signal?: AbortSignal): (ms: number) => Promise<void> {
	const cancelled = () => new WebhookError('CANCELLED', 'The execution was cancelled while deliveries were waiting to be retried');
	return (ms) =>
		new Promise<void>((resolve, reject) => {
			if (signal?.aborted) return reject(cancelled());
			let left = Math.max(0, ms);
			let timer: ReturnType<typeof setTimeout>;
			const arm = () => {
				const step = Math.min(left, MAX_TIMER_MS);
				left -= step;
				timer = setTimeout(tick, step);
			};
			const tick = () => {
				if (left > 0) return arm();
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			const onAbort = () => {
				clearTimeout(timer);
				reject(cancelled());
			};
			arm();
			signal?.addEventListener('abort', onAbort, { once: true });
		});
}
