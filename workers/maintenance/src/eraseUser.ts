import { type FileLedger, livePartitionFiles } from '@rireki/adapters';
import { LAKE_AREAS, newRewriteId, type PartitionRef } from '@rireki/contracts';
import type { ObjectStore, PartitionCatalog, PartitionRewriter } from '@rireki/ports';
import { hashLocalCopies } from './hashFiles.js';
import { localCopies } from './localCopies.js';
import { selectPartitions } from './partitionSelection.js';
import { swapFiles } from './swapFiles.js';

export interface ErasureDeps {
  readonly store: ObjectStore;
  /** Where each rewrite is recorded before its files are stored (the digest chain). */
  readonly ledger: FileLedger;
  readonly catalog: PartitionCatalog;
  readonly rewriter: PartitionRewriter;
  readonly maxRowsPerFile: number;
  readonly replacedGraceMs: number;
  readonly nowMs: () => number;
}

export interface ErasureRequest {
  readonly app: string;
  readonly userId: string;
  /** Partitions from this UTC date (YYYY-MM-DD), inclusive; every one when unset. */
  readonly fromDate?: string;
  /** Partitions up to this UTC date, inclusive. */
  readonly toDate?: string;
  /** Count what would be erased, and change nothing. */
  readonly dryRun?: boolean;
}

/** What an erasure did, as its audit record keeps it: criteria and counts, none of the erased data. */
export interface ErasureReport {
  readonly version: 1;
  readonly id: string;
  readonly at: string;
  readonly app: string;
  /** The user id is the criterion an operator was asked to act on; it is kept so the request can be proven done. */
  readonly userId: string;
  readonly fromDate: string | null;
  readonly toDate: string | null;
  readonly dryRun: boolean;
  readonly partitions: number;
  readonly rowsRemoved: number;
  readonly filesRewritten: number;
}

/** The audit record of an erasure: `_maintenance/erasures/<id>.json`. */
export function erasureAuditKey(id: string): string {
  return `${LAKE_AREAS.maintenance}/erasures/${id}.json`;
}

/**
 * Erases one user's events of one app: every live file of each partition in range that holds a row
 * of the user is rewritten without those rows, the same way a compaction swaps files (new files,
 * then the record; the old files leave after the grace, and searches stop reading them at once).
 * A compaction that ran at the same time may have copied the user's rows into a file of its own,
 * so each partition is checked again after its swap until no live file holds the user. Writes an
 * audit record (not for a dry run).
 */
export async function eraseUser(
  deps: ErasureDeps,
  request: ErasureRequest,
  onPartition: (partition: PartitionRef, rowsRemoved: number) => void = () => undefined,
): Promise<ErasureReport> {
  const partitions = selectPartitions(await deps.catalog.list(), request);
  const id = newRewriteId(deps.nowMs());
  let rowsRemoved = 0;
  let filesRewritten = 0;
  for (const partition of partitions) {
    let removedHere = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const step = await erasePartitionOnce(deps, partition, request.userId, request.dryRun ?? false);
      removedHere += step.rowsRemoved;
      filesRewritten += step.filesRewritten;
      if (step.rowsRemoved === 0 || request.dryRun) break;
    }
    rowsRemoved += removedHere;
    onPartition(partition, removedHere);
  }
  const report: ErasureReport = {
    version: 1,
    id,
    at: new Date(deps.nowMs()).toISOString(),
    app: request.app,
    userId: request.userId,
    fromDate: request.fromDate ?? null,
    toDate: request.toDate ?? null,
    dryRun: request.dryRun ?? false,
    partitions: partitions.length,
    rowsRemoved,
    filesRewritten,
  };
  if (!request.dryRun) await deps.store.put(erasureAuditKey(id), `${JSON.stringify(report)}\n`);
  return report;
}

async function erasePartitionOnce(
  deps: ErasureDeps,
  partition: PartitionRef,
  userId: string,
  dryRun: boolean,
): Promise<{ rowsRemoved: number; filesRewritten: number }> {
  const { keys } = await livePartitionFiles(deps.store, partition);
  if (keys.length === 0) return { rowsRemoved: 0, filesRewritten: 0 };
  const copies = await localCopies(deps.store, keys);
  try {
    const result = await deps.rewriter.rewrite(copies.paths, {
      maxRowsPerFile: deps.maxRowsPerFile,
      dropUserId: userId,
    });
    try {
      if (result.erasedRows === 0 || dryRun) return { rowsRemoved: result.erasedRows, filesRewritten: 0 };
      await swapFiles(deps, partition, await hashLocalCopies(keys, copies.paths), result, 'erasure');
      return { rowsRemoved: result.erasedRows, filesRewritten: keys.length };
    } finally {
      await result.release();
    }
  } finally {
    await copies.release();
  }
}
