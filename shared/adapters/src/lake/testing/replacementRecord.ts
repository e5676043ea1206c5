import { type PartitionRef, type Replacement, replacementKey } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

/** A valid compaction record of a partition, as the maintenance worker writes one. */
export function replacementRecord(
  partition: PartitionRef,
  id: string,
  replaced: readonly string[],
  written: readonly string[] = [],
): Replacement {
  return {
    version: 1,
    id,
    app: partition.app,
    dt: partition.dt,
    reason: 'compaction',
    replaced: [...replaced],
    written: [...written],
    rowsIn: 10,
    rowsOut: 8,
    createdAt: '2026-11-25T00:00:00.000Z',
    removeAfter: '2026-11-25T00:10:00.000Z',
  };
}

/** Stores the record where readers look for it. */
export async function putReplacement(store: ObjectStore, record: Replacement): Promise<void> {
  await store.put(replacementKey(record, record.id), JSON.stringify(record));
}
