import { randomUUID } from 'node:crypto';
import type { ObjectStore, ParquetEncoder, PartitionCatalog } from '@rireki/adapters';
import { LAKE_AREAS, type LakeRow, type PartitionRef, partitionPath } from '@rireki/contracts';
import { compactTimestamp } from './quarantine.js';

export interface WrittenFile {
  readonly key: string;
  readonly fileBytes: number;
}

/**
 * Makes rows durable: one Parquet file under `action_logs/app=…/dt=…/`, then the partition
 * registered, in that order, so a registered partition never points at a missing file and a file
 * is never in an unregistered partition once this resolves.
 */
export async function writePartitionFile(
  ports: {
    readonly encoder: ParquetEncoder;
    readonly store: ObjectStore;
    readonly catalog: PartitionCatalog;
  },
  partition: PartitionRef,
  rows: readonly LakeRow[],
  nowMs: number,
): Promise<WrittenFile> {
  const bytes = await ports.encoder.encode(rows);
  const key = `${LAKE_AREAS.table}/${partitionPath(partition)}/${compactTimestamp(nowMs)}-${randomUUID()}.parquet`;
  await ports.store.put(key, bytes);
  await ports.catalog.register(partition);
  return { key, fileBytes: bytes.byteLength };
}
