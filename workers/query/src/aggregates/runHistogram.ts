import { performance } from 'node:perf_hooks';
import { HISTOGRAM_REQUEST_KIND, type HistogramOkReply, type HistogramRequest } from '@rireki/contracts';
import type { QueryEngine } from '@rireki/ports';
import { EngineCalls } from '../EngineCalls.js';
import type { RunSearchOptions } from '../runSearch.js';
import { SearchError } from '../SearchError.js';
import { slotCountQueries } from '../sql/aggregateQueries.js';
import { matchConditions } from '../sql/filterConditions.js';
import { searchScope } from '../sql/searchScope.js';
import { chooseInterval, histogramBoundaries } from './histogramBuckets.js';
import { bucketIndex, slotWidthFor } from './slotWidth.js';

/**
 * Matching events per bucket of the zone's clock, each event once, as of now: the engine counts
 * per fixed slot, and the slots are added into buckets here, so the buckets add up to the total
 * of the same search. Throws SearchError like a search.
 */
export async function runHistogram(
  engine: QueryEngine,
  request: HistogramRequest,
  options: RunSearchOptions,
): Promise<HistogramOkReply> {
  const run = new EngineCalls(engine, performance.now() + options.timeoutMs);
  const scope = searchScope(request, options.apps);
  const interval = request.interval ?? chooseInterval(scope.fromMs, scope.toMs);
  const boundaries = histogramBoundaries(scope.fromMs, scope.toMs, interval, request.timeZone);
  const counts = new Array<number>(boundaries.length - 1).fill(0);
  const conditions = matchConditions(request, engine.dialect);
  const source = scope.partitions.length === 0 ? null : await run.source(scope.partitions);
  if (source !== null) {
    const slotMs = slotWidthFor(boundaries);
    const match = { scope, snapshotMs: options.nowMs, conditions };
    const results = await Promise.all(
      slotCountQueries(source, match, engine.dialect, slotMs).map((statement) => run.query(statement)),
    );
    for (const row of results.flat()) {
      const { slot, n } = row;
      if (typeof slot !== 'number' || typeof n !== 'number') {
        throw new SearchError('INTERNAL', 'the engine returned a slot count that is not a number');
      }
      const index = bucketIndex(boundaries, slot * slotMs);
      counts[index] = (counts[index] ?? 0) + n;
    }
  }
  const buckets = counts.map((count, i) => ({
    start: new Date(boundaries[i] as number).toISOString(),
    end: new Date(boundaries[i + 1] as number).toISOString(),
    count,
  }));
  return {
    ok: true,
    kind: HISTOGRAM_REQUEST_KIND,
    interval,
    timeZone: request.timeZone,
    buckets,
    total: counts.reduce((sum, count) => sum + count, 0),
    stats: run.stats(),
  };
}
