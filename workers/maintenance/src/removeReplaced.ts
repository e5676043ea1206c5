import { readReplacements } from '@rireki/adapters';
import { type PartitionRef, type Replacement, replacementKey } from '@rireki/contracts';
import type { ObjectStore, PartitionCatalog } from '@rireki/ports';

/**
 * Removes the files of every rewrite of the partition whose grace has passed, then (for a
 * retention record) the partition from the catalog, then its record, in that order: a crash in
 * between leaves the record, and the next pass finishes (deleting a missing file succeeds).
 * Returns the records it finished.
 */
export async function removeReplaced(
  store: ObjectStore,
  catalog: PartitionCatalog,
  partition: PartitionRef,
  nowMs: number,
  onRemoving: (record: Replacement) => void = () => undefined,
): Promise<Replacement[]> {
  const done: Replacement[] = [];
  for (const record of await readReplacements(store, partition)) {
    if (Date.parse(record.removeAfter) > nowMs) continue;
    onRemoving(record);
    for (const key of record.replaced) await store.delete(key);
    if (record.reason === 'retention') await catalog.remove(partition);
    await store.delete(replacementKey(partition, record.id));
    done.push(record);
  }
  return done;
}

/**
 * How many rewrites of the partition removeReplaced finishes now; a dry run only counts them.
 */
export async function finishReplaced(
  store: ObjectStore,
  catalog: PartitionCatalog,
  partition: PartitionRef,
  nowMs: number,
  dryRun: boolean,
): Promise<number> {
  if (!dryRun) return (await removeReplaced(store, catalog, partition, nowMs)).length;
  const records = await readReplacements(store, partition);
  return records.filter((record) => Date.parse(record.removeAfter) <= nowMs).length;
}
