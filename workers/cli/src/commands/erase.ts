import { type Env, type FieldProblem, partitionPath } from '@rireki/contracts';
import { type ErasureReport, eraseUser } from '@rireki/maintenance';
import { plural } from '../plural.js';
import { selectionOf } from './maintenanceFlags.js';
import { openMaintainedLake } from './openMaintainedLake.js';

export interface EraseOptions {
  readonly app: string;
  readonly user: string;
  readonly from?: string;
  readonly to?: string;
  readonly dryRun: boolean;
}

/**
 * `rireki erase`: removes one user's events of one app from the lake the maintenance worker would
 * maintain (the same RIREKI_* settings: the local data directory, or an S3 lake and its catalog
 * with RIREKI_MODE=aws and the AWS credential chain). Reports each partition as it goes on `log`.
 */
export async function runErase(
  env: Env,
  options: EraseOptions,
  log: (line: string) => void,
): Promise<ErasureReport> {
  const userProblems: FieldProblem[] =
    options.user.trim() === '' ? [{ path: '--user', message: 'must be a user id (got "")' }] : [];
  const selection = selectionOf(options, userProblems);
  const lake = await openMaintainedLake(env);
  try {
    return await eraseUser(
      {
        store: lake.store,
        ledger: lake.ledger,
        catalog: lake.catalog,
        rewriter: lake.rewriter,
        maxRowsPerFile: lake.config.compaction.maxRowsPerFile,
        replacedGraceMs: lake.config.replacedGraceMs,
        nowMs: Date.now,
      },
      { ...selection, app: options.app, userId: options.user, dryRun: options.dryRun },
      (partition, rows) =>
        log(
          `${partitionPath(partition)}: ${plural(rows, 'row')} ${options.dryRun ? 'would be removed' : 'removed'}`,
        ),
    );
  } finally {
    await lake.close();
  }
}
