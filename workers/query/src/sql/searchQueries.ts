import type { SqlDialect, SqlStatement, TableSource } from '@rireki/ports';
import type { RowKey, SearchOrder } from '../cursor.js';
import { SELECTED_COLUMNS } from './columns.js';
import { joinSql, type SqlFragment, sql, trustedSql, valueList } from './fragment.js';
import type { SearchScope } from './searchScope.js';

/** What every page and the total of one search share. */
export interface SearchMatch {
  readonly scope: SearchScope;
  /** Rows received after this instant are left out, so later arrivals never shift a page. */
  readonly snapshotMs: number;
  /** Filter and text conditions, all of which must hold. */
  readonly conditions: readonly SqlFragment[];
}

const DIRECTION = { desc: 'DESC', asc: 'ASC' } as const;
const PAST = { desc: '<', asc: '>' } as const;
const REACHED = { desc: '<=', asc: '>=' } as const;

/**
 * One page in order, starting strictly after `after` (keyset pagination: a later page costs what
 * the first does). Copies of one event sort next to each other; the oldest received comes first.
 */
export function pageQuery(
  source: SqlStatement,
  match: SearchMatch,
  dialect: SqlDialect,
  page: { readonly order: SearchOrder; readonly after: RowKey | null; readonly limit: number },
): SqlStatement {
  const conditions = [matchCondition(match, dialect)];
  if (page.after) conditions.push(afterCondition(page.after, page.order, dialect));
  const direction = DIRECTION[page.order];
  const columns = trustedSql(SELECTED_COLUMNS.join(', '));
  const where = joinSql(conditions, ' AND ');
  const orderBy = trustedSql(
    `occurred_at ${direction}, event_id ${direction}, app ${direction}, received_at ASC`,
  );
  // Athena binds parameters only in WHERE, so the row count is written into the text; it is one of
  // the worker's own page sizes (FETCH_SIZES), never a value taken from a request.
  return sql`SELECT ${columns} FROM ${source} WHERE ${where} ORDER BY ${orderBy} ${trustedSql(`LIMIT ${fetchSizeFor(page.limit)}`)}`;
}

/** The page sizes a query may fetch: powers of two, so a request's limit only selects one of them. */
export const FETCH_SIZES = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048] as const;

/** The smallest fetch size that holds `rows` rows. */
export function fetchSizeFor(rows: number): number {
  const size = FETCH_SIZES.find((candidate) => candidate >= rows);
  if (size === undefined) throw new RangeError(`a page of ${rows} rows is more than the largest fetch size`);
  return size;
}

/**
 * Every matching event once, whatever the copies: the same (app, event_id, occurred_at) counts
 * one. Where the engine knows part of the rows to hold no copies, that part is counted as it is,
 * and only the rest by distinct keys, the aggregation a total spends its time in.
 */
export function totalQuery(source: TableSource, match: SearchMatch, dialect: SqlDialect): SqlStatement {
  const where = matchCondition(match, dialect);
  const distinctCount = (rows: SqlStatement) =>
    sql`SELECT count(*) AS total FROM (SELECT DISTINCT app, event_id, occurred_at FROM ${rows} WHERE ${where}) AS matching`;
  if (source.parts === undefined) return distinctCount(source);
  const { unique, mixed } = source.parts;
  const counts = [
    ...(unique === null ? [] : [sql`SELECT count(*) FROM ${unique} WHERE ${where}`]),
    ...(mixed === null ? [] : [distinctCount(mixed)]),
  ];
  // Each count is a scalar subquery; joinSql puts each in parentheses.
  return counts.length === 0 ? sql`SELECT 0 AS total` : sql`SELECT ${joinSql(counts, ' + ')} AS total`;
}

/** The WHERE condition of a search's rows: apps, days, range, snapshot, filters and text. */
export function matchCondition(match: SearchMatch, dialect: SqlDialect): SqlFragment {
  const { scope } = match;
  const at = (epochMs: number) => trustedSql(dialect.timestampFromEpochMs(), [epochMs]);
  const dates = scope.partitions.map((partition) => partition.dt).sort();
  return joinSql(
    [
      sql`app IN ${valueList(scope.apps)}`,
      // Athena prunes partitions on dt; DuckDB has already picked the files.
      sql`dt >= ${dates[0] ?? ''} AND dt <= ${dates.at(-1) ?? ''}`,
      sql`occurred_at >= ${at(scope.fromMs)} AND occurred_at < ${at(scope.toMs)}`,
      sql`received_at <= ${at(match.snapshotMs)}`,
      ...match.conditions,
    ],
    ' AND ',
  );
}

/** Strictly past a row in the order: (occurred_at, event_id, app) < key, or > for asc. */
function afterCondition(key: RowKey, order: SearchOrder, dialect: SqlDialect): SqlFragment {
  const at = () => trustedSql(dialect.timestampFromEpochMs(), [key.occurredAtMs]);
  const past = trustedSql(PAST[order]);
  const reached = trustedSql(REACHED[order]);
  const idPast = sql`event_id ${past} ${key.eventId} OR (event_id = ${key.eventId} AND app ${past} ${key.app})`;
  // The plain bound on occurred_at lets the engine skip row groups by their min/max.
  return sql`occurred_at ${reached} ${at()} AND (occurred_at ${past} ${at()} OR (occurred_at = ${at()} AND (${idPast})))`;
}
