import { DuckDbQueryEngine, LocalPartitionCatalog } from '@rireki/adapters';
import { type SearchRequest, validateSearchRequest } from '@rireki/contracts';
import { runSearch } from '@rireki/query';
import type { BenchLake } from './benchLake.js';
import type { BenchSearch } from './benchSearches.js';
import { JsonLinesSearch } from './jsonLinesSearch.js';
import type { Tick } from './progress.js';
import { type Measured, measured } from './readBytes.js';

export interface EngineComparison {
  readonly name: string;
  /** The product's search (runSearch on DuckDbQueryEngine over the Parquet lake), ms per run. */
  readonly parquetMs: number[];
  /** The same search over the JSON-lines layout, ms per run. */
  readonly jsonLinesMs: number[];
  /** JSON-lines ms / Parquet ms of runs taken back to back. */
  readonly speedups: number[];
  /** Bytes read per run (rchar), same pairing. */
  readonly parquetBytes: number[];
  readonly jsonLinesBytes: number[];
  readonly rows: number;
  readonly total: number | undefined;
}

/** JSON-lines bytes / Parquet bytes read, of each pair of runs. */
export function byteRatios(engine: EngineComparison): number[] {
  return engine.jsonLinesBytes.map((bytes, i) => bytes / (engine.parquetBytes[i] as number));
}

/**
 * The query worker's own runSearch on the engine it opens over the lake (the local catalog, read at
 * every search), as the bench runs it in its own process.
 */
export async function openProductSearch(lake: Pick<BenchLake, 'lakeDir' | 'catalogDir'>) {
  const engine = await DuckDbQueryEngine.create({
    lakeDir: lake.lakeDir,
    catalog: new LocalPartitionCatalog(lake.catalogDir),
  });
  return {
    search: (request: SearchRequest) =>
      runSearch(engine, request, { apps: [String(request.app)], nowMs: Date.now(), timeoutMs: 300_000 }),
    close: () => engine.close(),
  };
}

export function parseBenchRequest(search: BenchSearch): SearchRequest {
  const validation = validateSearchRequest(search.request);
  if (!validation.ok)
    throw new Error(`bench search ${search.name} is invalid: ${JSON.stringify(validation)}`);
  return validation.request;
}

/**
 * Each search on both layouts in this process, in turns: the query worker's own runSearch on the
 * engine it opens over the lake, and the JSON-lines search, so both see the same machine load.
 * The two must find the same events, or the comparison is void and this throws. Nothing else in
 * the process reads meanwhile, so rchar's growth is what the search read.
 */
export async function compareEngines(
  lake: BenchLake,
  searches: readonly BenchSearch[],
  runs: { readonly parquet: number; readonly jsonLines: number },
  tick: Tick,
): Promise<EngineComparison[]> {
  const { search: product, close } = await openProductSearch(lake);
  const jsonLines = await JsonLinesSearch.create(lake.jsonDir);
  try {
    const results: EngineComparison[] = [];
    for (const search of searches) {
      tick(`search: ${search.name}, Parquet and JSON lines over ${lake.events.toLocaleString('en')} events`);
      const request = parseBenchRequest(search);
      // Also the warm-up of both: file listings, DuckDB's caches, the page cache.
      const expected = await product(request);
      const baseline = await jsonLines.search(request);
      const expectedIds = expected.rows.map((row) => row.eventId);
      if (
        JSON.stringify(expectedIds) !== JSON.stringify(baseline.eventIds) ||
        expected.total !== baseline.total
      )
        throw new Error(
          `${search.name}: JSON lines found ${baseline.eventIds.length} rows, total ${baseline.total}; ` +
            `the product ${expectedIds.length} rows, total ${expected.total}`,
        );
      const result: EngineComparison = {
        name: search.name,
        parquetMs: [],
        jsonLinesMs: [],
        speedups: [],
        parquetBytes: [],
        jsonLinesBytes: [],
        rows: expectedIds.length,
        total: expected.total,
      };
      for (let run = 0; run < Math.max(runs.parquet, runs.jsonLines); run++) {
        let json: Measured<unknown> | undefined;
        let parquet: Measured<unknown> | undefined;
        const takeJson = async () => {
          if (run < runs.jsonLines) json = await measured(() => jsonLines.search(request));
        };
        const takeParquet = async () => {
          if (run < runs.parquet) parquet = await measured(() => product(request));
        };
        // The layout that goes first alternates, so whatever a run leaves behind (caches, busy
        // threads) weighs on both alike.
        for (const take of run % 2 === 0 ? [takeJson, takeParquet] : [takeParquet, takeJson]) await take();
        if (json) {
          result.jsonLinesMs.push(json.ms);
          result.jsonLinesBytes.push(json.bytesRead);
        }
        if (parquet) {
          result.parquetMs.push(parquet.ms);
          result.parquetBytes.push(parquet.bytesRead);
        }
        if (json && parquet) result.speedups.push(json.ms / parquet.ms);
      }
      results.push(result);
    }
    return results;
  } finally {
    await close();
    jsonLines.close();
  }
}
