import { addRecord, describeFile, type FileLedger } from '@rireki/adapters';
import { type FieldProblem, quarantineFileKey } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

/** One quarantined input: the raw event (or the whole body when it could not be read) and why. */
export interface QuarantineRecord {
  readonly quarantinedAt: string;
  readonly messageId: string;
  /** Index of the event in its message; null when the whole message was unreadable. */
  readonly index: number | null;
  readonly reason: 'invalid-event' | 'undecodable-message';
  readonly problems: readonly FieldProblem[];
  /** The event as sent, or the message body as received (still base64 if it was gzip'd). */
  readonly raw: unknown;
  readonly contentEncoding?: string;
}

/**
 * Writes a batch's quarantine records as one JSON-lines object under
 * `quarantine/dt=<UTC date>/`, so bad input is kept, searchable with any tool, and never blocks
 * the valid events beside it.
 */
export async function writeQuarantine(
  ports: { readonly store: ObjectStore; readonly ledger: FileLedger },
  records: readonly QuarantineRecord[],
  nowMs: number,
): Promise<string | null> {
  if (records.length === 0) return null;
  const key = quarantineFileKey(nowMs);
  const body = `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
  const record = addRecord(describeFile(key, body, records.length, { firstMs: nowMs, lastMs: nowMs }), nowMs);
  await ports.ledger.intend(record);
  await ports.store.put(key, body);
  ports.ledger.done(record.id);
  return key;
}
