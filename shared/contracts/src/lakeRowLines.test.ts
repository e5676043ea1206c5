import { describe, expect, it } from 'vitest';
import type { LakeRow } from './columns.js';
import { LakeRowLines } from './lakeRowLines.js';

function row(i: number, occurredAt: number): LakeRow {
  return {
    event_id: `e-${i}`,
    occurred_at: occurredAt,
    received_at: occurredAt + 5,
    action: i % 2 === 0 ? null : '注文を確定する',
    method: 'POST',
    path: '/orders/"quoted"\n',
    status: 200,
    duration_ms: 1.25,
    user_id: i % 3 === 0 ? null : String(i),
    ip: null,
    user_agent: null,
    params: JSON.stringify({ id: i }),
    attributes: i % 2 === 0 ? null : { orderId: `ORD-${i}`, 顧客: '山田' },
    extra: null,
  };
}

describe('LakeRowLines', () => {
  it('keeps each row as its JSON text, in order, and gives the rows back unchanged', () => {
    const rows = [row(1, 3_000), row(2, 1_000), row(3, 2_000)];

    const lines = LakeRowLines.of(rows);

    expect(lines.count).toBe(3);
    expect(lines.lines()).toEqual(rows.map((one) => JSON.stringify(one)));
    expect(lines.rows()).toEqual(rows);
  });

  it('tracks the first and last occurred_at whatever the order rows come in', () => {
    const lines = new LakeRowLines();
    expect(lines.occurredRange()).toBeNull();

    const lengths = [row(1, 5_000), row(2, 1_000), row(3, 9_000), row(4, 4_000)].map((one) => lines.add(one));

    expect(lines.occurredRange()).toEqual({ firstMs: 1_000, lastMs: 9_000 });
    expect(lengths).toEqual(lines.lines().map((line) => line.length));
  });
});
