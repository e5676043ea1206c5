// Over 250 lines: the DuckDB engine's own cases (file lists, the pool, interrupts) over one lake
// written once; the cases every engine shares are in QueryEngine.contract.test.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LakeRow } from '@rireki/contracts';
import { QueryEngineError } from '@rireki/ports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from './DirectoryObjectStore.js';
import { DuckDbParquetEncoder } from './DuckDbParquetEncoder.js';
import { DuckDbQueryEngine } from './DuckDbQueryEngine.js';
import { LocalPartitionCatalog } from './LocalPartitionCatalog.js';

const DAY1 = Date.UTC(2026, 10, 24, 9, 30, 0, 123);

function row(i: number, occurredAt: number): LakeRow {
  return {
    event_id: `evt-${i}`,
    occurred_at: occurredAt,
    received_at: occurredAt + 250,
    action: 'OrderController@store',
    method: 'POST',
    path: `/orders/${i}`,
    status: 201,
    duration_ms: 12.5,
    user_id: '42',
    ip: '203.0.113.7',
    user_agent: 'curl/8',
    params: '{"sku":"A-1"}',
    // fromEntries: a "__proto__" key as plain data, the way JSON.parse leaves it.
    attributes:
      i % 2 === 0
        ? Object.fromEntries([
            ['orderId', `ORD-${i}`],
            ['__proto__', 'x'],
          ])
        : null,
    extra: null,
  };
}

let dir: string;
let lakeDir: string;
let catalog: LocalPartitionCatalog;
let engine: DuckDbQueryEngine;
const shopDay1 = { app: 'shop', dt: '2026-11-24' };
const shopDay2 = { app: 'shop', dt: '2026-11-25' };
const blogDay1 = { app: 'blog', dt: '2026-11-24' };
/** Written whole by one compaction: two files of one rewrite. */
const shopDay3 = { app: 'shop', dt: '2026-11-26' };
const REWRITTEN = ['0000', '0001'].map(
  (n) => `action_logs/app=shop/dt=2026-11-26/20261127T000000000Z-r0000000a-${n}.parquet`,
);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rireki-query-engine-'));
  lakeDir = join(dir, 'lake');
  const store = new DirectoryObjectStore(lakeDir);
  catalog = new LocalPartitionCatalog(join(dir, 'catalog'));
  const encoder = await DuckDbParquetEncoder.create({ threads: 1 });
  try {
    await store.put(
      'action_logs/app=shop/dt=2026-11-24/a.parquet',
      await encoder.encode([row(0, DAY1), row(1, DAY1)]),
    );
    await store.put('action_logs/app=shop/dt=2026-11-24/b.parquet', await encoder.encode([row(2, DAY1 + 1)]));
    await store.put(
      'action_logs/app=shop/dt=2026-11-25/a.parquet',
      await encoder.encode([row(3, DAY1 + 86_400_000)]),
    );
    for (const [i, key] of REWRITTEN.entries())
      await store.put(key, await encoder.encode([row(10 + i, DAY1 + 2 * 86_400_000)]));
    // Written but never registered: a search must not read it.
    await store.put('action_logs/app=blog/dt=2026-11-24/a.parquet', await encoder.encode([row(4, DAY1)]));
  } finally {
    await encoder.close();
  }
  // A half-written file of the object store: hidden, not yet renamed.
  await writeFile(join(lakeDir, 'action_logs/app=shop/dt=2026-11-24/.partial.tmp'), 'not parquet');
  await writeFile(join(lakeDir, 'action_logs/app=shop/dt=2026-11-24/.partial.parquet'), 'not parquet');
  await catalog.register(shopDay1);
  await catalog.register(shopDay2);
  await catalog.register(shopDay3);
  await catalog.register({ app: 'admin', dt: '2026-11-24' }); // registered, directory missing
  engine = await DuckDbQueryEngine.create({ lakeDir, catalog, connections: 2, threads: 1 });
});

afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('source', () => {
  it('lists the files of the requested registered partitions as one bound list, no path in the SQL', async () => {
    const source = await engine.source([shopDay1, blogDay1, { app: 'admin', dt: '2026-11-24' }]);

    expect(source).not.toBeNull();
    expect(source?.sql).not.toContain(dir);
    expect(source?.params).toEqual([
      [
        join(lakeDir, 'action_logs/app=shop/dt=2026-11-24/a.parquet'),
        join(lakeDir, 'action_logs/app=shop/dt=2026-11-24/b.parquet'),
      ],
    ]);
  });

  it('is null when no requested partition holds a file', async () => {
    expect(await engine.source([])).toBeNull();
    expect(await engine.source([blogDay1, { app: 'shop', dt: '2026-01-01' }])).toBeNull();
  });

  it('tells the partitions one rewrite wrote, whose rows hold no copies, from the others', async () => {
    const source = await engine.source([shopDay1, shopDay3]);
    const inLake = (keys: string[]) => keys.map((key) => join(lakeDir, key));

    expect(source?.params).toEqual([
      inLake([
        ...REWRITTEN,
        'action_logs/app=shop/dt=2026-11-24/a.parquet',
        'action_logs/app=shop/dt=2026-11-24/b.parquet',
      ]).sort(),
    ]);
    expect(source?.parts?.unique?.params).toEqual([inLake(REWRITTEN)]);
    expect(source?.parts?.mixed?.params).toEqual([
      inLake([
        'action_logs/app=shop/dt=2026-11-24/a.parquet',
        'action_logs/app=shop/dt=2026-11-24/b.parquet',
      ]),
    ]);
    expect((await engine.source([shopDay3]))?.parts?.mixed).toBeNull();
  });

  it('counts the rows of the partitions one rewrite wrote from their footers, and only those', async () => {
    const counts = await engine.partitionRowCounts([shopDay1, shopDay3, blogDay1], { timeoutMs: 5_000 });

    const at = DAY1 + 2 * 86_400_000;
    expect(counts).toEqual([
      { partition: shopDay3, rows: 2, minOccurredAtMs: at, maxOccurredAtMs: at, maxReceivedAtMs: at + 250 },
    ]);
  });

  it('reads each footer once, and again when the file at that path is no longer the one it read', async () => {
    const partition = { app: 'shop', dt: '2026-11-28' };
    const key = 'action_logs/app=shop/dt=2026-11-28/20261129T000000000Z-r0000000b-0000.parquet';
    const at = DAY1 + 4 * 86_400_000;
    const store = new DirectoryObjectStore(lakeDir);
    const encoder = await DuckDbParquetEncoder.create({ threads: 1 });
    try {
      await store.put(key, await encoder.encode([row(20, at)]));
      await catalog.register(partition);
      const counted = () => engine.partitionRowCounts([partition], { timeoutMs: 5_000 });
      expect((await counted()).map((count) => count.rows)).toEqual([1]);
      // A second count needs no query: the footer is known.
      const footerQueries = { count: 0 };
      const query = engine.query.bind(engine);
      engine.query = (statement, options) => {
        if (statement.sql.includes('parquet_metadata')) footerQueries.count++;
        return query(statement, options);
      };
      try {
        expect((await counted()).map((count) => count.rows)).toEqual([1]);
        expect(footerQueries.count).toBe(0);

        await store.put(key, await encoder.encode([row(21, at), row(22, at + 1), row(23, at + 2)]));

        expect(await counted()).toEqual([
          { partition, rows: 3, minOccurredAtMs: at, maxOccurredAtMs: at + 2, maxReceivedAtMs: at + 252 },
        ]);
        expect(footerQueries.count).toBe(1);
      } finally {
        engine.query = query;
      }
    } finally {
      await encoder.close();
    }
  });

  it('yields rows with their partition columns as text', async () => {
    const source = await engine.source([shopDay1, shopDay2]);
    if (!source) throw new Error('expected a source');

    const { rows } = await engine.query(
      { sql: `SELECT app, dt, event_id FROM ${source.sql} ORDER BY event_id`, params: source.params },
      { timeoutMs: 5_000 },
    );

    expect(rows).toEqual([
      { app: 'shop', dt: '2026-11-24', event_id: 'evt-0' },
      { app: 'shop', dt: '2026-11-24', event_id: 'evt-1' },
      { app: 'shop', dt: '2026-11-24', event_id: 'evt-2' },
      { app: 'shop', dt: '2026-11-25', event_id: 'evt-3' },
    ]);
  });

  it('keeps nothing of the files it read in memory: the OS page cache does that, and a growing lake would grow the process', async () => {
    const source = await engine.source([shopDay1, shopDay2]);
    if (!source) throw new Error('expected a source');
    await engine.query({ sql: `SELECT * FROM ${source.sql}`, params: source.params }, { timeoutMs: 5_000 });

    const { rows } = await engine.query(
      { sql: 'SELECT count(*) AS entries FROM duckdb_external_file_cache()', params: [] },
      { timeoutMs: 5_000 },
    );

    expect(rows).toEqual([{ entries: 0 }]);
  });
});

