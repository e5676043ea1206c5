import { RecordingEngine } from '@rireki/ports/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSearch } from './runSearch.js';
import { compactPartitions } from './testing/compactPartitions.js';
import { BASE_MS, expectedKeys } from './testing/searchDataset.js';
import { searchAll, searchOptions, searchRequest } from './testing/searchHelpers.js';
import { useDatasetLake } from './testing/useDatasetLake.js';

// Totals over partitions that one compaction wrote: counted from Parquet footers where every row
// is in range, by query elsewhere, and always each event once.
const dataset = useDatasetLake(3_000);
const { events } = dataset;
const COMPACTED = ['2026-11-22', '2026-11-23', '2026-11-24'].map((dt) => ({ app: 'shop', dt }));

beforeAll(() => compactPartitions(dataset.lake().lakeDir, COMPACTED));

const counts = (recording: RecordingEngine) =>
  recording.statements.filter((statement) => statement.sql.includes('AS total'));

describe('totals over compacted partitions', () => {
  it('counts whole compacted days from file metadata, with no count query', async () => {
    const recording = new RecordingEngine(dataset.engine());
    const range = { from: '2026-11-22T00:00:00Z', to: '2026-11-25T00:00:00Z' };

    const reply = await runSearch(
      recording,
      searchRequest({ app: 'shop', ...range, includeTotal: true }),
      searchOptions(),
    );

    const expected = expectedKeys(events, {
      apps: ['shop'],
      fromMs: Date.parse(range.from),
      toMs: Date.parse(range.to),
    });
    expect(reply.total).toBe(expected.length);
    expect(counts(recording)).toEqual([]);
  });

  it('counts the other days of the range by query, each event once', async () => {
    const recording = new RecordingEngine(dataset.engine());

    const reply = await runSearch(
      recording,
      searchRequest({ app: 'shop', includeTotal: true }),
      searchOptions(),
    );

    expect(reply.total).toBe(expectedKeys(events, { apps: ['shop'] }).length);
    // Only the day that is not compacted (2026-11-25) is left to the query.
    const [count] = counts(recording);
    expect(counts(recording)).toHaveLength(1);
    expect(JSON.stringify(count?.params)).toContain('dt=2026-11-25');
    expect(JSON.stringify(count?.params)).not.toContain('dt=2026-11-24');
  });

  it('counts by query a compacted day that the range cuts, or when a filter applies', async () => {
    const cut = { from: '2026-11-23T06:00:00Z', to: '2026-11-24T00:00:00Z' };
    const cutReply = await runSearch(
      dataset.engine(),
      searchRequest({ app: 'shop', ...cut, includeTotal: true }),
      searchOptions(),
    );
    expect(cutReply.total).toBe(
      expectedKeys(events, { apps: ['shop'], fromMs: Date.parse(cut.from), toMs: Date.parse(cut.to) }).length,
    );

    const recording = new RecordingEngine(dataset.engine());
    const filtered = await runSearch(
      recording,
      searchRequest({ app: 'shop', filters: { method: 'POST' }, includeTotal: true }),
      searchOptions(),
    );
    const posts = expectedKeys(events, { apps: ['shop'], match: (event) => event.row.method === 'POST' });
    expect(filtered.total).toBe(posts.length);
    expect(counts(recording)).toHaveLength(1);
  });

  it('leaves out of the snapshot what a compacted day received after it', async () => {
    const day = { from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' };
    const early = BASE_MS + 12 * 3_600_000;
    const reply = await runSearch(
      dataset.engine(),
      searchRequest({ app: 'shop', ...day, includeTotal: true }),
      searchOptions({ nowMs: early }),
    );
    const received = expectedKeys(events, {
      apps: ['shop'],
      fromMs: Date.parse(day.from),
      toMs: Date.parse(day.to),
      match: (event) => event.row.received_at <= early,
    });
    expect(reply.total).toBe(received.length);
  });
});

describe('an unfiltered first page over several days', () => {
  it('reads only the day it starts with when that day fills the page', async () => {
    const recording = new RecordingEngine(dataset.engine());

    const reply = await runSearch(recording, searchRequest({ app: 'shop', limit: 5 }), searchOptions());

    expect(reply.rows.map((row) => row.eventId)).toEqual(
      expectedKeys(events, { apps: ['shop'] })
        .slice(0, 5)
        .map((key) => key.split('/')[1]),
    );
    // One listing of the lake serves the whole search.
    expect(recording.sources).toHaveLength(1);
    const pages = recording.statements.filter((statement) => statement.sql.includes('ORDER BY'));
    expect(pages).toHaveLength(1);
    expect(JSON.stringify(pages[0]?.params)).toContain('dt=2026-11-25');
    expect(JSON.stringify(pages[0]?.params)).not.toContain('dt=2026-11-24');
  });
});

describe('pages over compacted days', () => {
  const pageLimits = (recording: RecordingEngine) =>
    recording.statements
      .filter((statement) => statement.sql.includes('ORDER BY'))
      .map((statement) => /LIMIT (\d+)$/.exec(statement.sql)?.[1]);

  it('fetch the page and one row more where no copies can be, and room for copies elsewhere', async () => {
    const compacted = new RecordingEngine(dataset.engine());
    const range = { from: '2026-11-22T00:00:00Z', to: '2026-11-25T00:00:00Z' };

    const reply = await runSearch(
      compacted,
      searchRequest({ app: 'shop', ...range, limit: 1 }),
      searchOptions(),
    );

    const expected = expectedKeys(events, {
      apps: ['shop'],
      fromMs: Date.parse(range.from),
      toMs: Date.parse(range.to),
    });
    expect(reply.rows.map((row) => `shop/${row.eventId}`)).toEqual(expected.slice(0, 1));
    expect(reply.nextCursor).not.toBeNull();
    expect(pageLimits(compacted)).toEqual(['2']);

    const mixed = new RecordingEngine(dataset.engine());
    const day = { from: '2026-11-25T00:00:00Z', to: '2026-11-26T00:00:00Z' };
    await runSearch(mixed, searchRequest({ app: 'shop', ...day, limit: 1 }), searchOptions());
    expect(pageLimits(mixed)).toEqual(['16']);
  });

  it('walked in small pages across compacted and other days, give every event once, in order', async () => {
    const range = { from: '2026-11-24T00:00:00Z', to: '2026-11-26T00:00:00Z' };

    const { keys } = await searchAll(dataset.engine(), { app: 'shop', ...range, limit: 3 });

    expect(keys).toEqual(
      expectedKeys(events, { apps: ['shop'], fromMs: Date.parse(range.from), toMs: Date.parse(range.to) }),
    );
  });
});
