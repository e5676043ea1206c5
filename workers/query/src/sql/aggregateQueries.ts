import type { SqlDialect, SqlStatement, TableSource } from '@rireki/ports';
import { column, type SqlFragment, sql, trustedSql } from './fragment.js';
import { fetchSizeFor, matchCondition, type SearchMatch } from './searchQueries.js';

/**
 * The widths of histogram slots a query may count by, widest first. A slot is a multiple of its
 * width since the epoch, so the slot text holds only one of these constants and no value of a
 * request. Every zone offset in use today is a whole number of quarter hours, so 15-minute slots
 * fit inside the buckets of every interval from 15 minutes up.
 */
export const SLOT_WIDTHS_MS = [900_000, 300_000, 60_000, 1_000, 1] as const;

/**
 * Matching events per slot of `slotMs` (one of SLOT_WIDTHS_MS), each event once: rows of
 * `{ slot, n }`, where the slot starts at `slot * slotMs`. Parts that hold no copies are counted as
 * they are, parts that may by distinct (app, event_id, occurred_at), as a total is; a slot can
 * appear once per statement.
 */
export function slotCountQueries(
  source: TableSource,
  match: SearchMatch,
  dialect: SqlDialect,
  slotMs: (typeof SLOT_WIDTHS_MS)[number],
): SqlStatement[] {
  if (!SLOT_WIDTHS_MS.includes(slotMs)) throw new Error(`not a slot width: ${slotMs}`);
  const where = matchCondition(match, dialect);
  const slot = trustedSql(`CAST(floor(${dialect.epochMsOf('occurred_at')} / ${slotMs}) AS BIGINT)`);
  const plain = (rows: SqlStatement) =>
    sql`SELECT ${slot} AS slot, count(*) AS n FROM ${rows} WHERE ${where} GROUP BY 1`;
  const distinct = (rows: SqlStatement) =>
    sql`SELECT ${slot} AS slot, count(*) AS n FROM (SELECT DISTINCT app, event_id, occurred_at FROM ${rows} WHERE ${where}) AS matching GROUP BY 1`;
  if (source.parts === undefined) return [distinct(source)];
  const { unique, mixed } = source.parts;
  return [...(unique === null ? [] : [plain(unique)]), ...(mixed === null ? [] : [distinct(mixed)])];
}

/**
 * The most frequent values of one column among the matching events, each event once: rows of
 * `{ top_value, n }`, most frequent first, ties by value with NULL last, at least `limit` of them
 * where there are. Of an event's copies the one received first counts, the copy a search shows.
 * Null when the source has no rows.
 */
export function topValuesQuery(
  source: TableSource,
  match: SearchMatch,
  dialect: SqlDialect,
  columnName: string,
  limit: number,
): SqlStatement | null {
  const where = matchCondition(match, dialect);
  const value = column(columnName);
  const plain = (rows: SqlStatement) => sql`SELECT ${value} AS top_value FROM ${rows} WHERE ${where}`;
  const firstCopy = (rows: SqlStatement) =>
    sql`SELECT min_by(${value}, received_at) AS top_value FROM ${rows} WHERE ${where} GROUP BY app, event_id, occurred_at`;
  const parts: SqlFragment[] =
    source.parts === undefined
      ? [firstCopy(source)]
      : [
          ...(source.parts.unique === null ? [] : [plain(source.parts.unique)]),
          ...(source.parts.mixed === null ? [] : [firstCopy(source.parts.mixed)]),
        ];
  if (parts.length === 0) return null;
  const values = parts.reduce((all, part) => sql`${all} UNION ALL ${part}`);
  // Athena binds parameters only in WHERE, so the row count is written into the text; it is one of
  // the worker's own page sizes (FETCH_SIZES), never a value taken from a request.
  const rows = trustedSql(`LIMIT ${fetchSizeFor(limit)}`);
  return sql`SELECT top_value, count(*) AS n FROM (${values}) AS matching GROUP BY top_value ORDER BY n DESC, top_value ASC NULLS LAST ${rows}`;
}
