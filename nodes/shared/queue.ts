/**
 * A first-in first-out queue read from a moving head index. `Array.prototype.shift()` copies the
 * rest of the array on every call, which made a 50,000-item execution spend over a second handing
 * out slots (issue 8); here a shift is O(1) and the served part is dropped now and then.
 */
export class Queue<T> {
	private items: Array<T | undefined> = [];
	private head = 0;

	get length(): number {
		return this.items.length - this.head;
	}

	push(item: T): void {
		this.items.push(item);
	}

	shift(): T | undefined {
		if (this.head >= this.items.length) return undefined;
		const item = this.items[this.head];
		this.items[this.head++] = undefined;
		if (this.head >= 1024 && this.head * 2 >= this.items.length) {
			this.items = this.items.slice(this.head);
			this.head = 0;
		}
		return item;
	}
}
