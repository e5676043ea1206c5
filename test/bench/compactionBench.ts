import { spawn } from 'node:child_process';
import { rename, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  DirectoryObjectStore,
  LocalPartitionCatalog,
  livePartitionFiles,
  REWRITE_SORT_KEY,
} from '@rireki/adapters';
import type { SearchOkReply } from '@rireki/contracts';
import type { CompactionSummary } from '@rireki/maintenance';
import { procStatusMiB } from '../support/processRss.js';
import { type BenchLake, createBenchLake, growLake, removeBenchLake } from './benchLake.js';
import { type BenchSearch, benchSearches } from './benchSearches.js';
import {
  compareEngines,
  type EngineComparison,
  openProductSearch,
  parseBenchRequest,
} from './engineBench.js';
import { benchFreshness, type FreshnessRun } from './freshnessBench.js';
import { benchPeer, type PeerBench, peerSteps } from './peerBench.js';
import type { Tick } from './progress.js';
import { measured } from './readBytes.js';
import { benchRoundTrips, type SearchLatency } from './searchBench.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const LAKE_DAYS = 40;
/** The order the alternative layout is sorted in: arrival order, what ingest files have. */
const TIME_SORT_KEY = 'occurred_at, event_id';

/** The live files of the lake's partitions. */
export interface LakeShape {
  readonly partitions: number;
  readonly filesPerPartition: number[];
  readonly bytes: number;
}

/** The product's search in this process: wall time and bytes read per run. */
export interface InProcessSearch {
  readonly name: string;
  readonly ms: number[];
  readonly bytes: number[];
  readonly rows: number;
  readonly total: number | undefined;
}

export interface LakeState {
  readonly shape: LakeShape;
  readonly inProcess: InProcessSearch[];
}

export interface CompactionBench {
  readonly events: number;
  readonly before: LakeState & { readonly roundTrips: SearchLatency[] };
  readonly compaction: CompactionSummary & { readonly peakRssMiB: number; readonly memoryLimit: string };
  readonly after: LakeState & { readonly roundTrips: SearchLatency[] };
  /** The same compacted files sorted by time instead of REWRITE_SORT_KEY: the alternative sort key. */
  readonly timeSorted: LakeState;
  /** The compacted lake against the same events as JSON lines, the older design's layout. */
  readonly versusJsonLines: EngineComparison[];
  /** The compacted lake against the same events in a PostgreSQL activity table. */
  readonly peer: PeerBench;
  readonly freshness: FreshnessRun;
}

export interface CompactionBenchSizes {
  readonly events: number;
  readonly repeats: number;
  /** Runs of the JSON-lines search, each paired with one of the product's. */
  readonly jsonLinesRepeats: number;
  readonly freshness: { readonly events: number; readonly spacingMs: number };
}

/** Steps the compaction bench reports to the progress bar. */
export function compactionSteps(): number {
  const searches = benchSearches(0).length;
  return 1 + 4 * searches + 2 * (1 + searches) + 2 + peerSteps(searches) + 10;
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
    const before = await lakeState(lake, searches, sizes.repeats, tick, 'before compaction');
    const beforeTrips = await benchRoundTrips(lake, searches, sizes.repeats, tick);

    tick('compaction: rireki compact over every partition');
    const compaction = await compactLake(lake);
    const after = await lakeState(lake, searches, sizes.repeats, tick, 'after compaction');
    expectSameResults(before.inProcess, after.inProcess, 'after compaction');
    const afterTrips = await benchRoundTrips(lake, searches, sizes.repeats, tick);
    const versusJsonLines = await compareEngines(
      lake,
      searches,
      { parquet: sizes.repeats, jsonLines: sizes.jsonLinesRepeats },
      tick,
    );
    const peer = await benchPeer(lake, searches, sizes.repeats, tick);

    tick('compaction: the compacted files sorted by time instead');
    await resortLake(lake, TIME_SORT_KEY);
    const timeSorted = await lakeState(lake, searches, sizes.repeats, tick, 'sorted by time');
    expectSameResults(before.inProcess, timeSorted.inProcess, 'sorted by time');

    const freshness = await benchFreshness(sizes.freshness.events, sizes.freshness.spacingMs, tick, {
      compaction: true,
    });
    return {
      events: sizes.events,
      before: { ...before, roundTrips: beforeTrips },
      compaction,
      after: { ...after, roundTrips: afterTrips },
      timeSorted,
      versusJsonLines,
      peer,
      freshness,
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

async function lakeShape(lake: BenchLake): Promise<LakeShape> {
  const store = new DirectoryObjectStore(lake.lakeDir);
  const partitions = await new LocalPartitionCatalog(lake.catalogDir).list();
  const filesPerPartition: number[] = [];
  let bytes = 0;
  for (const partition of partitions) {
    const { keys } = await livePartitionFiles(store, partition);
    filesPerPartition.push(keys.length);
    for (const key of keys) bytes += (await stat(store.pathOf(key))).size;
  }
  return { partitions: partitions.length, filesPerPartition, bytes };
}

/** Each search `repeats` times on the query worker's own runSearch and engine; nothing else reads meanwhile. */
async function inProcessSearches(
  lake: BenchLake,
  searches: readonly BenchSearch[],
  repeats: number,
  tick: Tick,
  label: string,
): Promise<InProcessSearch[]> {
  const { search: product, close } = await openProductSearch(lake);
  try {
    const results: InProcessSearch[] = [];
    for (const search of searches) {
      tick(`compaction: ${search.name}, in process, ${label}`);
      const request = parseBenchRequest(search);
      const warm: SearchOkReply = await product(request);
      const ms: number[] = [];
      const bytes: number[] = [];
      for (let run = 0; run < repeats; run++) {
        const one = await measured(() => product(request));
        ms.push(one.ms);
        bytes.push(one.bytesRead);
      }
      results.push({ name: search.name, ms, bytes, rows: warm.rows.length, total: warm.total });
    }
    return results;
  } finally {
    await close();
  }
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

/** `rireki compact` as an operator runs it, every file quiet; its peak RSS sampled from /proc. */
async function compactLake(lake: BenchLake): Promise<CompactionBench['compaction']> {
  const memoryLimit = '512MB';
  const child = spawn(
    process.execPath,
    [RIREKI, 'compact', '--quiet-ms', '0', '--json', '--data-dir', lake.dataDir],
    {
      env: { PATH: process.env.PATH, RIREKI_REWRITE_MEMORY_LIMIT: memoryLimit },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  let peak = 0;
  const sampler = setInterval(() => {
    void procStatusMiB(child.pid ?? -1, 'VmHWM').then((mib) => {
      if (mib !== undefined) peak = Math.max(peak, mib);
    });
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`rireki compact exited with ${code}: ${stderr.slice(-2_000)}`);
  const summary = JSON.parse(stdout) as CompactionSummary;
  if (summary.failed > 0) throw new Error(`rireki compact: ${summary.failed} partitions failed`);
  return { ...summary, peakRssMiB: peak, memoryLimit };
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
