import { addRecord, describeFile, type FileLedger } from '@rireki/adapters';
import { type LakeRowLines, type PartitionRef, tableFileKey } from '@rireki/contracts';
import type { ObjectStore, ParquetEncoder } from '@rireki/ports';

export interface WrittenFile {
  readonly key: string;
  readonly fileBytes: number;
}

/**
 * Makes rows durable as one Parquet file under `action_logs/app=…/dt=…/`, its record in the
 * writer's ledger first, so that no crash leaves the file unaccounted for. The file is not
 * searchable until its partition is registered, which the caller does next.
 */
export async function writePartitionFile(
  ports: { readonly encoder: ParquetEncoder; readonly store: ObjectStore; readonly ledger: FileLedger },
  partition: PartitionRef,
  rows: LakeRowLines,
  nowMs: number,
): Promise<WrittenFile> {
  const bytes = await ports.encoder.encode(rows);
  const key = tableFileKey(partition, nowMs);
  const record = addRecord(describeFile(key, bytes, rows.count, rows.occurredRange()), nowMs);
  await ports.ledger.intend(record);
  await ports.store.put(key, bytes);
  ports.ledger.done(record.id);
  return { key, fileBytes: bytes.byteLength };
}
