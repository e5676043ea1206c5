import { RecordingEngine } from '@rireki/ports/testing';
import { describe, expect, it } from 'vitest';
import { runSearch } from './runSearch.js';
import { APPS, copiesOf, expectedKeys, keyOf } from './testing/searchDataset.js';
import { searchAll, searchOptions, searchRequest } from './testing/searchHelpers.js';
import { useDatasetLake } from './testing/useDatasetLake.js';

// runSearch over a DuckDB lake of its own: rows, order and pagination, duplicates and apps.
const EVENT_COUNT = 3_000;
const dataset = useDatasetLake(EVENT_COUNT);
const { events, all } = dataset;

describe('rows', () => {
  it('come back as the event the app sent: contract names, UTC times, params parsed, extra spread, nulls left out', async () => {
    // Event 110 of shop: extra fields, no duration.
    const reply = await runSearch(
      dataset.engine(),
      searchRequest({ app: 'shop', filters: { eventId: 'e110' } }),
      searchOptions(),
    );

    const source = events[110]?.row;
    expect(reply.rows).toEqual([
      {
        eventId: 'e110',
        app: 'shop',
        occurredAt: new Date(source?.occurred_at ?? 0).toISOString(),
        receivedAt: new Date(source?.received_at ?? 0).toISOString(),
        action: 'Search',
        method: 'PUT',
        path: '/orders/110',
        status: 200,
        userId: '10',
        ip: '10.0.2.110',
        userAgent: "curl/8.0 O'Reilly",
        params: { q: 'Term8', note: 'Quote\'s "x"' },
        attributes: { orderId: 'ORD-110', amount: '165', paid: 'true', tier: 'std' },
        tenant: 'acme',
        trace: { id: 't-110' },
      },
    ]);
    expect(reply.rows[0]?.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(reply.nextCursor).toBeNull();
    expect(reply.stats).toMatchObject({ engine: 'duckdb', elapsedMs: expect.any(Number) });
  });

  it('leave out a null attributes map', async () => {
    const reply = await runSearch(
      dataset.engine(),
      searchRequest({ filters: { eventId: 'e1531' } }),
      searchOptions(),
    );

    expect(reply.rows).toHaveLength(1);
    expect(reply.rows[0]).toMatchObject({
      app: 'blog',
      status: 201,
      params: { q: `Term${1531 % 17}`, note: 'ok' },
    });
    expect(reply.rows[0]).not.toHaveProperty('attributes');
  });
});

describe('order and pagination', () => {
  it.each(['desc', 'asc'] as const)(
    '%s: every event once, in order, ties broken by eventId then app',
    async (order) => {
      const { keys, pages } = await searchAll(dataset.engine(), { order, limit: 1000 });

      expect(keys).toEqual(all(undefined, order));
      expect(pages).toHaveLength(3);
      expect(pages.at(-1)?.nextCursor).toBeNull();
    },
  );

  it('defaults to desc', async () => {
    const reply = await runSearch(dataset.engine(), searchRequest({ limit: 5 }), searchOptions());

    expect(reply.rows.map(keyOf)).toEqual(all().slice(0, 5));
  });

  it('limit 7: pages cover every event exactly once', async () => {
    // Fifteen hours of every app, the stretches with 3 and 40 copies of an event included: enough
    // page boundaries to meet ties and copies, few enough pages that the test measures paging, not
    // the speed of the machine.
    const range = { from: '2026-11-23T12:00:00Z', to: '2026-11-24T03:00:00Z' };
    const expected = expectedKeys(events, {
      apps: APPS,
      fromMs: Date.parse(range.from),
      toMs: Date.parse(range.to),
      order: 'desc',
    });

    const { keys, pages } = await searchAll(dataset.engine(), { ...range, limit: 7 });

    expect(expected.length).toBeGreaterThan(200);
    expect(keys).toEqual(expected);
    expect(new Set(keys).size).toBe(expected.length);
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(expected.length / 7));
    expect(pages.slice(0, -1).every((page) => page.rows.length === 7)).toBe(true);
  });

  it.each(['desc', 'asc'] as const)(
    'limit 1 (%s): through a stretch with many copies, one event per page',
    async (order) => {
      // admin events around 1200 (40 copies) and 1500-1524 (3 copies each).
      const range = { from: '2026-11-23T12:00:00Z', to: '2026-11-24T03:00:00Z' };
      const expected = expectedKeys(events, {
        apps: ['admin'],
        fromMs: Date.parse(range.from),
        toMs: Date.parse(range.to),
        order,
      });

      const { keys, pages } = await searchAll(dataset.engine(), { app: 'admin', ...range, limit: 1, order });

      expect(expected).toContain('admin/g300');
      expect(keys).toEqual(expected);
      expect(pages).toHaveLength(expected.length);
    },
  );

  it('a page whose copies outnumber the slack fetches again and stays full', async () => {
    // 40 copies of event 1200 sort together: a 1-row page fetches 16 rows at a time.
    const recording = new RecordingEngine(dataset.engine());
    const range = { from: '2026-11-23T14:24:00Z', to: '2026-11-23T14:24:00.001Z' };

    const reply = await runSearch(
      recording,
      searchRequest({ app: 'admin', ...range, limit: 1 }),
      searchOptions(),
    );

    expect(reply.rows.map(keyOf)).toEqual(['admin/g300']);
    expect(reply.nextCursor).toBeNull();
    expect(recording.statements.length).toBeGreaterThan(1);
  });
});

