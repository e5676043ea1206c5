import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchLake, createBenchLake, growLake, removeBenchLake } from '../bench/benchLake.js';
import { benchSearches } from '../bench/benchSearches.js';
import { openProductSearch, parseBenchRequest } from '../bench/engineBench.js';
import { benchPeer } from '../bench/peerBench.js';
import { type PostgresCluster, startPostgres } from '../bench/postgresCluster.js';
import { loadPeer, searchPeer } from '../bench/postgresPeer.js';

// The bench's PostgreSQL peer must find what rireki finds, or its figures compare nothing.
// .ci/run installs Debian's postgresql, so this suite runs wherever CI does.
const DAY = 86_400_000;
const EVENTS = 12_000;

describe('the bench PostgreSQL peer', () => {
  let lake: BenchLake;

  beforeAll(async () => {
    lake = await createBenchLake(Date.UTC(2026, 10, 24), 40);
    await growLake(lake, EVENTS, { jsonLines: false });
  });
  afterAll(async () => {
    await removeBenchLake(lake);
  });

  it('loads every row of the lake and answers each bench search with the same events as rireki', async () => {
    const result = await benchPeer(lake, benchSearches(lake.endMs), 2, () => undefined);
    if (!result.available) throw new Error(`PostgreSQL unavailable: ${result.reason}`);
    expect(result.load.rows).toBe(EVENTS);
    expect(result.load.tableBytes).toBeGreaterThan(0);
    expect(result.load.indexBytes).toBeGreaterThan(0);
    expect(result.searches.map((search) => search.name)).toEqual(
      benchSearches(0).map((search) => search.name),
    );
    for (const search of result.searches) {
      expect(search.postgresMs).toHaveLength(2);
      expect(search.ratios.every((ratio) => Number.isFinite(ratio) && ratio > 0)).toBe(true);
    }
    // The count is the whole 31 days of one app: a third of the events in 31 of the 40 days.
    const count = result.searches.find((search) => search.name === '31-day count');
    expect(count?.total).toBe(Math.round((EVENTS / 3) * (31 / 40)));
  });

  describe('searchPeer', () => {
    let cluster: PostgresCluster;

    beforeAll(async () => {
      const started = await startPostgres(() => undefined);
      if (!started.ok) throw new Error(`PostgreSQL unavailable: ${started.reason}`);
      cluster = started.cluster;
      await loadPeer(cluster, lake, () => undefined);
    });
    afterAll(async () => {
      const dir = cluster.dir;
      await cluster.stop();
      expect(existsSync(dir)).toBe(false);
    });

    it('keeps the order, the range and the filters of a search that finds rows', async () => {
      const { search, close } = await openProductSearch(lake);
      try {
        const request = parseBenchRequest({
          name: 'one app, 3 days, oldest first, by action',
          request: {
            app: 'blog',
            from: new Date(lake.endMs - 3 * DAY).toISOString(),
            to: new Date(lake.endMs - DAY).toISOString(),
            filters: { action: 'OrderController@store' },
            order: 'asc',
            limit: 100,
            includeTotal: true,
          },
        });
        const [peer, product] = await Promise.all([searchPeer(cluster, request), search(request)]);
        expect(product.rows.length).toBeGreaterThan(10);
        expect(peer.eventIds).toEqual(product.rows.map((row) => row.eventId));
        expect(peer.total).toBe(product.total);
      } finally {
        await close();
      }
    });

    it('refuses a search it cannot translate, naming the filter', async () => {
      const request = parseBenchRequest({
        name: 'status range',
        request: {
          app: 'shop',
          from: new Date(lake.endMs - DAY).toISOString(),
          to: new Date(lake.endMs).toISOString(),
          filters: { status: { gte: 400 } },
        },
      });
      await expect(searchPeer(cluster, request)).rejects.toThrow(/text fields only, not status/);
    });
  });
});
