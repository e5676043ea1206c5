import { FIELD_COLUMNS } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { toSearchHit } from './toSearchHit.js';

const AT = Date.UTC(2026, 10, 24, 9, 30, 0, 123);

/** An engine row with every column set, each to a value of its own, as the engines hand rows back. */
function fullEngineRow(): Record<string, unknown> {
  const raw: Record<string, unknown> = { app: 'shop', received_at: AT + 250, extra: null };
  for (const column of FIELD_COLUMNS) {
    raw[column.name] =
      column.kind === 'timestamp'
        ? AT
        : column.json
          ? JSON.stringify({ of: column.field })
          : column.kind === 'stringMap'
            ? { of: column.field }
            : column.kind === 'int' || column.kind === 'double'
              ? FIELD_COLUMNS.indexOf(column) + 100
              : `value of ${column.field}`;
  }
  return raw;
}

describe('toSearchHit', () => {
  it('shows each column under the field the contract table names for it', () => {
    const raw = fullEngineRow();

    const { row, key } = toSearchHit(raw);

    for (const column of FIELD_COLUMNS) {
      const stored = raw[column.name];
      const expected =
        column.kind === 'timestamp'
          ? new Date(AT).toISOString()
          : column.json
            ? JSON.parse(String(stored))
            : stored;
      expect({ [column.field]: (row as Record<string, unknown>)[column.field] }).toEqual({
        [column.field]: expected,
      });
    }
    expect(row.receivedAt).toBe(new Date(AT + 250).toISOString());
    expect(key).toEqual({ occurredAtMs: AT, eventId: 'value of eventId', app: 'shop' });
  });

  it('leaves out the fields whose columns are null, and puts the extra fields back at the top level', () => {
    const raw = fullEngineRow();
    for (const column of FIELD_COLUMNS) if (column.nullable) raw[column.name] = null;
    raw.extra = JSON.stringify({ tenant: 'acme', path: 'not the real path' });

    const { row } = toSearchHit(raw);

    expect(row).toEqual({
      eventId: 'value of eventId',
      app: 'shop',
      occurredAt: new Date(AT).toISOString(),
      receivedAt: new Date(AT + 250).toISOString(),
      tenant: 'acme',
      path: 'not the real path',
    });
  });
});
