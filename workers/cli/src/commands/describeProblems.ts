import type { FieldProblem } from '@rireki/contracts';

/**
 * One line's reasons: each problem with its field, what the contract accepts and what the line
 * gave, as the contract words them (`status: must be an integer (got "200")`). A problem of the
 * whole event (its size) is the event's.
 */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems
    .map((problem) => `${problem.path === '' ? 'event' : problem.path}: ${problem.message}`)
    .join('; ');
}
