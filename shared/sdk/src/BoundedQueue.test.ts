import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './BoundedQueue.js';

describe('BoundedQueue', () => {
  it('evicts the oldest item when full and says so', () => {
    // Prepare
    const queue = new BoundedQueue<number>(3);

    // Act
    const evicted = [1, 2, 3, 4, 5].map((n) => queue.push(n));

    // Assess
    expect(evicted).toEqual([false, false, false, true, true]);
    expect(queue.take(10)).toEqual([3, 4, 5]);
    expect(queue.size).toBe(0);
  });

  it('takes from the front in order across many pushes and takes', () => {
    // Prepare
    const queue = new BoundedQueue<number>(10_000);
    const taken: number[] = [];

    // Act
    for (let n = 0; n < 50_000; n += 1) {
      queue.push(n);
      if (n % 7 === 0) taken.push(...queue.take(5));
    }
    taken.push(...queue.take(Number.POSITIVE_INFINITY));

    // Assess: everything evicted is older than everything kept, and order never changes.
    expect(taken).toEqual([...taken].sort((a, b) => a - b));
    expect(taken.at(-1)).toBe(49_999);
    expect(new Set(taken).size).toBe(taken.length);
  });
});
