import { type Replacement, toRirekiError } from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';
import { expireAreas, retirePartition } from './applyRetention.js';
import { type CompactionDeps, compactionStats, compactPartition } from './compactPartition.js';
import type { MaintenanceEvents } from './events.js';
import { removeReplaced } from './removeReplaced.js';
import { firstKeptDate, isExpired, type RetentionPolicy } from './retentionPolicy.js';

export interface PassDeps extends CompactionDeps {
  readonly catalog: PartitionCatalog;
  readonly retention: RetentionPolicy;
  readonly events: MaintenanceEvents;
  /** Stops the pass between partitions (shutdown). */
  readonly stopping: () => boolean;
}

export interface PassReport {
  readonly partitions: number;
  readonly compacted: number;
  readonly retired: number;
  readonly removed: number;
  readonly failed: number;
}

/**
 * One pass over every registered partition: first remove what earlier rewrites replaced once their
 * grace has passed, then retire the partition if retention expired it, or else compact it if it
 * qualifies; last, expire the quarantine and results areas. A partition that fails is logged and
 * left for the next pass; the others go on.
 */
export async function runPass(deps: PassDeps): Promise<PassReport> {
  const started = deps.nowMs();
  const partitions = await deps.catalog.list();
  let compacted = 0;
  let retired = 0;
  let removed = 0;
  let failed = 0;
  for (const partition of partitions) {
    if (deps.stopping()) break;
    try {
      const removing = (record: Replacement) =>
        deps.events.removing({ ...partition, rewriteId: record.id, files: record.replaced.length });
      for (const record of await removeReplaced(
        deps.store,
        deps.catalog,
        partition,
        deps.nowMs(),
        removing,
      )) {
        removed++;
        deps.events.removed({
          ...partition,
          rewriteId: record.id,
          reason: record.reason,
          files: record.replaced.length,
        });
      }
      if (isExpired(deps.retention, partition, deps.nowMs())) {
        const record = await retirePartition(deps, partition);
        if (record) {
          retired++;
          const kept = firstKeptDate(deps.retention, partition.app, deps.nowMs()) ?? '';
          deps.events.retired({ ...partition, files: record.replaced.length, firstKeptDate: kept });
        }
        continue;
      }
      const partitionStarted = deps.nowMs();
      const outcome = await compactPartition({ ...deps, steps: deps.events }, partition);
      if (outcome.compacted) {
        compacted++;
        deps.events.compacted({
          ...partition,
          ...compactionStats(outcome),
          rewriteId: outcome.record.id,
          ms: deps.nowMs() - partitionStarted,
        });
      }
    } catch (thrown) {
      failed++;
      const error = toRirekiError(thrown);
      deps.events.failed({
        ...partition,
        code: error.code,
        retryable: error.retryable,
        error: error.message,
      });
    }
  }
  if (!deps.stopping()) {
    const files = await expireAreas(deps, deps.retention, deps.nowMs());
    if (files > 0) deps.events.areasExpired({ files });
  }
  const report = { partitions: partitions.length, compacted, retired, removed, failed };
  deps.events.pass({ ...report, ms: deps.nowMs() - started });
  return report;
}