describe('query', () => {
  it('converts values to plain JavaScript: epoch ms, numbers, objects for maps', async () => {
    const source = await engine.source([shopDay1]);
    if (!source) throw new Error('expected a source');

    const { rows } = await engine.query(
      {
        sql: `SELECT event_id, occurred_at, received_at, status, duration_ms, attributes, params, extra FROM ${source.sql} WHERE event_id = ?`,
        params: [...source.params, 'evt-0'],
      },
      { timeoutMs: 5_000 },
    );

    expect(rows).toEqual([
      {
        event_id: 'evt-0',
        occurred_at: DAY1,
        received_at: DAY1 + 250,
        status: 201,
        duration_ms: 12.5,
        attributes: Object.fromEntries([
          ['orderId', 'ORD-0'],
          ['__proto__', 'x'],
        ]),
        params: '{"sku":"A-1"}',
        extra: null,
      },
    ]);
    expect(Object.getPrototypeOf(rows[0]?.attributes)).toBe(Object.prototype);
  });

  it('binds every kind of value with its type, and counts come back as numbers', async () => {
    const { rows } = await engine.query(
      {
        sql: 'SELECT ? AS text, ? AS whole, ? AS fraction, ? AS yes, ? IS NULL AS nothing, len(?) AS items, (SELECT count(*) FROM range(3)) AS n, epoch_ms(?) AS at',
        params: ["it's 100%_'; DROP", 9_007_199_254_740_991, 0.25, true, null, ['a', "b'"], DAY1],
      },
      { timeoutMs: 5_000 },
    );

    expect(rows).toEqual([
      {
        text: "it's 100%_'; DROP",
        whole: 9_007_199_254_740_991,
        fraction: 0.25,
        yes: true,
        nothing: true,
        items: 2,
        n: 3,
        at: DAY1,
      },
    ]);
  });

  it('reads nothing outside the lake directory, even through a bound path', async () => {
    await expect(
      engine.query(
        { sql: 'SELECT * FROM read_parquet(?)', params: [[join(dir, 'catalog', 'x.parquet')]] },
        { timeoutMs: 5_000 },
      ),
    ).rejects.toThrow(/Permission/);
    await expect(
      engine.query({ sql: 'SET enable_external_access = true', params: [] }, { timeoutMs: 5_000 }),
    ).rejects.toBeInstanceOf(QueryEngineError);
  });

  it('runs queries beyond the pool size side by side, then in turn, all to completion', async () => {
    const slow = engine.query(
      { sql: 'SELECT sum(i) AS s FROM range(?) t(i)', params: [300_000_000] },
      { timeoutMs: 30_000 },
    );
    let slowDone = false;
    void slow.then(() => {
      slowDone = true;
    });

    // The second connection serves ten quick queries while the first is busy.
    const quick = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        engine.query({ sql: 'SELECT ? * 2 AS doubled', params: [i] }, { timeoutMs: 30_000 }),
      ),
    );

    expect(quick.map((result) => result.rows[0]?.doubled)).toEqual(
      Array.from({ length: 10 }, (_, i) => i * 2),
    );
    expect(slowDone).toBe(false);
    await expect(slow).resolves.toMatchObject({ rows: [{ s: expect.any(Number) }] });
  });

  it('interrupts a query past its time limit and rejects; the connection serves the next query', async () => {
    const started = Date.now();

    const failure = await engine
      .query({ sql: 'SELECT sum(i % 7) AS s FROM range(?) t(i)', params: [1e12] }, { timeoutMs: 200 })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(QueryEngineError);
    expect(failure).toMatchObject({ timedOut: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    const after = await Promise.all([
      engine.query({ sql: 'SELECT 1 AS one', params: [] }, { timeoutMs: 5_000 }),
      engine.query({ sql: 'SELECT 1 AS one', params: [] }, { timeoutMs: 5_000 }),
    ]);
    expect(after.map((result) => result.rows)).toEqual([[{ one: 1 }], [{ one: 1 }]]);
  });

  it('interrupts a query whose limit runs out before DuckDB starts it', async () => {
    // A single interrupt sent that early is lost about half the time: ten tries find it.
    for (let attempt = 0; attempt < 10; attempt++) {
      const started = Date.now();

      const failure = await engine
        .query(
          { sql: 'SELECT sum(i % 7) AS s FROM range(?) t(i)', params: [1e12] },
          { timeoutMs: attempt % 3 },
        )
        .catch((error: unknown) => error);

      expect(failure).toMatchObject({ timedOut: true });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it('counts the wait for a free connection against the time limit', async () => {
    const busy = Array.from({ length: 2 }, () =>
      engine.query({ sql: 'SELECT sum(i % 7) AS s FROM range(?) t(i)', params: [1e12] }, { timeoutMs: 600 }),
    );

    const waiting = await engine
      .query({ sql: 'SELECT 1 AS one', params: [] }, { timeoutMs: 100 })
      .catch((error: unknown) => error);

    expect(waiting).toMatchObject({ timedOut: true });
    await Promise.allSettled(busy);
  });
});

describe('close', () => {
  it('waits for running queries, then refuses new ones', async () => {
    const own = await DuckDbQueryEngine.create({ lakeDir, catalog, connections: 1, threads: 1 });
    const running = own.query(
      { sql: 'SELECT sum(i) AS s FROM range(?) t(i)', params: [10_000_000] },
      { timeoutMs: 10_000 },
    );

    await own.close();

    await expect(running).resolves.toMatchObject({ rows: [{ s: expect.any(Number) }] });
    await expect(own.query({ sql: 'SELECT 1', params: [] }, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      QueryEngineError,
    );
  });
});
