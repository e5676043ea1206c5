import { readFile } from 'node:fs/promises';
import {
  newRewriteId,
  type PartitionRef,
  type Replacement,
  replacementKey,
  rewrittenFileKey,
} from '@rireki/contracts';
import type { ObjectStore, RewriteResult } from '@rireki/ports';

export interface SwapDeps {
  readonly store: ObjectStore;
  readonly replacedGraceMs: number;
  readonly nowMs: () => number;
}

/**
 * The swap every rewrite ends with: its new files stored, each whole, then the replacement record
 * that makes readers use them instead of `replaced`. `onStored` runs between the two (a step a
 * crash can fall on). Returns the record and the bytes stored.
 */
export async function swapFiles(
  deps: SwapDeps,
  partition: PartitionRef,
  replaced: readonly string[],
  result: RewriteResult,
  reason: Replacement['reason'],
  onStored: (rewriteId: string, files: number) => void = () => undefined,
): Promise<{ record: Replacement; bytesAfter: number }> {
  const rewriteId = newRewriteId(deps.nowMs());
  const written: string[] = [];
  let bytesAfter = 0;
  for (const [index, file] of result.files.entries()) {
    const key = rewrittenFileKey(partition, rewriteId, index);
    const bytes = await readFile(file);
    await deps.store.put(key, bytes);
    bytesAfter += bytes.byteLength;
    written.push(key);
  }
  onStored(rewriteId, written.length);
  const record = await writeReplacement(deps, partition, rewriteId, {
    reason,
    replaced,
    written,
    rowsIn: result.rowsIn,
    rowsOut: result.rowsOut,
  });
  return { record, bytesAfter };
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
