import type { LakeRow } from '@rireki/contracts';

/** A row as DuckDB's getRowObjectsJS reads it from a lake file, in the LakeRow shape (ms, objects). */
export function asLakeRow(read: Record<string, unknown>): LakeRow {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(read)) {
    if (value instanceof Date) out[name] = value.getTime();
    else if (Array.isArray(value))
      out[name] = Object.fromEntries(
        value.map((entry: { key: string; value: string }) => [entry.key, entry.value]),
      );
    else out[name] = value;
  }
  return out as unknown as LakeRow;
}
