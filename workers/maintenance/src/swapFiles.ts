import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describeFile, type FileLedger } from '@rireki/adapters';
import {
  type DigestFile,
  newRewriteId,
  type PartitionRef,
  type RemovedFile,
  type Replacement,
  replacementKey,
  rewrittenFileKey,
} from '@rireki/contracts';
import type { ObjectStore, RewriteResult } from '@rireki/ports';

export interface SwapDeps {
  readonly store: ObjectStore;
  /** Where each rewrite is recorded before its files are stored (the digest chain). */
  readonly ledger: FileLedger;
  readonly replacedGraceMs: number;
  readonly nowMs: () => number;
}

/**
 * The swap every rewrite ends with: its record in the ledger (the files it replaces, by hash, and
 * the files it adds), its new files stored, each whole, then the replacement record that makes
 * readers use them instead of `replaced`. `onStored` runs between the last two (a step a crash
 * can fall on). Returns the record and the bytes stored.
 */
export async function swapFiles(
  deps: SwapDeps,
  partition: PartitionRef,
  replaced: readonly RemovedFile[],
  result: RewriteResult,
  reason: Replacement['reason'],
  onStored: (rewriteId: string, files: number) => void = () => undefined,
): Promise<{ record: Replacement; bytesAfter: number }> {
  const rewriteId = newRewriteId(deps.nowMs());
  const added: DigestFile[] = [];
  for (const [index, file] of result.files.entries()) {
    const stats = result.fileStats[index] ?? null;
    added.push(
      describeFile(
        rewrittenFileKey(partition, rewriteId, index),
        await readFile(file),
        stats?.rows ?? 0,
        stats,
      ),
    );
  }
  const id = await intendRewrite(deps, partition, rewriteId, reason, replaced, added, result);
  let bytesAfter = 0;
  for (const [index, file] of result.files.entries()) {
    const bytes = await readFile(file);
    await deps.store.put(added[index]?.key ?? '', bytes);
    bytesAfter += bytes.byteLength;
  }
  onStored(rewriteId, added.length);
  const record = await writeReplacement(deps, partition, rewriteId, {
    reason,
    replaced: replaced.map((file) => file.key),
    written: added.map((file) => file.key),
    rowsIn: result.rowsIn,
    rowsOut: result.rowsOut,
  });
  deps.ledger.done(id);
  return { record, bytesAfter };
}

/** Records a rewrite in the ledger before any of it happens; returns the record's id. */
export async function intendRewrite(
  deps: Pick<SwapDeps, 'ledger' | 'nowMs'>,
  partition: PartitionRef,
  rewriteId: string,
  reason: Replacement['reason'],
  replaced: readonly RemovedFile[],
  added: readonly DigestFile[],
  rows: { readonly rowsIn: number; readonly rowsOut: number; readonly erasedRows: number },
): Promise<string> {
  const id = randomUUID();
  await deps.ledger.intend({
    id,
    at: new Date(deps.nowMs()).toISOString(),
    op: 'rewrite',
    reason,
    app: partition.app,
    dt: partition.dt,
    rewriteId,
    removed: [...replaced],
    added: [...added],
    rowsIn: rows.rowsIn,
    rowsOut: rows.rowsOut,
    rowsErased: reason === 'erasure' ? rows.erasedRows : 0,
  });
  return id;
}

/**
 * Writes the replacement record of rewrite `rewriteId`: from then on readers use `written` instead
 * of `replaced`, which may go once `replacedGraceMs` has passed. The one place a record is made.
 */
export async function writeReplacement(
  deps: SwapDeps,
  partition: PartitionRef,
  rewriteId: string,
  what: {
    readonly reason: Replacement['reason'];
    readonly replaced: readonly string[];
    readonly written: readonly string[];
    readonly rowsIn: number;
    readonly rowsOut: number;
  },
): Promise<Replacement> {
  const createdAt = deps.nowMs();
  const record: Replacement = {
    version: 1,
    id: rewriteId,
    app: partition.app,
    dt: partition.dt,
    reason: what.reason,
    replaced: [...what.replaced],
    written: [...what.written],
    rowsIn: what.rowsIn,
    rowsOut: what.rowsOut,
    createdAt: new Date(createdAt).toISOString(),
    removeAfter: new Date(createdAt + deps.replacedGraceMs).toISOString(),
  };
  await deps.store.put(replacementKey(partition, rewriteId), `${JSON.stringify(record)}\n`);
  return record;
}
