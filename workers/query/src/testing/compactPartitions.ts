import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbPartitionRewriter } from '@rireki/adapters';
import { compactTimestamp, LAKE_AREAS, type PartitionRef, partitionPath } from '@rireki/contracts';
import { BASE_MS } from './searchDataset.js';

const DAY = 86_400_000;

/**
 * Rewrites each partition's files as a compaction does, sorted and without copies, under a
 * rewrite's file name, and removes the old ones: the engine then knows these rows hold no copies.
 */
export async function compactPartitions(lakeDir: string, partitions: readonly PartitionRef[]): Promise<void> {
  const rewriter = await DuckDbPartitionRewriter.create({ threads: 1 });
  try {
    for (const partition of partitions) {
      const dir = join(lakeDir, LAKE_AREAS.table, ...partitionPath(partition).split('/'));
      const inputs = (await readdir(dir)).map((name) => join(dir, name));
      const result = await rewriter.rewrite(inputs, { maxRowsPerFile: 1_000_000 });
      for (const [n, file] of result.files.entries()) {
        const name = `${compactTimestamp(BASE_MS + 10 * DAY)}-r0000000a-${String(n).padStart(4, '0')}.parquet`;
        await rename(file, join(dir, name));
      }
      for (const input of inputs) await rm(input);
      await result.release();
    }
  } finally {
    await rewriter.close();
  }
}
