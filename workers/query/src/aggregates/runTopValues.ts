import { performance } from 'node:perf_hooks';
import {
  columnOfField,
  TOP_VALUES_REQUEST_KIND,
  type TopValue,
  type TopValueField,
  type TopValuesOkReply,
  type TopValuesRequest,
} from '@rireki/contracts';
import type { QueryEngine, TableSource } from '@rireki/ports';
import { countTotal } from '../countTotal.js';
import { EngineCalls } from '../EngineCalls.js';
import type { RunSearchOptions } from '../runSearch.js';
import { SearchError } from '../SearchError.js';
import { topValuesQuery } from '../sql/aggregateQueries.js';
import { matchConditions } from '../sql/filterConditions.js';
import type { SearchMatch } from '../sql/searchQueries.js';
import { searchScope } from '../sql/searchScope.js';

/**
 * The most frequent values of each field asked for among the matching events, each event once,
 * as of now, with the total of the same search and how many events each list leaves out. Throws
 * SearchError like a search.
 */
export async function runTopValues(
  engine: QueryEngine,
  request: TopValuesRequest,
  options: RunSearchOptions,
): Promise<TopValuesOkReply> {
  const run = new EngineCalls(engine, performance.now() + options.timeoutMs);
  const scope = searchScope(request, options.apps);
  const conditions = matchConditions(request, engine.dialect);
  const source = scope.partitions.length === 0 ? null : await run.source(scope.partitions);
  const match: SearchMatch = { scope, snapshotMs: options.nowMs, conditions };
  const [total, ...lists] = await Promise.all([
    source === null ? 0 : countTotal(run, source, match),
    ...fieldsOf(request).map((field) =>
      source === null ? [] : topValuesOf(run, source, match, field, request.limit),
    ),
  ]);
  const fields = fieldsOf(request).map((field, i) => {
    const values = lists[i] ?? [];
    const listed = values.reduce((sum, value) => sum + value.count, 0);
    return { field, values, others: Math.max(0, total - listed) };
  });
  return { ok: true, kind: TOP_VALUES_REQUEST_KIND, total, fields, stats: run.stats() };
}

async function topValuesOf(
  run: EngineCalls,
  source: TableSource,
  match: SearchMatch,
  field: TopValueField,
  limit: number,
): Promise<TopValue[]> {
  const column = columnOfField(field);
  if (column === undefined) throw new Error(`top value field ${field} has no column`);
  const statement = topValuesQuery(source, match, run.engine.dialect, column.name, limit);
  if (statement === null) return [];
  const rows = await run.query(statement);
  return rows.slice(0, limit).map((row) => {
    const { top_value: value, n } = row;
    if (
      typeof n !== 'number' ||
      !(value === null || typeof value === 'string' || typeof value === 'number')
    ) {
      throw new SearchError('INTERNAL', `the engine returned a top value of ${field} of an unexpected type`);
    }
    return { value, count: n };
  });
}

/** The fields asked for, each once, in the order asked. */
function fieldsOf(request: TopValuesRequest): TopValueField[] {
  return [...new Set(request.fields)];
}
