import { type Env, type PartitionRef, partitionPath } from '@rireki/contracts';
import { type PartitionRetention, type RetentionSummary, retainPartitions } from '@rireki/maintenance';
import { type SelectionFlags, selectionOf } from './maintenanceFlags.js';
import { overSelectedPartitions } from './openMaintainedLake.js';

export interface RetainOptions extends SelectionFlags {
  readonly dryRun: boolean;
}

/**
 * `rireki retain`: applies RIREKI_RETENTION (and the quarantine and results retention) once to the
 * chosen partitions of the lake the maintenance worker maintains.
 */
export async function runRetain(env: Env, options: RetainOptions): Promise<RetentionSummary> {
  const label = options.dryRun ? 'checking' : 'retaining';
  return overSelectedPartitions(env, selectionOf(options), label, (lake, partitions, progress) =>
    retainPartitions(
      {
        store: lake.store,
        ledger: lake.ledger,
        catalog: lake.catalog,
        retention: lake.config.retention,
        replacedGraceMs: lake.config.replacedGraceMs,
        nowMs: Date.now,
      },
      partitions,
      { dryRun: options.dryRun },
      (partition, outcome) => progress.advance(partitionPath(partition), retentionLine(partition, outcome)),
    ),
  );
}

function retentionLine(partition: PartitionRef, outcome: PartitionRetention): string | undefined {
  const path = partitionPath(partition);
  switch (outcome.status) {
    case 'expired':
    case 'retired': {
      const verb = outcome.status === 'expired' ? 'would be retired' : 'retired';
      return `${path}: ${verb}, ${outcome.files} files (the app keeps from ${outcome.firstKeptDate})`;
    }
    case 'failed':
      return `${path}: failed: ${outcome.error.message}`;
    default:
      return undefined;
  }
}

/** The summary line a person reads at the end. */
export function retentionSummaryText(summary: RetentionSummary): string {
  const would = summary.dryRun ? 'would be ' : '';
  return (
    `${summary.dryRun ? 'dry run: ' : ''}${summary.expired} of ${summary.partitions} partitions past retention ${would}retired (${summary.files} files` +
    (summary.dryRun
      ? ')'
      : ': searches stop reading them now, the files leave after the grace, RIREKI_REPLACED_GRACE_MS)') +
    `; ${summary.replacedRemoved} earlier rewrites ${would || 'were '}finished; ${summary.areaFiles} quarantine and results files ${would || ''}deleted` +
    (summary.failed > 0 ? `; ${summary.failed} partitions failed` : '') +
    (summary.dryRun ? '; nothing changed' : '')
  );
}
