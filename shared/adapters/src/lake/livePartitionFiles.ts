import {
  appReplacementsFolder,
  isRewrittenFileKey,
  LAKE_AREAS,
  type PartitionRef,
  partitionPath,
  type Replacement,
  ReplacementSchema,
  replacementsFolder,
  rewriteIdOf,
  StorageError,
} from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

/** A partition as readers see it: its live data files, and the rewrites that replaced others. */
export interface PartitionFiles {
  /** Lake keys of the Parquet files that hold the partition's rows now, sorted. */
  readonly keys: readonly string[];
  /** The replacement records of rewrites whose replaced files are not removed yet. */
  readonly replacements: readonly Replacement[];
}

/**
 * The files a reader of a partition must read: every Parquet file in it, less those a rewrite
 * replaced. The records are read before the files are listed: a rewrite writes its new files before
 * its record, so a reader that sees the record also lists the new files, and one that does not
 * see it still lists the old ones, which stay until long after the record. Either way it reads
 * each row once (duplicates across files are folded by search, as ever).
 */
export async function livePartitionFiles(
  store: ObjectStore,
  partition: PartitionRef,
): Promise<PartitionFiles> {
  const replacements = await readReplacements(store, partition);
  const replaced = new Set(replacements.flatMap((record) => record.replaced));
  const listed = await store.list(`${LAKE_AREAS.table}/${partitionPath(partition)}`);
  const keys = listed.filter((key) => key.endsWith('.parquet') && !replaced.has(key)).sort();
  return { keys, replacements };
}

/**
 * Whether a partition's live files are known to hold no two copies of an event: every one was
 * written by the same rewrite, which keeps one copy of each event of its input, and that input
 * was every live file of the partition then (a compaction that leaves files out, or a file that
 * arrived since, makes a second writer). Files of a rewrite that stopped before its record share
 * the partition with the files it meant to replace, so they never qualify alone.
 */
export function isDuplicateFree(keys: readonly string[]): boolean {
  const first = keys[0];
  if (first === undefined || !isRewrittenFileKey(first)) return false;
  const id = rewriteIdOf(first);
  return keys.every((key) => isRewrittenFileKey(key) && rewriteIdOf(key) === id);
}

/** Every replacement record of a partition, oldest first. */
export async function readReplacements(store: ObjectStore, partition: PartitionRef): Promise<Replacement[]> {
  return readRecords(store, await store.list(replacementsFolder(partition)));
}

/**
 * Every replacement record of these partitions, by partition, oldest first. One listing per app
 * finds them, not one per partition: a search spans up to months of days, and at any time only the
 * few partitions rewritten within the grace hold a record.
 */
export async function readReplacementsOfPartitions(
  store: ObjectStore,
  partitions: readonly PartitionRef[],
): Promise<Replacement[]> {
  const wanted = new Set(partitions.map(replacementsFolder));
  const apps = [...new Set(partitions.map((partition) => partition.app))];
  const listed = await Promise.all(apps.map((app) => store.list(appReplacementsFolder(app))));
  const keys = listed.flat().filter((key) => wanted.has(key.slice(0, key.lastIndexOf('/'))));
  return readRecords(store, keys);
}

/** The records at these keys (other names are not records), in key order; a removed one is skipped. */
async function readRecords(store: ObjectStore, listed: readonly string[]): Promise<Replacement[]> {
  const keys = listed.filter((key) => key.endsWith('.json')).sort();
  const records = await Promise.all(keys.map((key) => readRecord(store, key)));
  return records.filter((record) => record !== null);
}

async function readRecord(store: ObjectStore, key: string): Promise<Replacement | null> {
  const bytes = await store.get(key);
  // Removed between the listing and the read: its replaced files are gone too.
  if (bytes === null) return null;
  let parsed: ReturnType<typeof ReplacementSchema.safeParse>;
  try {
    parsed = ReplacementSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch {
    parsed = ReplacementSchema.safeParse(undefined);
  }
  if (!parsed.success) {
    // Reading on would show a partition twice or not at all; an operator must look at it.
    throw new StorageError(`replacement record ${key} in ${store.location} is not a valid record`, {
      retryable: false,
    });
  }
  return parsed.data;
}
