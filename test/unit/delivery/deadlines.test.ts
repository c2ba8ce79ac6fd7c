import { Deadlines } from '../../../nodes/shared/delivery/deadlines';

/**
 * The attempts' deadlines on one timer, with an injected clock (the timer itself is Jest's fake one):
 * each signal fires once, at its own deadline, with the TimeoutError reason the transport recognises;
 * an attempt that ended never fires, and a listener removed is never called.
 */
describe('Deadlines', () => {
	let now = 0;
	const clock = () => now;
	const advance = (ms: number) => {
		now += ms;
		jest.advanceTimersByTime(ms);
	};

	beforeEach(() => {
		jest.useFakeTimers();
		now = 0;
	});
	afterEach(() => jest.useRealTimers());

	test('a deadline fires once, timeoutMs after its start, with a TimeoutError reason', () => {
		const deadlines = new Deadlines(1000, clock);
		const first = deadlines.start();
		advance(400);
		const second = deadlines.start();
		const calls: string[] = [];
		first.signal.addEventListener('abort', () => calls.push('first'));
		second.signal.addEventListener('abort', () => calls.push('second'));
		advance(599);
		expect(calls).toEqual([]);
		advance(1);
		expect(calls).toEqual(['first']);
		expect(first.signal.aborted).toBe(true);
		expect((first.signal.reason as Error).name).toBe('TimeoutError');
		expect(second.signal.aborted).toBe(false);
		advance(400);
		expect(calls).toEqual(['first', 'second']);
		advance(5000);
		expect(calls).toEqual(['first', 'second']);
	});

	test('an attempt that ended before its deadline never fires; the next open one still does', () => {
		const deadlines = new Deadlines(1000, clock);
		const ended = deadlines.start();
		const open = deadlines.start();
		const calls: string[] = [];
		ended.signal.addEventListener('abort', () => calls.push('ended'));
		open.signal.addEventListener('abort', () => calls.push('open'));
		ended.done();
		advance(1000);
		expect(calls).toEqual(['open']);
		expect(ended.signal.aborted).toBe(false);
	});

	test('a removed listener is not called; a listener added after the deadline is not called either', () => {
		const deadlines = new Deadlines(100, clock);
		const deadline = deadlines.start();
		const removed = jest.fn();
		const kept = jest.fn();
		deadline.signal.addEventListener('abort', removed);
		deadline.signal.addEventListener('abort', kept);
		deadline.signal.removeEventListener('abort', removed);
		advance(100);
		const late = jest.fn();
		deadline.signal.addEventListener('abort', late);
		expect(removed).not.toHaveBeenCalled();
		expect(kept).toHaveBeenCalledTimes(1);
		expect(late).not.toHaveBeenCalled();
	});

	test('close() stops the timer: nothing fires afterwards', () => {
		const deadlines = new Deadlines(100, clock);
		const deadline = deadlines.start();
		const listener = jest.fn();
		deadline.signal.addEventListener('abort', listener);
		deadlines.close();
		advance(1000);
		expect(listener).not.toHaveBeenCalled();
		expect(jest.getTimerCount()).toBe(0);
	});
});
