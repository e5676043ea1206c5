import { stat } from 'node:fs/promises';
import type { FileLedger } from '@rireki/adapters';
import { isDuplicateFree, livePartitionFiles } from '@rireki/adapters';
import {
  isRewrittenFileKey,
  type PartitionRef,
  type Replacement,
  rewriteIdOf,
  writtenAtMs,
} from '@rireki/contracts';
import type { ObjectStore, PartitionRewriter } from '@rireki/ports';
import type { CompactionPolicy } from './config.js';
import type { MaintenanceEvents } from './events.js';
import { hashLocalCopies } from './hashFiles.js';
import { localCopies } from './localCopies.js';
import { swapFiles } from './swapFiles.js';

export interface CompactionDeps {
  readonly store: ObjectStore;
  /** Where each rewrite is recorded before its files are stored (the digest chain). */
  readonly ledger: FileLedger;
  /** Where the steps are logged (debug). */
  readonly steps?: Pick<MaintenanceEvents, 'rewriting' | 'stored'>;
  readonly rewriter: PartitionRewriter;
  readonly policy: CompactionPolicy;
  readonly replacedGraceMs: number;
  readonly nowMs: () => number;
}

/** What one compaction of a partition did, as its log line and a one-shot summary report it. */
export interface CompactionStats {
  readonly filesBefore: number;
  readonly filesAfter: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly duplicatesDropped: number;
}

export type CompactionOutcome =
  | { readonly compacted: false; readonly reason: 'not due' }
  | {
      readonly compacted: true;
      readonly record: Replacement;
      readonly bytesBefore: number;
      readonly bytesAfter: number;
      readonly duplicatesDropped: number;
    };

/**
 * Which live files to compact now, or null for none. A file is quiet once it is older than
 * `quietMs`; the newest files wait for a later pass, so a partition under steady traffic is still
 * compacted. Quiet ingest files are compacted together once there are `minFiles` of them, leaving
 * earlier compactions as they are, so that a day's partition is not rewritten on every pass; once
 * `minFiles` compactions have piled up, they are merged with the quiet ingest files into one.
 * Once every file of a partition is quiet (its day is over, or late events have stopped), a
 * partition that is not one rewrite's output already is rewritten whole, once: its files then all
 * come from one rewrite, which search knows to hold each event once (see isDuplicateFree), so
 * totals over it need no distinct count.
 */
export function filesToCompact(
  live: readonly string[],
  policy: CompactionPolicy,
  nowMs: number,
): string[] | null {
  const quiet = live.filter((key) => nowMs - (writtenAtMs(key) ?? nowMs) >= policy.quietMs);
  const arrivals = quiet.filter((key) => !isRewrittenFileKey(key));
  const rewritten = live.filter(isRewrittenFileKey);
  const rewrites = new Set(rewritten.map(rewriteIdOf));
  if (rewrites.size >= policy.minFiles) return [...rewritten, ...arrivals];
  if (live.length > 0 && quiet.length === live.length && !isDuplicateFree(live)) return [...live];
  if (arrivals.length >= policy.minFiles) return arrivals;
  return null;
}

/** The files of a partition that a compaction would rewrite now, or null when it is not due. */
export async function planCompaction(
  deps: Pick<CompactionDeps, 'store' | 'policy' | 'nowMs'>,
  partition: PartitionRef,
): Promise<string[] | null> {
  const live = (await livePartitionFiles(deps.store, partition)).keys;
  return filesToCompact(live, deps.policy, deps.nowMs());
}

/**
 * Compacts one partition's quiet files (see filesToCompact): plan (its live files), write (the rewrite,
 * each new file stored in full), make durable (the replacement record, after every new file), and
 * leave the removal of the replaced files to removeReplaced, once the grace has passed. A crash
 * before the record leaves new files beside the old ones: search folds the copies, and the next
 * pass compacts both. A crash after it leaves only removal to do.
 */
export async function compactPartition(
  deps: CompactionDeps,
  partition: PartitionRef,
): Promise<CompactionOutcome> {
  const keys = await planCompaction(deps, partition);
  if (keys === null) return { compacted: false, reason: 'not due' };

  deps.steps?.rewriting({ ...partition, files: keys.length });
  const copies = await localCopies(deps.store, keys);
  try {
    const bytesBefore = (await Promise.all(copies.paths.map((path) => stat(path)))).reduce(
      (sum, s) => sum + s.size,
      0,
    );
    const result = await deps.rewriter.rewrite(copies.paths, { maxRowsPerFile: deps.policy.maxRowsPerFile });
    try {
      const { record, bytesAfter } = await swapFiles(
        deps,
        partition,
        await hashLocalCopies(keys, copies.paths),
        result,
        'compaction',
        (rewriteId, files) => deps.steps?.stored({ ...partition, rewriteId, files }),
      );
      return {
        compacted: true,
        record,
        bytesBefore,
        bytesAfter,
        duplicatesDropped: result.duplicatesDropped,
      };
    } finally {
      await result.release();
    }
  } finally {
    await copies.release();
  }
}

/** The figures of a compaction that was done. */
export function compactionStats(outcome: Extract<CompactionOutcome, { compacted: true }>): CompactionStats {
  return {
    filesBefore: outcome.record.replaced.length,
    filesAfter: outcome.record.written.length,
    bytesBefore: outcome.bytesBefore,
    bytesAfter: outcome.bytesAfter,
    rowsIn: outcome.record.rowsIn,
    rowsOut: outcome.record.rowsOut,
    duplicatesDropped: outcome.duplicatesDropped,
  };
}
