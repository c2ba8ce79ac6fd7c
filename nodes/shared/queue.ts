/**
 * A first-in first-out queue read from a moving head index; instead of an array's `shift()`, which
 * copies the rest of a long array on every call (quadratic over a batch of tens of thousands of
 * items). Here a shift is O(1) and the served part is dropped now and then.
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
