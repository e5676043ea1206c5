import { PassThrough } from 'node:stream';
import type { SearchRow } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, TABLE_COLUMNS } from './searchColumns.js';
import { createSearchOutput, type OutputFormat } from './searchOutput.js';

const row: SearchRow = {
  eventId: 'e-1',
  app: 'shop',
  occurredAt: '2026-11-30T15:00:00.000Z',
  receivedAt: '2026-11-30T15:00:01.000Z',
  path: '/orders, "new"',
  status: 201,
  params: { sku: 'A-1' },
  attributes: { orderId: 'ORD-1' },
  region: 'kanto',
};

function written(format: OutputFormat, columns: readonly string[], zone = 'UTC') {
  const out = new PassThrough();
  const err = new PassThrough();
  const output = createSearchOutput({ format, columns, zone, out, err });
  output.page([row]);
  output.page([{ ...row, eventId: 'e-2' }]);
  output.end({ rows: 2, total: 7, nextCursor: 'r1.x', stats: { engine: 'duckdb', elapsedMs: 3 } });
  return { out: String(out.read() ?? ''), err: String(err.read() ?? '') };
}

describe('search output', () => {
  it('writes CSV with a header once, quoted values, JSON objects, and the summary on stderr', () => {
    const { out, err } = written('csv', CSV_COLUMNS);
    const lines = out.trim().split('\n');

    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toContain('"/orders, ""new"""');
    expect(lines[1]).toContain('"{""sku"":""A-1""}"');
    expect(err).toBe('2 rows · 7 in all · more: --cursor r1.x · duckdb 3 ms\n');
  });

  it('says 1 row, not 1 rows, in the summary', () => {
    const err = new PassThrough();
    const output = createSearchOutput({
      format: 'csv',
      columns: CSV_COLUMNS,
      zone: 'UTC',
      out: new PassThrough(),
      err,
    });

    output.end({ rows: 1, total: 1, nextCursor: null, stats: undefined });

    expect(String(err.read() ?? '')).toBe('1 row · 1 in all\n');
  });

  it('streams NDJSON rows in the chosen zone, same instants', () => {
    const { out } = written('ndjson', TABLE_COLUMNS, 'Asia/Tokyo');
    const rows = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as SearchRow);

    expect(rows.map((r) => r.eventId)).toEqual(['e-1', 'e-2']);
    expect(rows[0]?.occurredAt).toBe('2026-12-01T00:00:00.000+09:00');
    expect(Date.parse(rows[0]?.occurredAt ?? '')).toBe(Date.parse(row.occurredAt));
  });

  it('shows chosen columns, nested ones included, without a rule between rows', () => {
    const { out } = written(
      'table',
      ['eventId', 'attributes.orderId', 'params', 'extra.region', 'occurredAt'],
      'Asia/Tokyo',
    );

    expect(out).toContain('ORD-1');
    expect(out).toContain('{"sku":"A-1"}');
    expect(out).toContain('kanto');
    expect(out).toContain('2026-12-01T00:00:00.000+09:00');
    const ruleLines = out.split('\n').filter((line) => line.startsWith('├'));
    // Only the rule under the head of each page's table.
    expect(ruleLines).toHaveLength(2);
  });
});
