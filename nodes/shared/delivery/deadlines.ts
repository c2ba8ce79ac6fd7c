import type { CancelSignal } from '../http/types';

/** One attempt's deadline: its signal aborts `timeoutMs` after `start()`; `done()` when it ended. */
export interface Deadline {
	readonly signal: CancelSignal;
	done(): void;
}

/** The reason `AbortSignal.timeout` gives, so callers tell a deadline from a cancellation alike. */
const timeoutReason = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/**
 * One attempt's deadline and its signal in one small object, without an AbortController, an
 * EventTarget and an event object per attempt. An attempt has one or two listeners (the transport,
 * an authorization that waits), removed when it ends, so a short list is enough.
 */
class AttemptDeadline implements Deadline, CancelSignal {
	aborted = false;
	reason: unknown = undefined;
	/** Still in the queue's sense: the attempt has not ended. */
	open = true;
	private listeners: Array<() => void> = [];

	constructor(
		readonly at: number,
		private readonly queue: Deadlines,
	) {}

	get signal(): CancelSignal {
		return this;
	}

	addEventListener(_type: 'abort', listener: () => void): void {
		if (!this.aborted) this.listeners.push(listener);
	}

	removeEventListener(_type: 'abort', listener: () => void): void {
		const index = this.listeners.indexOf(listener);
		if (index >= 0) this.listeners.splice(index, 1);
	}

	done(): void {
		this.open = false;
		this.listeners = [];
		this.queue.dropEnded();
	}

	abort(reason: unknown): void {
		if (this.aborted) return;
		this.aborted = true;
		this.reason = reason;
		const listeners = this.listeners;
		this.listeners = [];
		for (const listener of listeners) listener();
	}
}

/**
 * The deadlines of many attempts of the same length, on one timer; it buys what `AbortSignal.timeout`
 * per attempt costs (a timer that stays armed after the attempt ended, an event at its deadline for
 * a request long done, a signal kept alive until then). With one length for all, deadlines fall
 * due in the order attempts start, so a FIFO queue and one timer armed for the oldest open deadline
 * are enough; an ended attempt just leaves the queue.
 */
export class Deadlines {
	private queue: AttemptDeadline[] = [];
	private head = 0;
	private timer?: ReturnType<typeof setTimeout>;

	constructor(
		private readonly timeoutMs: number,
		private readonly clock: () => number = () => performance.now(),
	) {}

	start(): Deadline {
		const deadline = new AttemptDeadline(this.clock() + this.timeoutMs, this);
		this.queue.push(deadline);
		if (!this.timer) this.arm();
		return deadline;
	}

	/** Stops the timer (every attempt has ended). */
	close(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.queue = [];
		this.head = 0;
	}

	/** Forgets the ended attempts at the head of the queue. */
	dropEnded(): void {
		while (this.head < this.queue.length && !this.queue[this.head].open) this.head++;
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
			const deadline = this.queue[this.head];
			if (!deadline.open) continue;
			deadline.open = false;
			deadline.abort(timeoutReason());
		}
		this.arm();
	};
}
