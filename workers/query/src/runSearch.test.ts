import type { DuckDbQueryEngine } from '@rireki/adapters';
import type { SearchFilterValue } from '@rireki/contracts';
import { QueryEngineError } from '@rireki/ports';
import { RecordingEngine } from '@rireki/ports/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSearch } from './runSearch.js';
import { SearchError } from './SearchError.js';
import {
  APPS,
  copiesOf,
  type DatasetEvent,
  datasetEvents,
  expectedKeys,
  keyOf,
  writeDataset,
} from './testing/searchDataset.js';
import { searchAll, searchOptions, searchRequest } from './testing/searchHelpers.js';
import { createSearchLake, type SearchLake } from './testing/searchLake.js';

const EVENT_COUNT = 3_000;
const events = datasetEvents(EVENT_COUNT);
let lake: SearchLake;
let engine: DuckDbQueryEngine;

beforeAll(async () => {
  lake = await createSearchLake();
  await writeDataset(lake, events);
  engine = await lake.engine({ connections: 2, threads: 2 });
}, 60_000);

afterAll(async () => {
  await lake?.close();
});

const all = (match?: (event: DatasetEvent) => boolean, order: 'asc' | 'desc' = 'desc') =>
  expectedKeys(events, { apps: APPS, order, ...(match ? { match } : {}) });

const attribute = (event: DatasetEvent, name: string) => event.row.attributes?.[name];

