import { rename } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  DirectoryObjectStore,
  LocalPartitionCatalog,
  livePartitionFiles,
  REWRITE_SORT_KEY,
} from '@rireki/adapters';
import { LAKE_AREAS } from '@rireki/contracts';
import { recordLakeFiles } from '../support/recordLakeFiles.js';
import { type BenchLake, createBenchLake, growLake, removeBenchLake } from './benchLake.js';
import { type BenchSearch, benchSearches } from './benchSearches.js';
import { compareEngines, type EngineComparison } from './engineBench.js';
import { benchFreshness, type FreshnessRun } from './freshnessBench.js';
import {
  type CompactionRun,
  compactLake,
  type InProcessSearch,
  inProcessSearches,
  type LakeShape,
  lakeShape,
} from './lakeMeasures.js';
import { benchPeer, type PeerBench, peerSteps } from './peerBench.js';
import type { Tick } from './progress.js';
import { benchRoundTrips, type SearchLatency } from './searchBench.js';
import { benchCurvePoint, type CurvePoint, curvePointSteps, eventsInRange } from './searchCurve.js';
import { benchVerify, type VerifyRuns } from './verifyBench.js';

const LAKE_DAYS = 40;
const VERIFY_RUNS = 3;
/** The order the alternative layout is sorted in: arrival order, what ingest files have. */
const TIME_SORT_KEY = 'occurred_at, event_id';

export interface LakeState {
  readonly shape: LakeShape;
  readonly inProcess: InProcessSearch[];
}

export interface CompactionBench {
  readonly events: number;
  readonly before: LakeState & { readonly roundTrips: SearchLatency[] };
  readonly compaction: CompactionRun;
  readonly after: LakeState & { readonly roundTrips: SearchLatency[] };
  /** The same compacted files sorted by time instead of REWRITE_SORT_KEY: the alternative sort key. */
  readonly timeSorted: LakeState;
  /** The compacted lake against the same events as JSON lines, the older design's layout. */
  readonly versusJsonLines: EngineComparison[];
  /** The compacted lake against the same events in a PostgreSQL activity table. */
  readonly peer: PeerBench;
  readonly freshness: FreshnessRun;
  /** The same searches over compacted lakes of other sizes (--full); the 10M lake's `after` is their middle. */
  readonly curve: CurvePoint[];
  /** Per search, the events its app and range hold in the compacted 10M lake (for the curve). */
  readonly afterRangeEvents: number[];
  /** `rireki verify` over the compacted lake. */
  readonly verify: VerifyRuns;
}

export interface CompactionBenchSizes {
  readonly events: number;
  readonly repeats: number;
  /** Runs of the JSON-lines search, each paired with one of the product's. */
  readonly jsonLinesRepeats: number;
  readonly freshness: { readonly events: number; readonly spacingMs: number };
  /** Other lake sizes the searches are measured at after compaction, for the curve. */
  readonly curve: readonly number[];
}

/** Steps the compaction bench reports to the progress bar. */
export function compactionSteps(curve: readonly number[]): number {
  const searches = benchSearches(0).length;
  return (
    1 +
    4 * searches +
    2 * (1 + searches) +
    2 +
    peerSteps(searches) +
    10 +
    VERIFY_RUNS +
    curve.length * curvePointSteps()
  );
}

/**
 * Lake maintenance over the search bench's lake (files as the ingest worker writes them from a
 * busy queue): its shape and the typical searches before compaction, `rireki compact` over every
 * partition (rows/s, peak RSS), the same after, against the JSON-lines layout and a PostgreSQL
 * activity table holding the same events, the compacted files sorted by time instead, and
 * freshness while a maintenance worker compacts the partition being searched.
 */
