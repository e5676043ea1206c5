import { partitionKey } from '@rireki/contracts';
import type { TableSource } from '@rireki/ports';
import type { EngineCalls } from './EngineCalls.js';
import { SearchError } from './SearchError.js';
import { type SearchMatch, totalQuery } from './sql/searchQueries.js';

/**
 * Every matching event once. With no filter or text, a partition that the engine knows holds no
 * copies, and whose rows all fall in the range and the snapshot, counts its rows from file metadata
 * alone; the other partitions are counted by the query.
 */
export async function countTotal(run: EngineCalls, source: TableSource, match: SearchMatch): Promise<number> {
  const { scope } = match;
  const whole =
    match.conditions.length === 0
      ? (await run.rowCounts(source, scope.partitions)).filter(
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
