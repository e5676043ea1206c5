/**
 * A first-in first-out queue of at most `capacity` items. Pushing into a full queue evicts the
 * oldest item, so a producer that outruns SQS keeps its newest events and bounded memory.
 */
export class BoundedQueue<T> {
  readonly capacity: number;
  // An array with a moving head: shift() on a large array copies it on every call.
  #items: T[] = [];
  #head = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Adds an item at the end; returns true when the oldest item was evicted to make room. */
  push(item: T): boolean {
    const evict = this.size >= this.capacity;
    if (evict) this.#head += 1;
    this.#items.push(item);
    this.#compact();
    return evict;
  }

  /** Removes and returns up to `count` items from the front. */
  take(count: number): T[] {
    const end = Math.min(this.#items.length, this.#head + Math.max(0, count));
    const taken = this.#items.slice(this.#head, end);
    this.#head = end;
    this.#compact();
    return taken;
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      // Evicted and taken items stay referenced until here; this bounds them to half the array.
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
