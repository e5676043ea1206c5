import { livePartitionFiles } from '@rireki/adapters';
import type { PartitionRef } from '@rireki/contracts';
import { expireAreas, expiredAreaFiles, type RetentionDeps, retirePartition } from './applyRetention.js';
import { overPartitions, type PartitionFailure } from './overPartitions.js';
import { firstKeptDate, isExpired, type RetentionPolicy } from './retentionPolicy.js';

export interface RetentionRunDeps extends RetentionDeps {
  readonly retention: RetentionPolicy;
}

/**
 * What one partition came to: retired (or expired, in a dry run), kept, already retired (expired
 * with no live file left: it leaves the catalog), or failed.
 */
export type PartitionRetention =
  | { readonly status: 'retired' | 'expired'; readonly files: number; readonly firstKeptDate: string }
  | { readonly status: 'kept' | 'already retired' }
  | PartitionFailure;

export interface RetentionSummary {
  readonly dryRun: boolean;
  readonly partitions: number;
  /** Partitions past their app's retention: retired, or that a dry run would retire. */
  readonly expired: number;
  /** Their live files, which searches stop reading at once and which leave after the grace. */
  readonly files: number;
  /** Earlier rewrites and retirements finished (or that would be) because their grace had passed. */
  readonly replacedRemoved: number;
  /** Quarantine and results files past their own retention, deleted (or that would be). */
  readonly areaFiles: number;
  readonly failed: number;
  readonly ms: number;
}

/**
 * Applies retention to the given partitions the way a maintenance pass does: first finishes what
 * earlier rewrites and retirements left once their grace has passed, then retires each partition
 * dated before its app's first kept date; last, expires the quarantine and results areas. A dry run
 * counts and changes nothing. A partition that fails is reported and the others go on.
 */
export async function retainPartitions(
  deps: RetentionRunDeps,
  partitions: readonly PartitionRef[],
  options: { readonly dryRun: boolean },
  onPartition: (partition: PartitionRef, outcome: PartitionRetention) => void = () => undefined,
): Promise<RetentionSummary> {
  const started = deps.nowMs();
  const run = await overPartitions(
    deps,
    partitions,
    options.dryRun,
    (partition) => retainOne(deps, partition, options.dryRun),
    onPartition,
  );
  const expired = run.outcomes.filter(
    (o): o is Extract<PartitionRetention, { files: number }> =>
      o.status === 'retired' || o.status === 'expired',
  );
  const areaFiles = options.dryRun
    ? (await expiredAreaFiles(deps.store, deps.retention, deps.nowMs())).length
    : await expireAreas(deps, deps.retention, deps.nowMs());
  return {
    dryRun: options.dryRun,
    partitions: partitions.length,
    expired: expired.length,
    files: expired.reduce((sum, o) => sum + o.files, 0),
    replacedRemoved: run.replacedRemoved,
    areaFiles,
    failed: run.outcomes.filter((o) => o.status === 'failed').length,
    ms: deps.nowMs() - started,
  };
}

async function retainOne(
  deps: RetentionRunDeps,
  partition: PartitionRef,
  dryRun: boolean,
): Promise<Exclude<PartitionRetention, PartitionFailure>> {
  if (!isExpired(deps.retention, partition, deps.nowMs())) return { status: 'kept' };
  const kept = firstKeptDate(deps.retention, partition.app, deps.nowMs()) ?? '';
  if (dryRun) {
    const { keys } = await livePartitionFiles(deps.store, partition);
    if (keys.length === 0) return { status: 'already retired' };
    return { status: 'expired', files: keys.length, firstKeptDate: kept };
  }
  const record = await retirePartition(deps, partition);
  if (record === null) return { status: 'already retired' };
  return { status: 'retired', files: record.replaced.length, firstKeptDate: kept };
}
