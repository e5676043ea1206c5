import { join } from 'node:path';
import { DirectoryObjectStore, LocalPartitionCatalog, livePartitionFiles } from '@rireki/adapters';

/** The lake's partitions at one moment of a soak. */
export interface LakePoint {
  readonly atMs: number;
  readonly partitions: number;
  /** Live files of the partition that has the most. */
  readonly maxLiveFiles: number;
  /** Parquet files on disk in that partition, replaced ones waiting for their grace included. */
  readonly maxFilesOnDisk: number;
}

/**
 * Live files per partition. With the local defaults the ingest worker writes about one file a
 * second per app, a file waits RIREKI_COMPACT_QUIET_MS (60 s) to be quiet and a pass comes every
 * RIREKI_MAINTENANCE_INTERVAL_MS (30 s), and fewer than RIREKI_COMPACT_MIN_FILES (10) quiet files or
 * compactions wait for more: about 110 live files at most. Above 150, compaction is not keeping up.
 */
export const MAX_LIVE_FILES = 150;

export function startLakeSampler(dataDir: string, soakStartMs: number) {
  const store = new DirectoryObjectStore(join(dataDir, 'lake'));
  const catalog = new LocalPartitionCatalog(join(dataDir, 'catalog'));
  const points: LakePoint[] = [];
  const sample = async () => {
    let maxLiveFiles = 0;
    let maxFilesOnDisk = 0;
    const partitions = await catalog.list();
    for (const partition of partitions) {
      const { keys, replacements } = await livePartitionFiles(store, partition);
      maxLiveFiles = Math.max(maxLiveFiles, keys.length);
      const waiting = replacements.reduce((sum, record) => sum + record.replaced.length, 0);
      maxFilesOnDisk = Math.max(maxFilesOnDisk, keys.length + waiting);
    }
    points.push({
      atMs: Date.now() - soakStartMs,
      partitions: partitions.length,
      maxLiveFiles,
      maxFilesOnDisk,
    });
  };
  return { points, sample };
}
