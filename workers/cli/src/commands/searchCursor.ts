import type { FieldProblem } from '@rireki/contracts';

/** The search range a printed cursor continues, so that `--cursor` alone picks up where it stopped. */
export interface CursorRange {
  readonly from: string;
  readonly to: string;
}

const PREFIX = 'r1';
const BASE = 36;
const PART = /^[0-9a-z]+$/;

/**
 * The cursor the CLI prints: the range of the search (whose default `--to` is "now", different on
 * every run) and the query worker's own cursor, `r1.<from>.<to>.<cursor>` with the times in
 * base-36 milliseconds. The worker's cursors are base64url, without dots.
 */
export function printedCursor(range: CursorRange, serverCursor: string): string {
  const ms = (iso: string) => Date.parse(iso).toString(BASE);
  return [PREFIX, ms(range.from), ms(range.to), serverCursor].join('.');
}

/**
 * A `--cursor` as given: a printed cursor gives its range and the worker's cursor; anything else
 * is passed on as the worker's cursor (an SDK's nextCursor), whose range must come from the flags.
 */
export function readCursor(
  given: string,
): { readonly cursor: string; readonly range?: CursorRange } | { readonly problem: FieldProblem } {
  if (!given.startsWith(`${PREFIX}.`)) return { cursor: given };
  const [, from, to, cursor, ...rest] = given.split('.');
  const instant = (part: string | undefined) =>
    part !== undefined && PART.test(part) ? new Date(Number.parseInt(part, BASE)) : undefined;
  const fromAt = instant(from);
  const toAt = instant(to);
  if (fromAt && toAt && !Number.isNaN(fromAt.getTime() + toAt.getTime()) && cursor && rest.length === 0) {
    return { cursor, range: { from: fromAt.toISOString(), to: toAt.toISOString() } };
  }
  return {
    problem: { path: '--cursor', message: 'is not a cursor printed by rireki search (it may be cut short)' },
  };
}
