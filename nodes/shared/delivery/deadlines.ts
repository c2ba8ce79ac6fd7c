/** One attempt's deadline: its signal aborts `timeoutMs` after `start()`; `done()` when it ended. */
export interface Deadline {
	readonly signal: AbortSignal;
	done(): void;
}

interface Entry {
	at: number;
	controller?: AbortController;
}

/** The reason `AbortSignal.timeout` gives, so callers tell a deadline from a cancellation alike. */
const timeoutReason = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/**
 * The deadlines of many attempts of the same length, on one timer. `AbortSignal.timeout` per attempt
 * arms a timer per attempt that stays armed after the attempt ended: at its deadline it still builds
 * a DOMException and fires an abort event for a request long done, and it keeps the signal alive
 * until then (about 0.4 s of CPU per 10,000 deliveries in a real n8n profile, plus the garbage). With
 * one length for all, deadlines fall due in the order attempts start, so a FIFO queue and one timer
 * armed for the oldest open deadline are enough; an ended attempt just leaves the queue.
 */
export class Deadlines {
	private queue: Entry[] = [];
	private head = 0;
	private timer?: ReturnType<typeof setTimeout>;

	constructor(
		private readonly timeoutMs: number,
		private readonly clock: () => number = () => performance.now(),
	) {}

	start(): Deadline {
		const controller = new AbortController();
		const entry: Entry = { at: this.clock() + this.timeoutMs, controller };
		this.queue.push(entry);
		if (!this.timer) this.arm();
		return {
			signal: controller.signal,
			done: () => {
				entry.controller = undefined;
				this.dropEnded();
			},
		};
	}

	/** Stops the timer (every attempt has ended). */
	close(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.queue = [];
		this.head = 0;
	}

	private dropEnded(): void {
		while (this.head < this.queue.length && !this.queue[this.head].controller) this.head++;
		if (this.head === this.queue.length) {
			this.queue = [];
			this.head = 0;
		} else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		}
	}

	private arm(): void {
		this.dropEnded();
		const next = this.queue[this.head];
		if (!next) return;
		this.timer = setTimeout(this.fire, Math.max(0, next.at - this.clock()));
		// Like AbortSignal.timeout: a deadline alone does not keep the process alive.
		this.timer.unref?.();
	}

	private readonly fire = (): void => {
		this.timer = undefined;
		const now = this.clock();
		for (; this.head < this.queue.length && this.queue[this.head].at <= now; this.head++) {
			const entry = this.queue[this.head];
			const controller = entry.controller;
			entry.controller = undefined;
			controller?.abort(timeoutReason());
		}
		this.arm();
	};
}
