import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ACTION_LOG_TABLE, CatalogError, type PartitionRef, partitionProblem } from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';

/**
 * The local catalog: one marker file per partition, `<dir>/action_logs/app=<app>/dt=<dt>`.
 * Creating a file is atomic and safe when several ingest processes register the same partition.
 */
export class LocalPartitionCatalog implements PartitionCatalog {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = resolve(directory);
  }

  async register(partition: PartitionRef): Promise<void> {
    // The values become a path: a checked app and date cannot point outside the catalog.
    const problem = partitionProblem(partition);
    if (problem) throw new CatalogError(`cannot register a partition: ${problem}`, { retryable: false });
    const dir = join(this.directory, ACTION_LOG_TABLE, `app=${partition.app}`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, `dt=${partition.dt}`),
        `${JSON.stringify({ registeredAt: new Date().toISOString() })}\n`,
        {
          flag: 'wx',
        },
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw new CatalogError(`could not register app=${partition.app}/dt=${partition.dt}: ${String(error)}`, {
        cause: error,
      });
    }
  }

  async remove(partition: PartitionRef): Promise<void> {
    const problem = partitionProblem(partition);
    if (problem) throw new CatalogError(`cannot remove a partition: ${problem}`, { retryable: false });
    const marker = join(this.directory, ACTION_LOG_TABLE, `app=${partition.app}`, `dt=${partition.dt}`);
    try {
      await rm(marker, { force: true });
    } catch (error) {
      throw new CatalogError(`could not remove app=${partition.app}/dt=${partition.dt}: ${String(error)}`, {
        cause: error,
      });
    }
  }

  async list(): Promise<PartitionRef[]> {
    const tableDir = join(this.directory, ACTION_LOG_TABLE);
    let apps: string[];
    try {
      apps = await readdir(tableDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new CatalogError(`could not list partitions in ${tableDir}: ${String(error)}`, { cause: error });
    }
    const partitions: PartitionRef[] = [];
    for (const appDir of apps.filter((name) => name.startsWith('app=')).sort()) {
      const dts = await readdir(join(tableDir, appDir));
      for (const dtFile of dts.filter((name) => name.startsWith('dt=')).sort()) {
        partitions.push({ app: appDir.slice('app='.length), dt: dtFile.slice('dt='.length) });
      }
    }
    return partitions;
  }
}
