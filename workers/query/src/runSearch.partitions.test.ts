import { QueryEngineError } from '@rireki/ports';
import { RecordingEngine } from '@rireki/ports/testing';
import { describe, expect, it } from 'vitest';
import { runSearch } from './runSearch.js';
import { SearchError } from './SearchError.js';
import { expectedKeys } from './testing/searchDataset.js';
import { searchOptions, searchRequest } from './testing/searchHelpers.js';
import { createSearchLake } from './testing/searchLake.js';
import { useDatasetLake } from './testing/useDatasetLake.js';

// runSearch over a DuckDB lake of its own: which partitions a range reads, and what the engine failing does.
const EVENT_COUNT = 3_000;
const dataset = useDatasetLake(EVENT_COUNT);
const { events } = dataset;

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
    const recording = new RecordingEngine(dataset.engine());

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
    const recording = new RecordingEngine(dataset.engine());

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
    const reply = await runSearch(dataset.engine(), searchRequest({ limit: 1 }), searchOptions());

    expect(reply).not.toHaveProperty('total');
  });
});

describe('engine failures', () => {
  it('become ENGINE_ERROR without the engine text or SQL in the message', async () => {
    const secret = new Error('Binder Error: column "secret_column" not found in SELECT secret_column FROM x');
    const recording = new RecordingEngine(dataset.engine(), () => secret);

    const failure = await runSearch(recording, searchRequest({ text: 'needle' }), searchOptions()).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(SearchError);
    expect(failure).toMatchObject({ searchCode: 'ENGINE_ERROR', cause: secret });
    expect((failure as Error).message).not.toMatch(/secret|SELECT|Binder|needle/);
  });

  it('an engine timeout becomes TIMEOUT', async () => {
    const recording = new RecordingEngine(
      dataset.engine(),
      () => new QueryEngineError('interrupted', { timedOut: true }),
    );

    await expect(runSearch(recording, searchRequest(), searchOptions())).rejects.toMatchObject({
      searchCode: 'TIMEOUT',
    });
  });

  it('each query gets what is left of the budget; a spent budget is TIMEOUT', async () => {
    const slowSource = new RecordingEngine(dataset.engine());
    slowSource.source = async (partitions) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return dataset.engine().source(partitions);
    };

    await expect(
      runSearch(slowSource, searchRequest(), searchOptions({ timeoutMs: 30 })),
    ).rejects.toMatchObject({
      searchCode: 'TIMEOUT',
    });
    expect(slowSource.statements).toEqual([]);

    const recording = new RecordingEngine(dataset.engine());
    await runSearch(recording, searchRequest({ includeTotal: true }), searchOptions({ timeoutMs: 5_000 }));
    expect(recording.timeouts.every((ms) => ms > 0 && ms <= 5_000)).toBe(true);
  });

  it('a budget too small for the search is TIMEOUT', async () => {
    const failure = await runSearch(
      dataset.engine(),
      searchRequest({ text: 'no such text anywhere', includeTotal: true }),
      searchOptions({ timeoutMs: 1 }),
    ).catch((error: unknown) => error);

    expect(failure).toMatchObject({ searchCode: 'TIMEOUT' });
  });
});

it('never splices a value into SQL: every value of the request is a bound parameter', async () => {
  const recording = new RecordingEngine(dataset.engine());
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
    expect(statement.sql).not.toContain(dataset.lake().dir);
    expect(statement.sql.split('?').length - 1).toBe(statement.params.length);
    const params = JSON.stringify(statement.params);
    for (const n of [1, 4, 6]) expect(params).toContain(`${marker}${n}`);
  }
});
