import type { FieldProblem } from '@rireki/contracts';

/** Exit status of a command line that cannot run as given, as commander's own usage errors. */
export const EXIT_USAGE = 2;

/** Flags that cannot work together or name bad input: every problem, each naming its flag. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly problems: readonly FieldProblem[];

  constructor(problems: readonly FieldProblem[]) {
    super(problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
    this.problems = problems;
  }
}
