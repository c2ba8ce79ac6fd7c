/**
 * A FIFO counting semaphore: at most `limit` holders at once; waiters are served in arrival order,
 * so early items are not starved by their own retries. It bounds the HTTPS requests in flight of a
 * delivery and the SMPP window (requests sent and not yet answered).
 *
 * Waiters sit in an array read from a moving head index: `Array.prototype.shift()` copies the rest
 * of the array, which made a 50,000-item execution spend over a second in `run` (issue 8).
 */
export class Limiter {
	private active = 0;
	private waiting: Array<(() => void) | undefined> = [];
	private head = 0;
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
			const next = this.next();
			// Hand the slot straight to the next waiter (active stays the same), or free it.
			if (next) next();
			else this.active--;
		}
	}

	private next(): (() => void) | undefined {
		if (this.head >= this.waiting.length) return undefined;
		const next = this.waiting[this.head];
		this.waiting[this.head++] = undefined;
		// Drop the served part now and then, so the array does not grow without bound.
		if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
			this.waiting = this.waiting.slice(this.head);
			this.head = 0;
		}
		return next;
	}
}
