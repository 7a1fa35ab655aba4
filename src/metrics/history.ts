/**
 * A fixed-capacity ring: pushing past the capacity drops the oldest item. O(1) push, no
 * allocation after the first `capacity` pushes. Capacity 0 keeps nothing.
 */
export class Ring<T> {
  #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`Ring capacity must be a whole number >= 0, got ${capacity}.`);
    }
    // Grown by push up to capacity: a program with one sample holds one slot, not sixty.
    this.#items = [];
  }

  get size(): number {
    return this.#size;
  }

  /** The newest item, or undefined when empty. */
  get last(): T | undefined {
    if (this.#size === 0) return undefined;
    return this.#items[(this.#start + this.#size - 1) % this.capacity];
  }

  push(item: T): void {
    if (this.capacity === 0) return;
    if (this.#size < this.capacity) {
      // #start stays 0 until the ring is full, so the next slot is the end of the array.
      this.#items.push(item);
      this.#size++;
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
  }

  /** A copy, oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) {
      out[i] = this.#items[(this.#start + i) % this.capacity] as T;
    }
    return out;
  }

  clear(): void {
    this.#items = [];
    this.#start = 0;
    this.#size = 0;
  }
}
