import { randomUUID } from 'node:crypto';
import { type FileLedger, livePartitionFiles } from '@rireki/adapters';
import {
  LAKE_AREAS,
  newRewriteId,
  type PartitionRef,
  type Replacement,
  replayMarkerPlace,
  utcDate,
} from '@rireki/contracts';
import type { ObjectStore, PartitionCatalog } from '@rireki/ports';
import { hashStoredFiles } from './hashFiles.js';
import type { RetentionPolicy } from './retentionPolicy.js';
import { intendRewrite, writeReplacement } from './swapFiles.js';

const DAY_MS = 86_400_000;

export interface RetentionDeps {
  readonly store: ObjectStore;
  /** Where each retirement and expiry is recorded before it happens (the digest chain). */
  readonly ledger: FileLedger;
  readonly catalog: PartitionCatalog;
  readonly replacedGraceMs: number;
  readonly nowMs: () => number;
}

/**
 * Retires an expired partition the way a rewrite replaces files: a retention record replaces every
 * live file with none, so searches stop reading them at once; removeReplaced deletes the files
 * after the grace, then removes the partition from the catalog, then the record. Returns the
 * record, or null when the partition held no file and only left the catalog.
 */
export async function retirePartition(
  deps: RetentionDeps,
  partition: PartitionRef,
): Promise<Replacement | null> {
  const { keys, replacements } = await livePartitionFiles(deps.store, partition);
  // Already retired: the record in place finishes the job.
  if (replacements.some((record) => record.reason === 'retention') && keys.length === 0) return null;
  if (keys.length === 0) {
    await deps.catalog.remove(partition);
    return null;
  }
  const rewriteId = newRewriteId(deps.nowMs());
  const replaced = await hashStoredFiles(deps.store, keys);
  const rows = { rowsIn: 0, rowsOut: 0, erasedRows: 0 };
  const id = await intendRewrite(deps, partition, rewriteId, 'retention', replaced, [], rows);
  const record = await writeReplacement(deps, partition, rewriteId, {
    reason: 'retention',
    replaced: keys,
    written: [],
    ...rows,
  });
  deps.ledger.done(id);
  return record;
}

/**
 * The files of the quarantine and results areas written before their retention, by the `dt=`
 * folder they were written under.
 */
export async function expiredAreaFiles(
  store: ObjectStore,
  policy: RetentionPolicy,
  nowMs: number,
): Promise<string[]> {
  const expired: string[] = [];
  for (const [area, days] of [
    [LAKE_AREAS.quarantine, policy.quarantineDays],
    [LAKE_AREAS.results, policy.resultsDays],
  ] as const) {
    const firstKept = utcDate(nowMs - days * DAY_MS);
    for (const key of await store.list(area)) {
      const dt = /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
      if (dt !== undefined && dt < firstKept) expired.push(key);
    }
  }
  return expired;
}

/**
 * Deletes the expired files of the quarantine and results areas (see expiredAreaFiles). Nothing
 * reads them but an operator and a requester following a pointer within seconds, so they go
 * without a grace. Returns the files deleted.
 */
export async function expireAreas(
  deps: { readonly store: ObjectStore; readonly ledger: FileLedger },
  policy: RetentionPolicy,
  nowMs: number,
): Promise<number> {
  const { store, ledger } = deps;
  const expired = await expiredAreaFiles(store, policy, nowMs);
  // Quarantine files are in the digest chain; search results are not.
  const quarantine = expired.filter(
    (key) => key.startsWith(`${LAKE_AREAS.quarantine}/`) && replayMarkerPlace(key) === null,
  );
  const id = randomUUID();
  if (quarantine.length > 0)
    await ledger.intend({
      id,
      at: new Date(nowMs).toISOString(),
      op: 'expire',
      reason: 'retention',
      removed: await hashStoredFiles(store, quarantine),
    });
  for (const key of expired) await store.delete(key);
  if (quarantine.length > 0) ledger.done(id);
  return expired.length;
}
