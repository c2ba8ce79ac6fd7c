/**
 * The SMPP window: at most `size` requests outstanding (sent, not yet answered) at once. Waiters are
 * served in arrival order, so parts go out in the order they were queued.
 */
export class Window {
	private inUse = 0;
	private readonly waiting: Array<() => void> = [];
	/** The most slots ever in use at once (for tests and logs). */
	peak = 0;

	constructor(private readonly size: number) {
		if (!(size >= 1)) throw new RangeError('The SMPP window needs at least 1 slot');
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.inUse >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.inUse++;
		this.peak = Math.max(this.peak, this.inUse);
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.inUse--;
		}
	}
}
