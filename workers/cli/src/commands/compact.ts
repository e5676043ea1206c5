import { type Env, type PartitionRef, partitionPath } from '@rireki/contracts';
import { type CompactionSummary, compactPartitions, type PartitionCompaction } from '@rireki/maintenance';
import { type SelectionFlags, selectionOf } from './maintenanceFlags.js';
import { overSelectedPartitions } from './openMaintainedLake.js';

export interface CompactOptions extends SelectionFlags {
  readonly dryRun: boolean;
  /** Overrides RIREKI_COMPACT_QUIET_MS: how long a file must have been left alone. */
  readonly quietMs?: number;
  /** Overrides RIREKI_COMPACT_MIN_FILES: the fewest quiet files worth a rewrite. */
  readonly minFiles?: number;
}

/**
 * `rireki compact`: one compaction pass over the chosen partitions of the lake the maintenance
 * worker maintains, with the worker's policy unless a flag overrides it.
 */
export async function runCompact(env: Env, options: CompactOptions): Promise<CompactionSummary> {
  const selection = selectionOf(options);
  const label = options.dryRun ? 'planning' : 'compacting';
  return overSelectedPartitions(env, selection, label, (lake, partitions, progress) =>
    compactPartitions(
      {
        store: lake.store,
        ledger: lake.ledger,
        catalog: lake.catalog,
        rewriter: lake.rewriter,
        policy: {
          ...lake.config.compaction,
          ...(options.quietMs === undefined ? {} : { quietMs: options.quietMs }),
          ...(options.minFiles === undefined ? {} : { minFiles: options.minFiles }),
        },
        replacedGraceMs: lake.config.replacedGraceMs,
        nowMs: Date.now,
      },
      partitions,
      { dryRun: options.dryRun },
      (partition, outcome) => progress.advance(partitionPath(partition), compactionLine(partition, outcome)),
    ),
  );
}

function compactionLine(partition: PartitionRef, outcome: PartitionCompaction): string | undefined {
  const path = partitionPath(partition);
  switch (outcome.status) {
    case 'due':
      return `${path}: ${outcome.filesBefore} files would be compacted`;
    case 'compacted':
      return `${path}: ${outcome.filesBefore} files → ${outcome.filesAfter}, ${outcome.rowsOut} rows, ${outcome.duplicatesDropped} duplicates dropped`;
    case 'failed':
      return `${path}: failed: ${outcome.error.message}`;
    default:
      return undefined;
  }
}

/** Bytes as a person reads them: KiB under a MiB, MiB under a GiB, else GiB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** The summary line a person reads at the end. */
export function compactionSummaryText(summary: CompactionSummary): string {
  const finished =
    summary.replacedRemoved > 0
      ? `; ${summary.replacedRemoved} earlier rewrites ${summary.dryRun ? 'would be' : 'were'} finished (replaced files removed)`
      : '';
  if (summary.dryRun) {
    return `dry run: ${summary.compacted} of ${summary.partitions} partitions would be compacted (${summary.filesBefore} files)${finished}; nothing changed`;
  }
  const size = (bytes: number | null) => sizeText(bytes ?? 0);
  return (
    `compacted ${summary.compacted} of ${summary.partitions} partitions in ${(summary.ms / 1000).toFixed(1)} s: ` +
    `${summary.filesBefore} files → ${summary.filesAfter}, ${size(summary.bytesBefore)} → ${size(summary.bytesAfter)}, ` +
    `${summary.rowsOut} rows kept, ${summary.duplicatesDropped} duplicates dropped${finished}` +
    (summary.failed > 0 ? `; ${summary.failed} partitions failed` : '')
  );
}
