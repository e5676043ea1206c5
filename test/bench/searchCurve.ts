import type { SearchOkReply } from '@rireki/contracts';
import { createBenchLake, growLake, removeBenchLake } from './benchLake.js';
import { type BenchSearch, benchSearches } from './benchSearches.js';
import { openProductSearch, parseBenchRequest } from './engineBench.js';
import {
  compactLake,
  type InProcessSearch,
  inProcessSearches,
  type LakeShape,
  lakeShape,
} from './lakeMeasures.js';
import type { Tick } from './progress.js';
import { benchRoundTrips, type SearchLatency } from './searchBench.js';

/** One size of the curve: a compacted lake of `events` events over the bench's days. */
export interface CurvePoint {
  readonly events: number;
  readonly shape: LakeShape;
  /** Per search, how many events its app and range hold, whatever its filters: the data it may have to read. */
  readonly rangeEvents: number[];
  readonly inProcess: InProcessSearch[];
  readonly roundTrips: SearchLatency[];
}

/** Steps one point of the curve reports to the progress bar. */
export function curvePointSteps(): number {
  return 3 + 2 * benchSearches(0).length + 1;
}

/**
 * The same searches over compacted lakes of other sizes, each built, compacted with `rireki
 * compact`, measured in process and through the queue, then removed: the search curve against
 * lake size (the bench's 10M-event lake gives the middle point).
 */
export async function benchCurvePoint(
  events: number,
  days: number,
  repeats: number,
  tick: Tick,
): Promise<CurvePoint> {
  const lake = await createBenchLake(Date.UTC(2026, 10, 24), days);
  const searches = benchSearches(lake.endMs);
  const size = events.toLocaleString('en');
  try {
    tick(`search curve: writing a lake of ${size} events`);
    await growLake(lake, events, { jsonLines: false });
    tick(`search curve: rireki compact over ${size} events`);
    await compactLake(lake);
    tick(`search curve: the events each search's range holds, ${size} events`);
    const shape = await lakeShape(lake);
    const rangeEvents = await eventsInRange(lake, searches);
    const inProcess = await inProcessSearches(lake, searches, repeats, tick, `${size} events`);
    const roundTrips = await benchRoundTrips(lake, searches, repeats, tick);
    return { events, shape, rangeEvents, inProcess, roundTrips };
  } finally {
    await removeBenchLake(lake);
  }
}

/** The events of each search's app and range, counted by the product itself (filters and text dropped). */
export async function eventsInRange(
  lake: Parameters<typeof openProductSearch>[0],
  searches: readonly BenchSearch[],
): Promise<number[]> {
  const { search, close } = await openProductSearch(lake);
  try {
    const counts: number[] = [];
    for (const { name, request } of searches) {
      const { filters: _filters, text: _text, ...range } = request;
      const reply: SearchOkReply = await search(
        parseBenchRequest({ name, request: { ...range, limit: 1, includeTotal: true } }),
      );
      if (reply.total === undefined) throw new Error(`${name}: the range count returned no total`);
      counts.push(reply.total);
    }
    return counts;
  } finally {
    await close();
  }
}
