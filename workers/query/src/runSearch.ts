import { performance } from 'node:perf_hooks';
import type { PartitionRef, SearchOkReply, SearchRequest, SearchRow } from '@rireki/contracts';
import type { QueryEngine, TableSource } from '@rireki/ports';
import { countTotal } from './countTotal.js';
import { decodeCursor, encodeCursor, type RowKey, searchHash } from './cursor.js';
import { EngineCalls } from './EngineCalls.js';
import { matchConditions } from './sql/filterConditions.js';
import { fetchSizeFor, pageQuery, type SearchMatch } from './sql/searchQueries.js';
import { searchScope } from './sql/searchScope.js';
import { rowKeyOf, type SearchHit, toSearchHit } from './sql/toSearchHit.js';

export interface RunSearchOptions {
  /** The apps this requester may search, already intersected with request.app by the caller (non-empty). */
  readonly apps: readonly string[];
  /** Clock for the snapshot time of a first page. */
  readonly nowMs: number;
  /** Overall budget; past it throw SearchError('TIMEOUT'). */
  readonly timeoutMs: number;
}

/**
 * Runs one page of a validated search on the engine: the rows of the allowed apps in the range
 * that pass every filter, each event once however many copies the lake holds, in order, after the
 * cursor's row, as of the first page's snapshot. Throws SearchError: INVALID_REQUEST,
 * INVALID_CURSOR, ENGINE_ERROR (the engine's words stay in `cause`), TIMEOUT.
 */
export async function runSearch(
  engine: QueryEngine,
  request: SearchRequest,
  options: RunSearchOptions,
): Promise<SearchOkReply> {
  const run = new EngineCalls(engine, performance.now() + options.timeoutMs);
  const scope = searchScope(request, options.apps);
  const conditions = matchConditions(request, engine.dialect);
  const requestHash = searchHash(request);
  const cursor = request.cursor === undefined ? null : decodeCursor(request.cursor, request);
  const snapshotMs = cursor?.snapshotMs ?? options.nowMs;

  const source = scope.partitions.length === 0 ? null : await run.source(scope.partitions);
  if (source === null) {
    return reply({ rows: [], nextCursor: null, total: request.includeTotal ? 0 : undefined }, run);
  }
  const match: SearchMatch = { scope, snapshotMs, conditions };
  const [page, total] = await Promise.all([
    fetchPage(run, source, match, request.order, request.limit, cursor?.after ?? null),
    request.includeTotal ? countTotal(run, source, match) : undefined,
  ]);
  const last = page.hits.at(-1);
  const nextCursor =
    page.more && last
      ? encodeCursor({ after: last.key, order: request.order, snapshotMs, requestHash })
      : null;
  return reply({ rows: page.hits.map((hit) => hit.row), nextCursor, total }, run);
}

/**
 * One page. An unfiltered first page over several days reads the day it starts with first: days
 * are partitions of occurred_at, so when that day fills the page, no other day can come before
 * its rows, and the other days are not read at all (a 31-day listing newest first reads one day).
 * Otherwise the remaining days follow in one query. Filtered searches, whose rows may be few in
 * every day, and later pages read all their days at once.
 */
async function fetchPage(
  run: EngineCalls,
  source: TableSource,
  match: SearchMatch,
  order: SearchRequest['order'],
  limit: number,
  start: RowKey | null,
): Promise<{ hits: SearchHit[]; more: boolean }> {
  const dates = [...new Set(match.scope.partitions.map((partition) => partition.dt))].sort();
  if (start !== null || match.conditions.length > 0 || dates.length < 2) {
    return fetchRows(run, source, match, order, limit, start);
  }
  const firstDate = order === 'desc' ? dates.at(-1) : dates[0];
  const head = match.scope.partitions.filter((partition) => partition.dt === firstDate);
  const rest = match.scope.partitions.filter((partition) => partition.dt !== firstDate);
  const within = (partitions: readonly PartitionRef[]): SearchMatch => ({
    ...match,
    scope: { ...match.scope, partitions },
  });
  const headSource = await run.narrow(source, head);
  const first =
    headSource === null
      ? { hits: [], more: false }
      : await fetchRows(run, headSource, within(head), order, limit, null);
  if (first.more) return first;
  const restSource = await run.narrow(source, rest);
  if (restSource === null) return first;
  // Copies of an event share its day, so nothing folds across the two reads.
  const next = await fetchRows(run, restSource, within(rest), order, limit - first.hits.length, null);
  return { hits: [...first.hits, ...next.hits], more: next.more };
}

/**
 * Rows in order, each event once. Copies of an event sort next to each other, so dropping a row
 * equal to the one before it is enough, with no window over every match. A few rows beyond the page
 * absorb copies; when copies still leave the page short, the next fetch starts past the last row read.
 */
async function fetchRows(
  run: EngineCalls,
  source: TableSource,
  match: SearchMatch,
  order: SearchRequest['order'],
  limit: number,
  start: RowKey | null,
): Promise<{ hits: SearchHit[]; more: boolean }> {
  // Room for the next page's first row and, where the rows may hold copies, some that fold away,
  // rounded up to a fixed page size. Every row the engine reads past the page costs: a top-N of 2
  // over a compacted day took half the time of a top-N of 16, most of it in reading wide columns.
  const slack = mayHoldCopies(source) ? Math.ceil(limit / 10) + 8 : 0;
  const fetchSize = fetchSizeFor(limit + 1 + slack);
  const hits: SearchHit[] = [];
  let after = start;
  let exhausted = false;
  while (hits.length <= limit && !exhausted) {
    const rows = await run.query(
      pageQuery(source, match, run.engine.dialect, { order, after, limit: fetchSize }),
    );
    for (const raw of rows) {
      const key = rowKeyOf(raw);
      const previous = hits.at(-1)?.key;
      if (previous && sameKey(previous, key)) continue;
      hits.push(toSearchHit(raw));
    }
    const lastRow = rows.at(-1);
    if (lastRow) after = rowKeyOf(lastRow);
    exhausted = rows.length < fetchSize;
  }
  return { hits: hits.slice(0, limit), more: hits.length > limit };
}

/** False only where the engine knows every row of the source to be a different event. */
function mayHoldCopies(source: TableSource): boolean {
  return source.parts === undefined || source.parts.mixed !== null;
}

function sameKey(a: RowKey, b: RowKey): boolean {
  return a.occurredAtMs === b.occurredAtMs && a.eventId === b.eventId && a.app === b.app;
}

function reply(
  page: { rows: SearchRow[]; nextCursor: string | null; total: number | undefined },
  run: EngineCalls,
): SearchOkReply {
  const out: SearchOkReply = { ok: true, rows: page.rows, nextCursor: page.nextCursor, stats: run.stats() };
  if (page.total !== undefined) out.total = page.total;
  return out;
}
