import { ConfigError, collectProblems, type Env, type FieldProblem } from '@rireki/contracts';
import { loadIngestConfig } from '@rireki/ingest';
import { loadMaintenanceConfig } from '@rireki/maintenance';
import { loadQueryConfig } from '@rireki/query';

/**
 * Parses every worker's configuration from the environment they will be given, before the stack
 * starts them: a bad RIREKI_* value stops `rireki up` with the variable's name, instead of a
 * worker that exits at once and is restarted forever. Throws one ConfigError naming every problem;
 * a variable that both workers read is named once.
 */
export function checkWorkerConfig(env: Env): void {
  const problems: FieldProblem[] = [];
  collectProblems(problems, () => loadIngestConfig(env));
  collectProblems(problems, () => loadQueryConfig(env));
  collectProblems(problems, () => loadMaintenanceConfig(env));
  const unique = [...new Map(problems.map((p) => [`${p.path}\n${p.message}`, p])).values()];
  if (unique.length > 0) throw new ConfigError(unique);
}
