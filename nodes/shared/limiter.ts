import { Queue } from './queue';

/**
 * A FIFO counting semaphore: at most `limit` holders at once; waiters are served in arrival order.
 * It bounds the SMPP window (requests sent and not yet answered).
 */
export class Limiter {
	private active = 0;
	private readonly waiting = new Queue<() => void>();
	/** The most holders ever at once (for tests and logs). */
	peak = 0;

	constructor(private readonly limit: number) {
		if (!(limit >= 1)) throw new RangeError('Limiter needs a limit of at least 1');
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		if (this.active > this.peak) this.peak = this.active;
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			// Hand the slot straight to the next waiter (active stays the same), or free it.
			if (next) next();
			else this.active--;
		}
	}
}
