import type { BenchLake } from './benchLake.js';
import type { BenchSearch } from './benchSearches.js';
import { openProductSearch, parseBenchRequest } from './engineBench.js';
import { startPostgres } from './postgresCluster.js';
import { LOAD_TICKS, loadPeer, type PeerLoad, searchPeer } from './postgresPeer.js';
import type { Tick } from './progress.js';

export interface PeerSearch {
  readonly name: string;
  /** The search on the activity table, timed on the bench's connection to the server. */
  readonly postgresMs: number[];
  /** The product's runSearch on its engine in this process. */
  readonly rirekiMs: number[];
  /** PostgreSQL ms / rireki ms of runs taken back to back: above 1, rireki is faster. */
  readonly ratios: number[];
  readonly rows: number;
  readonly total: number | undefined;
}

export type PeerBench =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly version: string;
      readonly load: PeerLoad;
      readonly searches: PeerSearch[];
    };

/** Steps the peer bench reports to the progress bar. */
export function peerSteps(searches: number): number {
  // Starting, the load's steps, the indexes, then each search.
  return 1 + LOAD_TICKS + 1 + searches;
}

/**
 * The table a team would use instead, against the lake as it stands: a PostgreSQL cluster of the
 * bench's own, loaded with the lake's rows, then each search on both in turns, in this process,
 * so both see the same machine load. Both must return the same events and totals, or this throws.
 * Without PostgreSQL the reason is returned, and the report says so.
 */
export async function benchPeer(
  lake: BenchLake,
  searches: readonly BenchSearch[],
  repeats: number,
  tick: Tick,
): Promise<PeerBench> {
  tick('peer: starting PostgreSQL');
  const started = await startPostgres(tick);
  if (!started.ok) {
    for (let i = 0; i < peerSteps(searches.length) - 1; i++) tick('peer: PostgreSQL unavailable');
    return { available: false, reason: started.reason };
  }
  const { cluster } = started;
  const { search: product, close } = await openProductSearch(lake);
  try {
    const load = await loadPeer(cluster, lake, tick);
    if (load.rows !== lake.events)
      throw new Error(`PostgreSQL holds ${load.rows} rows after the load; the lake ${lake.events}`);
    const results: PeerSearch[] = [];
    for (const search of searches) {
      tick(`peer: ${search.name}, PostgreSQL and rireki in turns`);
      const request = parseBenchRequest(search);
      // Also the warm-up of both.
      const expected = await product(request);
      const peer = await searchPeer(cluster, request);
      const expectedIds = expected.rows.map((row) => row.eventId);
      if (JSON.stringify(expectedIds) !== JSON.stringify(peer.eventIds) || expected.total !== peer.total)
        throw new Error(
          `${search.name}: PostgreSQL found ${peer.eventIds.length} rows, total ${peer.total}; ` +
            `rireki ${expectedIds.length} rows, total ${expected.total}`,
        );
      const result: PeerSearch = {
        name: search.name,
        postgresMs: [],
        rirekiMs: [],
        ratios: [],
        rows: expectedIds.length,
        total: expected.total,
      };
      for (let run = 0; run < repeats; run++) {
        let postgresMs = 0;
        let rirekiMs = 0;
        const takePostgres = async () => {
          const at = performance.now();
          await searchPeer(cluster, request);
          postgresMs = performance.now() - at;
        };
        const takeRireki = async () => {
          const at = performance.now();
          await product(request);
          rirekiMs = performance.now() - at;
        };
        // Who goes first alternates, so what one run leaves behind weighs on both alike.
        for (const take of run % 2 === 0 ? [takePostgres, takeRireki] : [takeRireki, takePostgres])
          await take();
        result.postgresMs.push(postgresMs);
        result.rirekiMs.push(rirekiMs);
        result.ratios.push(postgresMs / rirekiMs);
      }
      results.push(result);
    }
    return { available: true, version: cluster.version, load, searches: results };
  } finally {
    await close();
    await cluster.stop();
  }
}