describe('duplicates', () => {
  it('an event written many times is returned once and counted once', async () => {
    expect(copiesOf(1200)).toBe(40);

    const reply = await runSearch(
      dataset.engine(),
      searchRequest({ app: 'admin', filters: { 'attributes.orderId': 'ORD-1200' }, includeTotal: true }),
      searchOptions(),
    );

    expect(reply.rows.map(keyOf)).toEqual(['admin/g300']);
    expect(reply.total).toBe(1);
    // the copy received first
    expect(reply.rows[0]?.receivedAt).toBe(new Date(events[1200]?.row.received_at ?? 0).toISOString());
  });

  it('the total matches a brute-force count of distinct events, not of rows', async () => {
    const rawRows = events.reduce((sum, _event, i) => sum + copiesOf(i), 0);

    const reply = await runSearch(
      dataset.engine(),
      searchRequest({ includeTotal: true, limit: 1 }),
      searchOptions(),
    );

    expect(rawRows).toBeGreaterThan(EVENT_COUNT + 200);
    expect(reply.total).toBe(EVENT_COUNT);
  });

  it('the total is the same on every page', async () => {
    const { pages } = await searchAll(dataset.engine(), {
      includeTotal: true,
      limit: 1000,
      filters: { status: 404 },
    });

    expect(new Set(pages.map((page) => page.total))).toEqual(
      new Set([all((e) => e.row.status === 404).length]),
    );
  });
});

describe('apps', () => {
  it('rows of apps outside options.apps are never returned', async () => {
    const { keys } = await searchAll(dataset.engine(), {}, { apps: ['blog'] });

    expect(keys).toEqual(expectedKeys(events, { apps: ['blog'] }));
    expect(keys.every((key) => key.startsWith('blog/'))).toBe(true);
  });

  it('only the requested apps that are allowed, even if the caller passes more', async () => {
    const reply = await runSearch(
      dataset.engine(),
      searchRequest({ app: 'shop', includeTotal: true }),
      searchOptions({ apps: ['shop', 'blog'] }),
    );

    expect(reply.total).toBe(expectedKeys(events, { apps: ['shop'] }).length);
    expect(reply.rows.every((row) => row.app === 'shop')).toBe(true);
  });

  it('no allowed app: nothing, and nothing asked of the engine', async () => {
    const recording = new RecordingEngine(dataset.engine());

    const reply = await runSearch(
      recording,
      searchRequest({ app: 'shop', includeTotal: true }),
      searchOptions({ apps: ['blog'] }),
    );

    expect(reply).toMatchObject({ rows: [], nextCursor: null, total: 0 });
    expect(recording.sources).toEqual([]);
  });
});
