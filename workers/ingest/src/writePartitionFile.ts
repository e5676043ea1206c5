import { type LakeRow, type PartitionRef, tableFileKey } from '@rireki/contracts';
import type { ObjectStore, ParquetEncoder } from '@rireki/ports';

export interface WrittenFile {
  readonly key: string;
  readonly fileBytes: number;
}

/**
 * Makes rows durable as one Parquet file under `action_logs/app=…/dt=…/`. The file is not
 * searchable until its partition is registered, which the caller does next.
 */
export async function writePartitionFile(
  ports: { readonly encoder: ParquetEncoder; readonly store: ObjectStore },
  partition: PartitionRef,
  rows: readonly LakeRow[],
  nowMs: number,
): Promise<WrittenFile> {
  const bytes = await ports.encoder.encode(rows);
  const key = tableFileKey(partition, nowMs);
  await ports.store.put(key, bytes);
  return { key, fileBytes: bytes.byteLength };
}
