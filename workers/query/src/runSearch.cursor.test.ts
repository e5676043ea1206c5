import type { DuckDbQueryEngine } from '@rireki/adapters';
import type { SearchRequestInput } from '@rireki/contracts';
import { RecordingEngine } from '@rireki/ports/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSearch } from './runSearch.js';
import { SearchError } from './SearchError.js';
import { datasetEvents, expectedKeys, keyOf, NOW_MS, writeDataset } from './testing/searchDataset.js';
import { searchAll, searchOptions, searchRequest } from './testing/searchHelpers.js';
import { createSearchLake, lakeRow, type SearchLake } from './testing/searchLake.js';

const events = datasetEvents(300);
let lake: SearchLake;
let engine: DuckDbQueryEngine;

beforeAll(async () => {
  lake = await createSearchLake();
  await writeDataset(lake, events);
  engine = await lake.engine({ connections: 2 });
}, 60_000);

afterAll(async () => {
  await lake?.close();
});

const base: Partial<SearchRequestInput> = {
  app: ['shop', 'blog'],
  filters: { status: { gte: 200 }, 'attributes.paid': 'true' },
  text: 'term',
  limit: 10,
};

async function firstCursor(input: Partial<SearchRequestInput> = base): Promise<string> {
  const reply = await runSearch(engine, searchRequest(input), searchOptions());
  if (reply.nextCursor === null) throw new Error('expected a second page');
  return reply.nextCursor;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected the search to fail'),
    (error: unknown) => error,
  );
}

describe('a cursor of another search is INVALID_CURSOR', () => {
  it.each<[string, Partial<SearchRequestInput>]>([
    ['another filter value', { filters: { status: { gte: 201 }, 'attributes.paid': 'true' } }],
    ['one filter fewer', { filters: { status: { gte: 200 } } }],
    ['another text', { text: 'terms' }],
    ['no text', { text: undefined }],
    ['another app', { app: ['shop'] }],
    ['another from', { from: '2026-11-22T00:00:00.001Z' }],
    ['another order', { order: 'asc' }],
  ])('%s', async (_name, change) => {
    const cursor = await firstCursor();
    const recording = new RecordingEngine(engine);

    const error = await failure(
      runSearch(recording, searchRequest({ ...base, ...change, cursor }), searchOptions()),
    );

    expect(error).toBeInstanceOf(SearchError);
    expect(error).toMatchObject({ searchCode: 'INVALID_CURSOR' });
    expect(recording.statements).toEqual([]);
  });
});

it('the same search spelled differently, with another limit or includeTotal, takes the cursor', async () => {
  const input = { ...base, app: 'shop', limit: 5 };
  const cursor = await firstCursor(input);
  const expected = expectedKeys(events, {
    apps: ['shop'],
    match: (e) =>
      (e.row.status ?? 0) >= 200 &&
      e.row.attributes?.paid === 'true' &&
      !!e.row.params?.toLowerCase().includes('term'),
  });

  const reply = await runSearch(
    engine,
    searchRequest({
      app: ['shop'],
      from: '2026-11-22T09:00:00+09:00',
      filters: { 'attributes.paid': 'true', status: { gte: 200 } },
      text: 'term',
      limit: 7,
      includeTotal: true,
      cursor,
    }),
    searchOptions(),
  );

  expect(reply.rows.map(keyOf)).toEqual(expected.slice(5, 12));
  expect(reply.total).toBe(expected.length);
});

describe('a cursor that does not decode is INVALID_CURSOR', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each<[string, () => Promise<string>]>([
    ['a word', async () => 'hello'],
    ['not base64url', async () => '!!!!'],
    ['SQL', async () => "' OR 1=1 --"],
    ['an object', async () => b64({ after: 1 })],
    ['null', async () => b64(null)],
    ['a short tuple', async () => b64([1, 2, 3])],
    ['another version', async () => b64([2, 0, 'e1', 'shop', 'desc', 0, 'x'])],
    ['a fractional time', async () => b64([1, 1.5, 'e1', 'shop', 'desc', 0, 'x'])],
    ['an unknown order', async () => b64([1, 0, 'e1', 'shop', 'sideways', 0, 'x'])],
    ['very long', async () => 'A'.repeat(2048)],
    ['a real one, truncated', async () => (await firstCursor()).slice(0, -6)],
    [
      'a real one with its hash changed',
      async () => {
        const tuple = JSON.parse(Buffer.from(await firstCursor(), 'base64url').toString()) as unknown[];
        return b64([...tuple.slice(0, 6), 'forged']);
      },
    ],
  ])('%s', async (_name, cursor) => {
    const recording = new RecordingEngine(engine);

    const error = await failure(
      runSearch(recording, searchRequest({ ...base, cursor: await cursor() }), searchOptions()),
    );

    expect(error).toBeInstanceOf(SearchError);
    expect(error).toMatchObject({ searchCode: 'INVALID_CURSOR' });
    expect(recording.statements).toEqual([]);
  });
});

describe('snapshot', () => {
  it('rows that arrive after the first page never shift or duplicate later pages', async () => {
    const own = await createSearchLake();
    try {
      await writeDataset(own, events);
      const ownEngine = await own.engine();
      const input = { app: 'blog', limit: 10, includeTotal: true };
      const before = await searchAll(ownEngine, input);
      const page2 = before.pages[1];
      const cursor = before.pages[0]?.nextCursor;
      const inPage2 = page2?.rows[4];
      if (!page2 || !cursor || !inPage2) throw new Error('expected at least two pages');

      // Arriving after the snapshot: a new event that sorts inside page 2, copies of page 2's rows,
      // and a new latest event.
      const at = Date.parse(inPage2.occurredAt);
      const late = NOW_MS + 60_000;
      await own.write('blog', [
        lakeRow({ event_id: `${inPage2.eventId}a`, occurred_at: at, received_at: late }),
        lakeRow({
          event_id: 'zz-newest',
          occurred_at: Date.parse('2026-11-25T23:00:00Z'),
          received_at: late,
        }),
        ...page2.rows.map((row) =>
          lakeRow({ event_id: row.eventId, occurred_at: Date.parse(row.occurredAt), received_at: late }),
        ),
      ]);

      const again = await runSearch(
        ownEngine,
        searchRequest({ ...input, cursor }),
        searchOptions({ nowMs: late + 1 }),
      );

      expect(again.rows).toEqual(page2.rows);
      expect(again.nextCursor).toBe(page2.nextCursor);
      expect(again.total).toBe(before.pages[0]?.total);
      // A new search sees the new events, each once.
      const fresh = await searchAll(ownEngine, input, { nowMs: late + 1 });
      expect(fresh.keys).toHaveLength(before.keys.length + 2);
      expect(fresh.keys[0]).toBe('blog/zz-newest');
      expect(fresh.keys).toContain(`blog/${inPage2.eventId}a`);
      expect(new Set(fresh.keys).size).toBe(fresh.keys.length);
    } finally {
      await own.close();
    }
  });

  it('a first page leaves out rows received after its snapshot', async () => {
    const newest = expectedKeys(events, { apps: ['shop'] })[0];
    const newestRow = events.find(
      (event) => keyOf({ app: event.app, eventId: event.row.event_id }) === newest,
    );
    if (!newestRow) throw new Error('expected rows');

    const reply = await runSearch(
      engine,
      searchRequest({ app: 'shop', limit: 1 }),
      searchOptions({ nowMs: newestRow.row.received_at - 1 }),
    );

    expect(reply.rows.map(keyOf)).not.toContain(newest);
  });
});
