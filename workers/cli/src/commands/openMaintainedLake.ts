import {
  DuckDbPartitionRewriter,
  type FileLedger,
  openDigestLedger,
  openObjectStore,
  openPartitionCatalog,
} from '@rireki/adapters';
import type { Env, PartitionRef } from '@rireki/contracts';
import {
  loadMaintenanceConfig,
  type MaintenanceConfig,
  type PartitionSelection,
  rewriterOptions,
  selectPartitions,
} from '@rireki/maintenance';
import type { ObjectStore, PartitionCatalog, PartitionRewriter } from '@rireki/ports';
import { type PartitionProgress, startPartitionProgress } from './partitionProgress.js';

/** The lake the maintenance worker maintains, opened from the same RIREKI_* settings. */
export interface MaintainedLake {
  readonly config: MaintenanceConfig;
  readonly store: ObjectStore;
  readonly catalog: PartitionCatalog;
  readonly rewriter: PartitionRewriter;
  /** The command's own digest chain: it rewrites the lake as the maintenance worker does. */
  readonly ledger: FileLedger;
  /** Seals the command's final digest and closes the rewriter. */
  close(): Promise<void>;
}

/**
 * Opens the local data directory, or an S3 lake and its catalog with RIREKI_MODE=aws and the AWS
 * credential chain, exactly as the maintenance worker would; refuses bad settings by name.
 */
export async function openMaintainedLake(env: Env): Promise<MaintainedLake> {
  const config = loadMaintenanceConfig(env);
  const clients = {};
  const store = openObjectStore(config.lake, clients, config.region);
  const catalog = openPartitionCatalog(config.lake, clients, config.region);
  const rewriter = await DuckDbPartitionRewriter.create(rewriterOptions(config));
  const digests = await openDigestLedger(config.digests, {
    store,
    role: 'cli',
    ...(config.region === undefined ? {} : { region: config.region }),
  });
  return {
    config,
    store,
    catalog,
    rewriter,
    ledger: digests.ledger,
    close: async () => {
      await digests.close();
      await rewriter.close();
    },
  };
}

/**
 * Runs a one-shot command over the selected partitions of the maintained lake, with progress over
 * them, and closes the lake afterwards.
 */
export async function overSelectedPartitions<T>(
  env: Env,
  selection: PartitionSelection,
  label: string,
  run: (lake: MaintainedLake, partitions: PartitionRef[], progress: PartitionProgress) => Promise<T>,
): Promise<T> {
  const lake = await openMaintainedLake(env);
  try {
    const partitions = selectPartitions(await lake.catalog.list(), selection);
    const progress = startPartitionProgress(label, partitions.length);
    try {
      return await run(lake, partitions, progress);
    } finally {
      progress.stop();
    }
  } finally {
    await lake.close();
  }
}
