const NEWLINE = 10;
const QUOTE = 34;

/**
 * Counts the records of an export as its bytes stream in. NDJSON escapes every newline inside a
 * value, so each newline ends a record. A CSV value may hold a newline inside quotes (a doubled
 * quote inside stays inside), so only a newline outside quotes ends a CSV record.
 */
export function recordCounter(format: 'csv' | 'ndjson') {
  let records = 0;
  let quoted = false;
  return {
    add(chunk: Uint8Array): number {
      for (const byte of chunk) {
        if (format === 'csv' && byte === QUOTE) quoted = !quoted;
        else if (byte === NEWLINE && !quoted) records += 1;
      }
      return records;
    },
  };
}
