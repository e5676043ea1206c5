import { readReplacements } from '@rireki/adapters';
import { type PartitionRef, type Replacement, replacementKey } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

/**
 * Removes the files of every rewrite of the partition whose grace has passed, then its record, in
 * that order: a crash in between leaves the record, and the next pass deletes what is left (deleting
 * a missing file succeeds). Returns the records it finished.
 */
export async function removeReplaced(
  store: ObjectStore,
  partition: PartitionRef,
  nowMs: number,
): Promise<Replacement[]> {
  const done: Replacement[] = [];
  for (const record of await readReplacements(store, partition)) {
    if (Date.parse(record.removeAfter) > nowMs) continue;
    for (const key of record.replaced) await store.delete(key);
    await store.delete(replacementKey(partition, record.id));
    done.push(record);
  }
  return done;
}