export async function benchCompaction(sizes: CompactionBenchSizes, tick: Tick): Promise<CompactionBench> {
  const lake = await createBenchLake(Date.UTC(2026, 10, 24), LAKE_DAYS);
  const searches = benchSearches(lake.endMs);
  try {
    tick(`compaction: writing a lake of ${sizes.events.toLocaleString('en')} events`);
    await growLake(lake, sizes.events);
    // As if ingest had written them: recorded, so that the lake verifies after compaction.
    await recordLakeFiles(lake.dataDir, await new DirectoryObjectStore(lake.lakeDir).list(LAKE_AREAS.table));
    const before = await lakeState(lake, searches, sizes.repeats, tick, 'before compaction');
    const beforeTrips = await benchRoundTrips(lake, searches, sizes.repeats, tick);

    tick('compaction: rireki compact over every partition');
    const compaction = await compactLake(lake);
    const after = await lakeState(lake, searches, sizes.repeats, tick, 'after compaction');
    expectSameResults(before.inProcess, after.inProcess, 'after compaction');
    const afterTrips = await benchRoundTrips(lake, searches, sizes.repeats, tick);
    const verify = await benchVerify(lake, VERIFY_RUNS, tick);
    const versusJsonLines = await compareEngines(
      lake,
      searches,
      { parquet: sizes.repeats, jsonLines: sizes.jsonLinesRepeats },
      tick,
    );
    const peer = await benchPeer(lake, searches, sizes.repeats, tick);
    const afterRangeEvents = sizes.curve.length === 0 ? [] : await eventsInRange(lake, searches);

    tick('compaction: the compacted files sorted by time instead');
    await resortLake(lake, TIME_SORT_KEY);
    const timeSorted = await lakeState(lake, searches, sizes.repeats, tick, 'sorted by time');
    expectSameResults(before.inProcess, timeSorted.inProcess, 'sorted by time');

    const freshness = await benchFreshness(sizes.freshness.events, sizes.freshness.spacingMs, tick, {
      compaction: true,
    });
    // One lake on disk at a time: this one goes before the next is built.
    await removeBenchLake(lake);
    const curve: CurvePoint[] = [];
    for (const events of sizes.curve)
      curve.push(await benchCurvePoint(events, LAKE_DAYS, sizes.repeats, tick));
    return {
      events: sizes.events,
      before: { ...before, roundTrips: beforeTrips },
      compaction,
      after: { ...after, roundTrips: afterTrips },
      timeSorted,
      versusJsonLines,
      peer,
      freshness,
      curve,
      afterRangeEvents,
      verify,
    };
  } finally {
    await removeBenchLake(lake);
  }
}

async function lakeState(
  lake: BenchLake,
  searches: readonly BenchSearch[],
  repeats: number,
  tick: Tick,
  label: string,
): Promise<LakeState> {
  return {
    shape: await lakeShape(lake),
    inProcess: await inProcessSearches(lake, searches, repeats, tick, label),
  };
}

function expectSameResults(
  before: readonly InProcessSearch[],
  after: readonly InProcessSearch[],
  label: string,
) {
  for (const [i, search] of before.entries()) {
    const other = after[i];
    if (other?.rows !== search.rows || other.total !== search.total)
      throw new Error(
        `${search.name}: ${search.rows} rows, total ${search.total} before compaction; ` +
          `${other?.rows} rows, total ${other?.total} ${label}`,
      );
  }
}

/** Rewrites each live file in place, same name and row groups, sorted by `key` instead. */
async function resortLake(lake: BenchLake, key: string): Promise<void> {
  if (key === REWRITE_SORT_KEY) return;
  const store = new DirectoryObjectStore(lake.lakeDir);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' });
  const connection = await instance.connect();
  try {
    for (const partition of await new LocalPartitionCatalog(lake.catalogDir).list()) {
      for (const fileKey of (await livePartitionFiles(store, partition)).keys) {
        const path = store.pathOf(fileKey);
        const next = `${path}.resorted`;
        // Paths are the bench's own temporary files, never input from a request.
        await connection.run(
          `COPY (SELECT * FROM read_parquet('${path}') ORDER BY ${key}) TO '${next}' ` +
            '(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 6, ROW_GROUP_SIZE 50000)',
        );
        await rename(next, path);
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
