import type { PartitionRef } from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';
import {
  type CompactionDeps,
  type CompactionStats,
  compactionStats,
  compactPartition,
  planCompaction,
} from './compactPartition.js';
import { overPartitions, type PartitionFailure } from './overPartitions.js';

export interface CompactionRunDeps extends CompactionDeps {
  readonly catalog: PartitionCatalog;
}

/** What one partition came to: compacted, due (a dry run), not due, or failed. */
export type PartitionCompaction =
  | ({ readonly status: 'compacted' } & CompactionStats)
  | { readonly status: 'due'; readonly filesBefore: number }
  | { readonly status: 'not due' }
  | PartitionFailure;

/** A one-shot compaction's totals. Bytes and rows are only known once files are rewritten: null in a dry run. */
export interface CompactionSummary {
  readonly dryRun: boolean;
  readonly partitions: number;
  /** Partitions compacted, or that a dry run found due. */
  readonly compacted: number;
  readonly failed: number;
  readonly filesBefore: number;
  readonly filesAfter: number | null;
  readonly bytesBefore: number | null;
  readonly bytesAfter: number | null;
  readonly rowsIn: number | null;
  readonly rowsOut: number | null;
  readonly duplicatesDropped: number | null;
  /** Earlier rewrites whose replaced files left the lake (or would, in a dry run) because their grace had passed. */
  readonly replacedRemoved: number;
  readonly ms: number;
}

/**
 * Compacts the given partitions one after another, the way a maintenance pass does (the same
 * policy, the same swap), and first removes what earlier rewrites replaced once their grace has
 * passed. A dry run plans each partition and changes nothing. A partition that fails is reported
 * and the others go on.
 */
export async function compactPartitions(
  deps: CompactionRunDeps,
  partitions: readonly PartitionRef[],
  options: { readonly dryRun: boolean },
  onPartition: (partition: PartitionRef, outcome: PartitionCompaction) => void = () => undefined,
): Promise<CompactionSummary> {
  const started = deps.nowMs();
  const step = options.dryRun
    ? (partition: PartitionRef) => planOne(deps, partition)
    : (partition: PartitionRef) => compactOne(deps, partition);
  const run = await overPartitions(deps, partitions, options.dryRun, step, onPartition);
  const done = run.outcomes.filter((o) => o.status === 'compacted');
  const total = (field: keyof CompactionStats) =>
    options.dryRun ? null : done.reduce((sum, o) => sum + o[field], 0);
  const due = run.outcomes.filter((o) => o.status === 'compacted' || o.status === 'due');
  return {
    dryRun: options.dryRun,
    partitions: partitions.length,
    compacted: due.length,
    failed: run.outcomes.filter((o) => o.status === 'failed').length,
    filesBefore: due.reduce((sum, o) => sum + o.filesBefore, 0),
    filesAfter: total('filesAfter'),
    bytesBefore: total('bytesBefore'),
    bytesAfter: total('bytesAfter'),
    rowsIn: total('rowsIn'),
    rowsOut: total('rowsOut'),
    duplicatesDropped: total('duplicatesDropped'),
    replacedRemoved: run.replacedRemoved,
    ms: deps.nowMs() - started,
  };
}

async function planOne(
  deps: CompactionRunDeps,
  partition: PartitionRef,
): Promise<Exclude<PartitionCompaction, PartitionFailure>> {
  const keys = await planCompaction(deps, partition);
  return keys === null ? { status: 'not due' } : { status: 'due', filesBefore: keys.length };
}

async function compactOne(
  deps: CompactionRunDeps,
  partition: PartitionRef,
): Promise<Exclude<PartitionCompaction, PartitionFailure>> {
  const outcome = await compactPartition(deps, partition);
  return outcome.compacted ? { status: 'compacted', ...compactionStats(outcome) } : { status: 'not due' };
}
