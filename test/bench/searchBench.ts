import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { QUERY_EVENTS } from '@rireki/query';
import { createSearchClient, type SearchClient } from '@rireki/sdk';
import { startLocalQueues } from '../support/localQueues.js';
import { startQueryProcess, type WorkerProcess } from '../support/workerProcess.js';
import { type BenchLake, createBenchLake, growLake, layoutBytes, removeBenchLake } from './benchLake.js';
import { type BenchSearch, benchSearches } from './benchSearches.js';
import { compareEngines, type EngineComparison } from './engineBench.js';
import type { Tick } from './progress.js';

/** The lake's days: the longest search (31 days) and some history before it. */
const LAKE_DAYS = 40;

export interface SearchLatency {
  readonly name: string;
  readonly samples: number[];
  readonly rows: number;
  readonly total: number | undefined;
}

/** Everything measured over the lake at one size. */
export interface SearchStage {
  readonly events: number;
  readonly buildSeconds: number;
  readonly bytes: { readonly parquet: number; readonly jsonLines: number };
  readonly engines: EngineComparison[];
  readonly roundTrips: SearchLatency[];
}

export interface SearchRuns {
  /** Round trips, and runs of the product's search in the bench process. */
  readonly repeats: number;
  /** Runs of the JSON-lines search, each paired with one of the product's. */
  readonly jsonLinesRepeats: number;
}

/** Steps a search bench of these sizes reports to the progress bar. */
export function searchSteps(sizes: readonly number[]): number {
  return sizes.length * (1 + 2 * benchSearches(0).length + 1);
}

/**
 * The typical searches over a lake that grows through `sizes` (events, ascending): at each size
 * the bytes of both layouts, the product's search against the JSON-lines layout in this process,
 * and round trips through SQS and a query worker process.
 */
export async function benchSearch(
  sizes: readonly number[],
  runs: SearchRuns,
  tick: Tick,
): Promise<SearchStage[]> {
  const lake = await createBenchLake(Date.UTC(2026, 10, 24), LAKE_DAYS);
  const searches = benchSearches(lake.endMs);
  const stages: SearchStage[] = [];
  try {
    for (const events of sizes) {
      tick(`search: growing the lake to ${events.toLocaleString('en')} events`);
      const started = performance.now();
      await growLake(lake, events - lake.events);
      const buildSeconds = (performance.now() - started) / 1000;
      const bytes = await layoutBytes(lake);
      const engines = await compareEngines(
        lake,
        searches,
        { parquet: runs.repeats, jsonLines: runs.jsonLinesRepeats },
        tick,
      );
      const roundTrips = await benchRoundTrips(lake, searches, runs.repeats, tick);
      stages.push({ events, buildSeconds, bytes, engines, roundTrips });
    }
    return stages;
  } finally {
    await removeBenchLake(lake);
  }
}

/** Round trips of each search: the client SDK, the embedded SQS, the query worker process, the reply. */
export async function benchRoundTrips(
  lake: BenchLake,
  searches: readonly BenchSearch[],
  repeats: number,
  tick: Tick,
): Promise<SearchLatency[]> {
  tick(`search: starting a query worker over ${lake.events.toLocaleString('en')} events`);
  const local = await startLocalQueues();
  let client: SearchClient | undefined;
  let worker: WorkerProcess | undefined;
  try {
    const started = startQueryProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.search,
      dataDir: lake.dataDir,
      env: { [ENV_KEYS.logLevel]: 'info' },
    });
    worker = started;
    await waitFor('query worker start', () => started.logs.some((l) => l.event === QUERY_EVENTS.started), {
      timeoutMs: 30_000,
    });
    const search = await createSearchClient({
      sqs: local.sqs,
      searchQueueUrl: local.queues.search,
      timeoutMs: 300_000,
    });
    client = search;
    const results: SearchLatency[] = [];
    for (const [i, { name, request }] of searches.entries()) {
      tick(`search: ${name}, round trips over ${lake.events.toLocaleString('en')} events`);
      // Warm-up: the worker's first file listing and DuckDB's caches for these files.
      if (i === 0) await search.search(request);
      const samples: number[] = [];
      let rows = 0;
      let total: number | undefined;
      for (let run = 0; run < repeats; run++) {
        const at = performance.now();
        const page = await search.search(request);
        samples.push(performance.now() - at);
        rows = page.rows.length;
        total = page.total;
      }
      results.push({ name, samples, rows, total });
    }
    return results;
  } finally {
    await client?.close();
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await local.stop();
  }
}
