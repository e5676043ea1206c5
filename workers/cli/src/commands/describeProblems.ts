import type { FieldProblem } from '@rireki/contracts';

// Enough of a value to recognise it on the line of the file, not a dump of a 256 KiB blob.
const MAX_SHOWN_CHARS = 60;

/**
 * One line's reasons: each problem with its field, what the contract accepts (the problem's
 * message) and what the line gave, e.g. `status: expected number, received string (given "200")`.
 * Problems of the whole event (its size) or of several fields (the extra fields' nesting) name no
 * single value, so they show none.
 */
export function describeProblems(
  event: Readonly<Record<string, unknown>>,
  problems: readonly FieldProblem[],
): string {
  return problems
    .map((problem) => {
      const field = problem.path === '' ? 'event' : problem.path;
      const given = givenAt(event, problem.path);
      return `${field}: ${problem.message}${given === undefined ? '' : ` (given ${given})`}`;
    })
    .join('; ');
}

function givenAt(event: Readonly<Record<string, unknown>>, path: string): string | undefined {
  if (path === '' || path === 'extra fields') return undefined;
  let value: unknown = event;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return 'nothing';
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined) return 'nothing';
  const shown = JSON.stringify(value) ?? String(value);
  return shown.length > MAX_SHOWN_CHARS ? `${shown.slice(0, MAX_SHOWN_CHARS)}…` : shown;
}
