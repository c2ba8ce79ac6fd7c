import { WebhookError } from './errors';

/**
 * A sleep for the waits between attempts that ends early, with a CANCELLED error, when `signal`
 * aborts (n8n's execution cancel signal: the user pressed Stop, or the execution timed out).
 */
export function cancellableSleep(signal?: AbortSignal): (ms: number) => Promise<void> {
	const cancelled = () => new WebhookError('CANCELLED', 'The execution was cancelled while deliveries were waiting to be retried');
	return (ms) =>
		new Promise<void>((resolve, reject) => {
			if (signal?.aborted) return reject(cancelled());
			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			const onAbort = () => {
				clearTimeout(timer);
				reject(cancelled());
			};
			signal?.addEventListener('abort', onAbort, { once: true });
		});
}