describe('rows', () => {
  it('come back as the event the app sent: contract names, UTC times, params parsed, extra spread, nulls left out', async () => {
    // Event 110 of shop: extra fields, no duration.
    const reply = await runSearch(
      engine,
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
    const reply = await runSearch(engine, searchRequest({ filters: { eventId: 'e1531' } }), searchOptions());

    expect(reply.rows).toHaveLength(1);
    expect(reply.rows[0]).toMatchObject({
      app: 'blog',
      status: 201,
      params: { q: `Term${1531 % 17}`, note: 'ok' },
    });
    expect(reply.rows[0]).not.toHaveProperty('attributes');
  });
});

describe('filters', () => {
  const cases: Array<[string, Record<string, SearchFilterValue>, (event: DatasetEvent) => boolean]> = [
    ['eventId equals', { eventId: 'g100' }, (e) => e.row.event_id === 'g100'],
    [
      'action equals, with a quote, % and _',
      { action: "it's 100%_done" },
      (e) => e.row.action === "it's 100%_done",
    ],
    [
      'action equals a backslash path',
      { action: 'C:\\temp\\back' },
      (e) => e.row.action === 'C:\\temp\\back',
    ],
    ['method any of', { method: ['PUT', 'GET'] }, (e) => e.row.method === 'PUT' || e.row.method === 'GET'],
    [
      'path prefix with literal % and _',
      { path: { prefix: '/search?q=50%_' } },
      (e) => !!e.row.path?.startsWith('/search?q=50%_'),
    ],
    ['path prefix where _ must not be a wildcard', { path: { prefix: '/orders_1' } }, () => false],
    ['path contains', { path: { contains: '%_off' } }, (e) => !!e.row.path?.includes('%_off')],
    ['status equals', { status: 404 }, (e) => e.row.status === 404],
    ['status equals a numeric string', { status: '404' }, (e) => e.row.status === 404],
    ['status any of, mixed', { status: [201, '500'] }, (e) => e.row.status === 201 || e.row.status === 500],
    [
      'status gte and lt',
      { status: { gte: 200, lt: 300 } },
      (e) => e.row.status !== null && e.row.status >= 200 && e.row.status < 300,
    ],
    ['status gt', { status: { gt: 404 } }, (e) => e.row.status !== null && e.row.status > 404],
    ['status lte', { status: { lte: 201 } }, (e) => e.row.status !== null && e.row.status <= 201],
    [
      'durationMs range',
      { durationMs: { gte: 10.5, lte: 100 } },
      (e) => e.row.duration_ms !== null && e.row.duration_ms >= 10.5 && e.row.duration_ms <= 100,
    ],
    ['durationMs equals a fraction', { durationMs: 12.25 }, (e) => e.row.duration_ms === 12.25],
    ['userId as a number matches its text', { userId: 42 }, (e) => e.row.user_id === '42'],
    [
      'userId gte compares numbers, not text',
      { userId: { gte: 45 } },
      (e) => e.row.user_id !== null && Number(e.row.user_id) >= 45,
    ],
    ['ip prefix', { ip: { prefix: '10.0.1.' } }, (e) => !!e.row.ip?.startsWith('10.0.1.')],
    [
      'userAgent contains a quote',
      { userAgent: { contains: "O'Reilly" } },
      (e) => !!e.row.user_agent?.includes("O'Reilly"),
    ],
    ['attribute equals', { 'attributes.orderId': 'ORD-300' }, (e) => attribute(e, 'orderId') === 'ORD-300'],
    [
      'attribute equals a boolean as text',
      { 'attributes.paid': true },
      (e) => attribute(e, 'paid') === 'true',
    ],
    [
      'attribute any of',
      { 'attributes.orderId': ['ORD-1', 'ORD-2', 'ORD-999'] },
      (e) => ['ORD-1', 'ORD-2', 'ORD-999'].includes(attribute(e, 'orderId') ?? ''),
    ],
    [
      'attribute numeric range',
      { 'attributes.amount': { gt: 100, lte: 150 } },
      (e) => Number(attribute(e, 'amount') ?? Number.NaN) > 100 && Number(attribute(e, 'amount')) <= 150,
    ],
    [
      'attribute number equals its text',
      { 'attributes.amount': 150 },
      (e) => attribute(e, 'amount') === '150',
    ],
    [
      'attribute prefix with literal % and _',
      { 'attributes.tier': { prefix: '100%_' } },
      (e) => !!attribute(e, 'tier')?.startsWith('100%_'),
    ],
    [
      'attribute contains',
      { 'attributes.tier': { contains: '%_g' } },
      (e) => !!attribute(e, 'tier')?.includes('%_g'),
    ],
    ['range on text that is not a number', { 'attributes.orderId': { gte: 0 } }, () => false],
    ['missing attribute', { 'attributes.nothing': 'x' }, () => false],
    [
      'several filters, all must hold',
      { method: 'POST', status: { gte: 400 }, 'attributes.paid': 'false' },
      (e) => e.row.method === 'POST' && (e.row.status ?? 0) >= 400 && attribute(e, 'paid') === 'false',
    ],
  ];

  it.each(cases)('%s', async (_name, filters, match) => {
    const expected = all(match);

    const reply = await runSearch(engine, searchRequest({ filters, includeTotal: true }), searchOptions());

    expect(reply.rows.map(keyOf)).toEqual(expected.slice(0, 1000));
    expect(reply.total).toBe(expected.length);
  });

  it.each([
    [
      'over params, ignoring case',
      'term1',
      (e: DatasetEvent) => !!e.row.params?.toLowerCase().includes('term1'),
    ],
    [
      'with a quote, in params JSON text',
      "QUOTE'S",
      (e: DatasetEvent) => !!e.row.params?.toLowerCase().includes("quote's"),
    ],
    ['over action, Japanese', '注文', (e: DatasetEvent) => !!e.row.action?.includes('注文')],
    ['with literal % and _', '100%_DONE', (e: DatasetEvent) => e.row.action === "it's 100%_done"],
    ['over path', '/SEARCH?', (e: DatasetEvent) => !!e.row.path?.startsWith('/search?')],
    ['a backslash', '\\temp\\', (e: DatasetEvent) => !!e.row.action?.includes('\\temp\\')],
  ])('text %s', async (_name, text, match) => {
    const expected = all(match);

    const reply = await runSearch(engine, searchRequest({ text, includeTotal: true }), searchOptions());

    expect(expected.length).toBeGreaterThan(0);
    expect(reply.rows.map(keyOf)).toEqual(expected.slice(0, 1000));
    expect(reply.total).toBe(expected.length);
  });

  it.each<[string, Record<string, SearchFilterValue>, string[]]>([
    ['a word against status', { status: 'abc' }, ['filters.status']],
    ['an empty string against durationMs', { durationMs: '' }, ['filters.durationMs']],
    ['a boolean against status', { status: true }, ['filters.status']],
    ['one bad value in a list', { status: [200, 'x'] }, ['filters.status.1']],
    ['prefix on a number', { durationMs: { prefix: '1' } }, ['filters.durationMs.prefix']],
    ['contains on a number', { status: { contains: '0', gte: 1 } }, ['filters.status.contains']],
    [
      'every problem at once',
      { status: 'x', durationMs: { prefix: '1' } },
      ['filters.status', 'filters.durationMs.prefix'],
    ],
  ])('%s is an INVALID_REQUEST naming the filter', async (_name, filters, paths) => {
    const recording = new RecordingEngine(engine);

    const failure = await runSearch(recording, searchRequest({ filters }), searchOptions()).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(SearchError);
    expect(failure).toMatchObject({ searchCode: 'INVALID_REQUEST' });
    const details = (failure as SearchError).details as Array<{ path: string }>;
    expect(details.map((problem) => problem.path)).toEqual(paths);
    for (const path of paths) expect((failure as Error).message).toContain(path);
    expect(recording.statements).toEqual([]);
  });
});

describe('order and pagination', () => {
  it.each(['desc', 'asc'] as const)(
    '%s: every event once, in order, ties broken by eventId then app',
    async (order) => {
      const { keys, pages } = await searchAll(engine, { order, limit: 1000 });

      expect(keys).toEqual(all(undefined, order));
      expect(pages).toHaveLength(3);
      expect(pages.at(-1)?.nextCursor).toBeNull();
    },
  );

  it('defaults to desc', async () => {
    const reply = await runSearch(engine, searchRequest({ limit: 5 }), searchOptions());

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

    const { keys, pages } = await searchAll(engine, { ...range, limit: 7 });

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

      const { keys, pages } = await searchAll(engine, { app: 'admin', ...range, limit: 1, order });

      expect(expected).toContain('admin/g300');
      expect(keys).toEqual(expected);
      expect(pages).toHaveLength(expected.length);
    },
  );

  it('a page whose copies outnumber the slack fetches again and stays full', async () => {
    // 40 copies of event 1200 sort together: a 1-row page fetches 16 rows at a time.
    const recording = new RecordingEngine(engine);
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
      engine,
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

    const reply = await runSearch(engine, searchRequest({ includeTotal: true, limit: 1 }), searchOptions());

    expect(rawRows).toBeGreaterThan(EVENT_COUNT + 200);
    expect(reply.total).toBe(EVENT_COUNT);
  });

  it('the total is the same on every page', async () => {
    const { pages } = await searchAll(engine, { includeTotal: true, limit: 1000, filters: { status: 404 } });

    expect(new Set(pages.map((page) => page.total))).toEqual(
      new Set([all((e) => e.row.status === 404).length]),
    );
  });
});

describe('apps', () => {
  it('rows of apps outside options.apps are never returned', async () => {
    const { keys } = await searchAll(engine, {}, { apps: ['blog'] });

    expect(keys).toEqual(expectedKeys(events, { apps: ['blog'] }));
    expect(keys.every((key) => key.startsWith('blog/'))).toBe(true);
  });

  it('only the requested apps that are allowed, even if the caller passes more', async () => {
    const reply = await runSearch(
      engine,
      searchRequest({ app: 'shop', includeTotal: true }),
      searchOptions({ apps: ['shop', 'blog'] }),
    );

    expect(reply.total).toBe(expectedKeys(events, { apps: ['shop'] }).length);
    expect(reply.rows.every((row) => row.app === 'shop')).toBe(true);
  });

  it('no allowed app: nothing, and nothing asked of the engine', async () => {
    const recording = new RecordingEngine(engine);

    const reply = await runSearch(
      recording,
      searchRequest({ app: 'shop', includeTotal: true }),
      searchOptions({ apps: ['blog'] }),
    );

    expect(reply).toMatchObject({ rows: [], nextCursor: null, total: 0 });
    expect(recording.sources).toEqual([]);
  });
});

describe('partitions', () => {
  it.each([
    [
      'from and to inside days',
      { from: '2026-11-23T12:00:00Z', to: '2026-11-24T06:00:00Z' },
      ['2026-11-23', '2026-11-24'],
    ],
    [
      'to exactly at midnight leaves that day out',
      { from: '2026-11-23T12:00:00Z', to: '2026-11-25T00:00:00Z' },
      ['2026-11-23', '2026-11-24'],
    ],
    [
      'one millisecond into the day keeps it',
      { from: '2026-11-23T12:00:00Z', to: '2026-11-25T00:00:00.001Z' },
      ['2026-11-23', '2026-11-24', '2026-11-25'],
    ],
    [
      'offsets are read as instants, days in UTC',
      { from: '2026-11-24T08:00:00+09:00', to: '2026-11-24T09:00:00+09:00' },
      ['2026-11-23'],
    ],
  ])('%s: only the needed (app, dt) are asked for', async (_name, range, days) => {
    const recording = new RecordingEngine(engine);

    const reply = await runSearch(
      recording,
      searchRequest({ app: ['shop', 'blog'], ...range, includeTotal: true }),
      searchOptions(),
    );

    expect(recording.sources).toEqual([['blog', 'shop'].flatMap((app) => days.map((dt) => ({ app, dt })))]);
    const expected = expectedKeys(events, {
      apps: ['blog', 'shop'],
      fromMs: Date.parse(range.from),
      toMs: Date.parse(range.to),
    });
    expect(reply.total).toBe(expected.length);
  });

  it('an empty lake: no rows, no cursor, total 0', async () => {
    const empty = await createSearchLake();
    try {
      const reply = await runSearch(
        await empty.engine(),
        searchRequest({ includeTotal: true }),
        searchOptions(),
      );

      expect(reply).toMatchObject({
        ok: true,
        rows: [],
        nextCursor: null,
        total: 0,
        stats: { engine: 'duckdb' },
      });
    } finally {
      await empty.close();
    }
  });

  it('no partition in the range: no rows, no query run', async () => {
    const recording = new RecordingEngine(engine);

    const reply = await runSearch(
      recording,
      searchRequest({ from: '2026-10-01T00:00:00Z', to: '2026-10-02T00:00:00Z', includeTotal: true }),
      searchOptions(),
    );

    expect(reply).toMatchObject({ rows: [], nextCursor: null, total: 0 });
    expect(recording.sources).toHaveLength(1);
    expect(recording.statements).toEqual([]);
  });

  it('total is left out unless asked for', async () => {
    const reply = await runSearch(engine, searchRequest({ limit: 1 }), searchOptions());

    expect(reply).not.toHaveProperty('total');
  });
});

describe('engine failures', () => {
  it('become ENGINE_ERROR without the engine text or SQL in the message', async () => {
    const secret = new Error('Binder Error: column "secret_column" not found in SELECT secret_column FROM x');
    const recording = new RecordingEngine(engine, () => secret);

    const failure = await runSearch(recording, searchRequest({ text: 'needle' }), searchOptions()).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(SearchError);
    expect(failure).toMatchObject({ searchCode: 'ENGINE_ERROR', cause: secret });
    expect((failure as Error).message).not.toMatch(/secret|SELECT|Binder|needle/);
  });

  it('an engine timeout becomes TIMEOUT', async () => {
    const recording = new RecordingEngine(
      engine,
      () => new QueryEngineError('interrupted', { timedOut: true }),
    );

    await expect(runSearch(recording, searchRequest(), searchOptions())).rejects.toMatchObject({
      searchCode: 'TIMEOUT',
    });
  });

  it('each query gets what is left of the budget; a spent budget is TIMEOUT', async () => {
    const slowSource = new RecordingEngine(engine);
    slowSource.source = async (partitions) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return engine.source(partitions);
    };

    await expect(
      runSearch(slowSource, searchRequest(), searchOptions({ timeoutMs: 30 })),
    ).rejects.toMatchObject({
      searchCode: 'TIMEOUT',
    });
    expect(slowSource.statements).toEqual([]);

    const recording = new RecordingEngine(engine);
    await runSearch(recording, searchRequest({ includeTotal: true }), searchOptions({ timeoutMs: 5_000 }));
    expect(recording.timeouts.every((ms) => ms > 0 && ms <= 5_000)).toBe(true);
  });

  it('a budget too small for the search is TIMEOUT', async () => {
    const failure = await runSearch(
      engine,
      searchRequest({ text: 'no such text anywhere', includeTotal: true }),
      searchOptions({ timeoutMs: 1 }),
    ).catch((error: unknown) => error);

    expect(failure).toMatchObject({ searchCode: 'TIMEOUT' });
  });
});

it('never splices a value into SQL: every value of the request is a bound parameter', async () => {
  const recording = new RecordingEngine(engine);
  const marker = 'zq9marker';

  await runSearch(
    recording,
    searchRequest({
      filters: {
        action: `${marker}1`,
        path: { prefix: `${marker}2`, contains: `${marker}3` },
        [`attributes.${marker}4`]: [`${marker}5`],
        status: { gte: 123_456 },
      },
      text: `${marker}6`,
      includeTotal: true,
    }),
    searchOptions(),
  );

  expect(recording.statements).toHaveLength(2);
  for (const statement of recording.statements) {
    expect(statement.sql).not.toContain(marker);
    expect(statement.sql).not.toContain('123456');
    expect(statement.sql).not.toContain(lake.dir);
    expect(statement.sql.split('?').length - 1).toBe(statement.params.length);
    const params = JSON.stringify(statement.params);
    for (const n of [1, 4, 6]) expect(params).toContain(`${marker}${n}`);
  }
});
