import { performance } from 'node:perf_hooks';
import {
  type PartitionRef,
  partitionKey,
  type SearchOkReply,
  type SearchRequest,
  type SearchRow,
} from '@rireki/contracts';
import {
  type PartitionRowCount,
  type QueryEngine,
  QueryEngineError,
  type SqlStatement,
  type TableSource,
} from '@rireki/ports';
import { decodeCursor, encodeCursor, type RowKey, searchHash } from './cursor.js';
import { SearchError } from './SearchError.js';
import { filterConditions, textCondition } from './sql/filterConditions.js';
import { fetchSizeFor, pageQuery, type SearchMatch, totalQuery } from './sql/searchQueries.js';
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
  const conditions = filterConditions(request.filters ?? {}, engine.dialect);
  if (request.text !== undefined) conditions.push(textCondition(request.text, engine.dialect));
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
  source: SqlStatement,
  match: SearchMatch,
  order: SearchRequest['order'],
  limit: number,
  start: RowKey | null,
): Promise<{ hits: SearchHit[]; more: boolean }> {
  // Room for the next page's first row and some folded copies, rounded up to a fixed page size.
  const fetchSize = fetchSizeFor(limit + 1 + Math.ceil(limit / 10) + 8);
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

/**
 * Every matching event once. With no filter or text, a partition that the engine knows holds no
 * copies, and whose rows all fall in the range and the snapshot, counts its rows from file metadata
 * alone; the other partitions are counted by the query.
 */
async function countTotal(run: EngineCalls, source: TableSource, match: SearchMatch): Promise<number> {
  const { scope } = match;
  const whole =
    match.conditions.length === 0
      ? (await run.rowCounts(scope.partitions)).filter(
          (count) =>
            count.minOccurredAtMs >= scope.fromMs &&
            count.maxOccurredAtMs < scope.toMs &&
            count.maxReceivedAtMs <= match.snapshotMs,
        )
      : [];
  if (whole.length === 0) return queryTotal(run, source, match);
  const counted = new Set(whole.map((count) => partitionKey(count.partition)));
  const rest = scope.partitions.filter((partition) => !counted.has(partitionKey(partition)));
  const restSource = rest.length === 0 ? null : await run.narrow(source, rest);
  const fromFiles = whole.reduce((sum, count) => sum + count.rows, 0);
  if (restSource === null) return fromFiles;
  return fromFiles + (await queryTotal(run, restSource, { ...match, scope: { ...scope, partitions: rest } }));
}

async function queryTotal(run: EngineCalls, source: TableSource, match: SearchMatch): Promise<number> {
  const [row] = await run.query(totalQuery(source, match, run.engine.dialect));
  const total = row?.total;
  if (typeof total !== 'number') throw new SearchError('INTERNAL', 'the engine returned no count');
  return total;
}

function sameKey(a: RowKey, b: RowKey): boolean {
  return a.occurredAtMs === b.occurredAtMs && a.eventId === b.eventId && a.app === b.app;
}

function reply(
  page: { rows: SearchRow[]; nextCursor: string | null; total: number | undefined },
  run: EngineCalls,
): SearchOkReply {
  const stats: SearchOkReply['stats'] = { engine: run.engine.name, elapsedMs: run.elapsedMs() };
  if (run.bytesScanned !== undefined) stats.bytesScanned = run.bytesScanned;
  const out: SearchOkReply = { ok: true, rows: page.rows, nextCursor: page.nextCursor, stats };
  if (page.total !== undefined) out.total = page.total;
  return out;
}

/** The engine calls of one search: its deadline, its stats, and failures turned into SearchErrors. */
class EngineCalls {
  readonly engine: QueryEngine;
  readonly #started = performance.now();
  readonly #deadline: number;
  bytesScanned: number | undefined;

  constructor(engine: QueryEngine, deadline: number) {
    this.engine = engine;
    this.#deadline = deadline;
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.#started);
  }

  async source(partitions: readonly PartitionRef[]): Promise<TableSource | null> {
    this.#remainingMs();
    try {
      return await this.engine.source(partitions);
    } catch (error) {
      throw failure(error);
    }
  }

  /** The source of part of a search's partitions: the same listing narrowed, or a new one. */
  async narrow(source: TableSource, partitions: readonly PartitionRef[]): Promise<TableSource | null> {
    return source.narrow === undefined ? this.source(partitions) : source.narrow(partitions);
  }

  /** What the engine's file metadata says of these partitions; none when it cannot tell. */
  async rowCounts(partitions: readonly PartitionRef[]): Promise<readonly PartitionRowCount[]> {
    const timeoutMs = this.#remainingMs();
    if (this.engine.partitionRowCounts === undefined) return [];
    try {
      return await this.engine.partitionRowCounts(partitions, { timeoutMs });
    } catch (error) {
      throw failure(error);
    }
  }

  async query(statement: SqlStatement): Promise<ReadonlyArray<Readonly<Record<string, unknown>>>> {
    const timeoutMs = this.#remainingMs();
    try {
      const result = await this.engine.query(statement, { timeoutMs });
      if (result.bytesScanned !== undefined)
        this.bytesScanned = (this.bytesScanned ?? 0) + result.bytesScanned;
      return result.rows;
    } catch (error) {
      throw failure(error);
    }
  }

  #remainingMs(): number {
    const remaining = Math.floor(this.#deadline - performance.now());
    if (remaining <= 0) throw timedOut();
    return remaining;
  }
}

function timedOut(cause?: unknown): SearchError {
  return new SearchError('TIMEOUT', 'the search did not finish within its time budget', { cause });
}

function failure(error: unknown): SearchError {
  if (error instanceof SearchError) return error;
  if (error instanceof QueryEngineError && error.timedOut) return timedOut(error);
  return new SearchError('ENGINE_ERROR', 'the query engine could not run the search', { cause: error });
}
