import type { SearchFilterValue } from '@rireki/contracts';
import { RecordingEngine } from '@rireki/ports/testing';
import { describe, expect, it } from 'vitest';
import { runSearch } from './runSearch.js';
import { SearchError } from './SearchError.js';
import { type DatasetEvent, keyOf } from './testing/searchDataset.js';
import { searchOptions, searchRequest } from './testing/searchHelpers.js';
import { useDatasetLake } from './testing/useDatasetLake.js';

// runSearch over a DuckDB lake of its own: every filter kind.
const EVENT_COUNT = 3_000;
const dataset = useDatasetLake(EVENT_COUNT);
const { all } = dataset;
const attribute = (event: DatasetEvent, name: string) => event.row.attributes?.[name];

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
    ['status not equal: absent status matches', { status: { not: 200 } }, (e) => e.row.status !== 200],
    [
      'status none of, mixed, with a range',
      { status: { not: [200, '404'], lt: 500 } },
      (e) => e.row.status !== null && e.row.status < 500 && e.row.status !== 200 && e.row.status !== 404,
    ],
    [
      'method none of',
      { method: { not: ['GET', 'POST'] } },
      (e) => e.row.method !== 'GET' && e.row.method !== 'POST',
    ],
    [
      'attribute not equal: a missing attribute matches',
      { 'attributes.orderId': { not: 'ORD-300' } },
      (e) => attribute(e, 'orderId') !== 'ORD-300',
    ],
    ['missing attribute not equal matches every event', { 'attributes.nothing': { not: 'x' } }, () => true],
    [
      'several filters, all must hold',
      { method: 'POST', status: { gte: 400 }, 'attributes.paid': 'false' },
      (e) => e.row.method === 'POST' && (e.row.status ?? 0) >= 400 && attribute(e, 'paid') === 'false',
    ],
  ];

  it.each(cases)('%s', async (_name, filters, match) => {
    const expected = all(match);

    const reply = await runSearch(
      dataset.engine(),
      searchRequest({ filters, includeTotal: true }),
      searchOptions(),
    );

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

    const reply = await runSearch(
      dataset.engine(),
      searchRequest({ text, includeTotal: true }),
      searchOptions(),
    );

    expect(expected.length).toBeGreaterThan(0);
    expect(reply.rows.map(keyOf)).toEqual(expected.slice(0, 1000));
    expect(reply.total).toBe(expected.length);
  });

  it.each<[string, Record<string, SearchFilterValue>, string[]]>([
    ['a word against status', { status: 'abc' }, ['filters.status']],
    ['an empty string against durationMs', { durationMs: '' }, ['filters.durationMs']],
    ['a boolean against status', { status: true }, ['filters.status']],
    ['one bad value in a list', { status: [200, 'x'] }, ['filters.status.1']],
    ['a word in a negation of status', { status: { not: ['x', 200] } }, ['filters.status.not.0']],
    ['prefix on a number', { durationMs: { prefix: '1' } }, ['filters.durationMs.prefix']],
    ['contains on a number', { status: { contains: '0', gte: 1 } }, ['filters.status.contains']],
    ['gte on a path', { path: { gte: 5 } }, ['filters.path.gte']],
    ['lt on a method', { method: { lt: 1, prefix: 'G' } }, ['filters.method.lt']],
    [
      'every problem at once',
      { status: 'x', durationMs: { prefix: '1' } },
      ['filters.status', 'filters.durationMs.prefix'],
    ],
  ])('%s is an INVALID_REQUEST naming the filter', async (_name, filters, paths) => {
    const recording = new RecordingEngine(dataset.engine());

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
