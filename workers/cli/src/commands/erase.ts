import { DuckDbPartitionRewriter, openObjectStore, openPartitionCatalog } from '@rireki/adapters';
import { APP_CODE_PATTERN, ConfigError, type Env, type FieldProblem, partitionPath } from '@rireki/contracts';
import { type ErasureReport, eraseUser, loadMaintenanceConfig } from '@rireki/maintenance';

export interface EraseOptions {
  readonly app: string;
  readonly user: string;
  readonly from?: string;
  readonly to?: string;
  readonly dryRun: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every problem with the flags at once, each naming its flag and what it was given. */
function flagProblems(options: EraseOptions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!APP_CODE_PATTERN.test(options.app)) {
    problems.push({
      path: '--app',
      message: `must be an app code matching ${APP_CODE_PATTERN.source} (got "${options.app}")`,
    });
  }
  if (options.user.trim() === '') problems.push({ path: '--user', message: 'must be a user id (got "")' });
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined && !(DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
      problems.push({ path: flag, message: `must be a UTC date, YYYY-MM-DD (got "${value}")` });
    }
  }
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    problems.push({
      path: '--to',
      message: `must not be before --from (got ${options.to} < ${options.from})`,
    });
  }
  return problems;
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
  const problems = flagProblems(options);
  if (problems.length > 0) throw new ConfigError(problems);
  const config = loadMaintenanceConfig(env);
  const clients = {};
  const store = openObjectStore(config.lake, clients, config.region);
  const catalog = openPartitionCatalog(config.lake, clients, config.region);
  const rewriter = await DuckDbPartitionRewriter.create({ memoryLimit: config.rewriteMemoryLimit });
  try {
    return await eraseUser(
      {
        store,
        catalog,
        rewriter,
        maxRowsPerFile: config.compaction.maxRowsPerFile,
        replacedGraceMs: config.replacedGraceMs,
        nowMs: Date.now,
      },
      {
        app: options.app,
        userId: options.user,
        dryRun: options.dryRun,
        ...(options.from === undefined ? {} : { fromDate: options.from }),
        ...(options.to === undefined ? {} : { toDate: options.to }),
      },
      (partition, rows) =>
        log(`${partitionPath(partition)}: ${rows} rows ${options.dryRun ? 'would be removed' : 'removed'}`),
    );
  } finally {
    await rewriter.close();
  }
}
