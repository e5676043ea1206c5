import { describe, expect, it } from 'vitest';
import type { FlushPolicy } from './config.js';
import { PartitionBuffer } from './PartitionBuffer.js';
import { lakeRowFactory } from './testing/actionLogFactory.js';

const partition = { app: 'shop', dt: '2026-11-24' };
const T0 = Date.parse('2026-11-24T00:00:00Z');
const roomy: FlushPolicy = { maxRows: 1_000, maxBytes: 1_000_000, maxAgeMs: 60_000 };

describe('PartitionBuffer', () => {
  describe.each([
    {
      limit: 'rows',
      policy: { ...roomy, maxRows: 3 },
      adds: [100, 100],
      last: 100,
    },
    {
      limit: 'bytes',
      policy: { ...roomy, maxBytes: 1_000 },
      adds: [600, 300],
      last: 100,
    },
  ])('the $limit limit', ({ policy, adds, last }) => {
    it('is not full just under the limit, and full exactly at it', () => {
      // Prepare
      const buffer = new PartitionBuffer(partition);
      adds.forEach((bytes, i) => {
        buffer.add(lakeRowFactory({ event_id: `e${i}` }), bytes, 'm1', T0);
      });
      const before = buffer.isFull(policy);

      // Act
      buffer.add(lakeRowFactory({ event_id: 'last' }), last, 'm1', T0);

      // Assess
      expect(before).toBe(false);
      expect(buffer.isFull(policy)).toBe(true);
    });
  });

  it('is due when its oldest row reaches the age limit, not its newest', () => {
    // Prepare
    const policy = { ...roomy, maxAgeMs: 1_000 };
    const buffer = new PartitionBuffer(partition);
    buffer.add(lakeRowFactory(), 10, 'm1', T0);
    buffer.add(lakeRowFactory(), 10, 'm2', T0 + 900);

    // Act
    const justBefore = buffer.isDue(policy, T0 + 999);
    const atLimit = buffer.isDue(policy, T0 + 1_000);

    // Assess
    expect(justBefore).toBe(false);
    expect(atLimit).toBe(true);
  });

  it('is never due or full while empty', () => {
    // Prepare
    const buffer = new PartitionBuffer(partition);

    // Act
    const due = buffer.isDue({ ...roomy, maxAgeMs: 0 }, T0 + 1_000_000);

    // Assess
    expect(due).toBe(false);
    expect(buffer.isFull(roomy)).toBe(false);
  });

  it('take() hands out every row in order with its byte total and rows per message', () => {
    // Prepare
    const buffer = new PartitionBuffer(partition);
    const rows = ['a', 'b', 'c', 'd'].map((id) => lakeRowFactory({ event_id: id }));
    buffer.add(rows[0] ?? lakeRowFactory(), 10, 'm1', T0);
    buffer.add(rows[1] ?? lakeRowFactory(), 20, 'm2', T0 + 1);
    buffer.add(rows[2] ?? lakeRowFactory(), 30, 'm1', T0 + 2);
    buffer.add(rows[3] ?? lakeRowFactory(), 40, 'm3', T0 + 3);

    // Act
    const batch = buffer.take();

    // Assess
    expect(batch.partition).toEqual(partition);
    expect(batch.rows.rows()).toEqual(rows);
    expect(batch.bytes).toBe(100);
    expect(batch.rowsPerDelivery).toEqual(
      new Map([
        ['m1', 2],
        ['m2', 1],
        ['m3', 1],
      ]),
    );
  });

  it('is empty after take(), and later rows neither join the taken batch nor inherit its age', () => {
    // Prepare
    const policy = { ...roomy, maxAgeMs: 1_000 };
    const buffer = new PartitionBuffer(partition);
    buffer.add(lakeRowFactory({ event_id: 'old' }), 10, 'm1', T0);
    const batch = buffer.take();

    // Act
    buffer.add(lakeRowFactory({ event_id: 'new' }), 5, 'm2', T0 + 5_000);

    // Assess
    expect(batch.rows.rows().map((row) => row.event_id)).toEqual(['old']);
    expect(batch.rowsPerDelivery).toEqual(new Map([['m1', 1]]));
    expect(buffer.rowCount).toBe(1);
    expect(buffer.bytes).toBe(5);
    expect(buffer.isDue(policy, T0 + 5_999)).toBe(false);
    expect(buffer.isDue(policy, T0 + 6_000)).toBe(true);
  });
});
