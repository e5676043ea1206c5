import type { FieldProblem } from '@rireki/contracts';

/** The search range a printed cursor continues, so that `--cursor` alone picks up where it stopped. */
export interface CursorRange {
  readonly from: string;
  readonly to: string;
}

const PREFIX = 'r1.';

/**
 * The cursor the CLI prints: the range of the search (whose default `--to` is "now", different on
 * every run) and the query worker's own cursor. The worker's cursors are base64url without dots,
 * so the prefix tells the two apart.
 */
export function printedCursor(range: CursorRange, serverCursor: string): string {
  const json = JSON.stringify([range.from, range.to, serverCursor]);
  return `${PREFIX}${Buffer.from(json, 'utf8').toString('base64url')}`;
}

/**
 * A `--cursor` as given: a printed cursor gives its range and the worker's cursor; anything else
 * is passed on as the worker's cursor (an SDK's nextCursor), whose range must come from the flags.
 */
export function readCursor(
  given: string,
): { readonly cursor: string; readonly range?: CursorRange } | { readonly problem: FieldProblem } {
  if (!given.startsWith(PREFIX)) return { cursor: given };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(given.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((part) => typeof part === 'string' && part.length > 0)
  ) {
    const [from, to, cursor] = value as [string, string, string];
    return { cursor, range: { from, to } };
  }
  return {
    problem: { path: '--cursor', message: 'is not a cursor printed by rireki search (it may be cut short)' },
  };
}
