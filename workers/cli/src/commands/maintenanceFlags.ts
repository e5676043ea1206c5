import { APP_CODE_PATTERN, type FieldProblem } from '@rireki/contracts';
import type { PartitionSelection } from '@rireki/maintenance';
import { UsageError } from '../flags/UsageError.js';

/** The flags that pick partitions, as given on the command line. */
export interface SelectionFlags {
  readonly app?: string;
  readonly from?: string;
  readonly to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date that exists: Date.parse takes 2026-02-30 as March 2nd, so the date must come back unchanged. */
function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** Every problem with the selection flags, each naming its flag and what it was given. */
export function selectionProblems(flags: SelectionFlags): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (flags.app !== undefined && !APP_CODE_PATTERN.test(flags.app)) {
    problems.push({
      path: '--app',
      message: `must be an app code matching ${APP_CODE_PATTERN.source} (got "${flags.app}")`,
    });
  }
  for (const [flag, value] of [
    ['--from', flags.from],
    ['--to', flags.to],
  ] as const) {
    if (value !== undefined && !isCalendarDate(value)) {
      problems.push({ path: flag, message: `must be a UTC date, YYYY-MM-DD (got "${value}")` });
    }
  }
  if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to) {
    problems.push({ path: '--to', message: `must not be before --from (got ${flags.to} < ${flags.from})` });
  }
  return problems;
}

/** The selection the flags name; throws a UsageError naming every bad flag. */
export function selectionOf(flags: SelectionFlags, extra: FieldProblem[] = []): PartitionSelection {
  const problems = [...selectionProblems(flags), ...extra];
  if (problems.length > 0) throw new UsageError(problems);
  return {
    ...(flags.app === undefined ? {} : { app: flags.app }),
    ...(flags.from === undefined ? {} : { fromDate: flags.from }),
    ...(flags.to === undefined ? {} : { toDate: flags.to }),
  };
}
