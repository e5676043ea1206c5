import {
  formatProblems,
  type HistogramRequestInput,
  type TopValuesRequestInput,
  validateHistogramRequest,
  validateTopValuesRequest,
} from '@rireki/contracts';
import { RecordingEngine } from '@rireki/ports/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSearch } from '../runSearch.js';
import { compactPartitions } from '../testing/compactPartitions.js';
import { APPS, type DatasetEvent, RANGE } from '../testing/searchDataset.js';
import { searchOptions, searchRequest } from '../testing/searchHelpers.js';
import { useDatasetLake } from '../testing/useDatasetLake.js';
import { runHistogram } from './runHistogram.js';
import { runTopValues } from './runTopValues.js';

// Histograms and top values over the dataset lake, with copies in every day and one day compacted
// (its rows known to hold none), against a brute-force count of the events, each once.
const dataset = useDatasetLake(3_000);
const { events } = dataset;
beforeAll(() => compactPartitions(dataset.lake().lakeDir, [{ app: 'shop', dt: '2026-11-23' }]));

function histogramRequest(input: Partial<Omit<HistogramRequestInput, 'kind'>> = {}) {
  const validation = validateHistogramRequest({ kind: 'histogram', app: [...APPS], ...RANGE, ...input });
  if (!validation.ok) throw new Error(`invalid test request: ${formatProblems(validation.problems)}`);
  return validation.request;
}

function topValuesRequest(input: Partial<Omit<TopValuesRequestInput, 'kind'>> = {}) {
  const validation = validateTopValuesRequest({ kind: 'topValues', app: [...APPS], ...RANGE, ...input });
  if (!validation.ok) throw new Error(`invalid test request: ${formatProblems(validation.problems)}`);
  return validation.request;
}

/** The events in a range that pass a match, each once. */
function matching(
  match: (event: DatasetEvent) => boolean = () => true,
  fromMs = Date.parse(RANGE.from),
  toMs = Date.parse(RANGE.to),
) {
  return events.filter(
    (event) => event.row.occurred_at >= fromMs && event.row.occurred_at < toMs && match(event),
  );
}

/** The brute-force count of every bucket of a reply. */
function bruteForceCounts(
  buckets: readonly { start: string; end: string }[],
  match?: (event: DatasetEvent) => boolean,
) {
  const chosen = matching(match);
  return buckets.map((bucket) => {
    const start = Date.parse(bucket.start);
    const end = Date.parse(bucket.end);
    return chosen.filter((event) => event.row.occurred_at >= start && event.row.occurred_at < end).length;
  });
}

describe('runHistogram', () => {
  it('counts each event once per UTC hour, and the buckets add up to the search total', async () => {
    const recording = new RecordingEngine(dataset.engine());

    const reply = await runHistogram(recording, histogramRequest({ interval: '1h' }), searchOptions());
    const search = await runSearch(
      dataset.engine(),
      searchRequest({ includeTotal: true, limit: 1 }),
      searchOptions(),
    );

    expect(reply.buckets).toHaveLength(96);
    expect(reply.buckets[0]).toMatchObject({
      start: '2026-11-22T00:00:00.000Z',
      end: '2026-11-22T01:00:00.000Z',
    });
    expect(reply.buckets.map((bucket) => bucket.count)).toEqual(bruteForceCounts(reply.buckets));
    expect(reply.total).toBe(matching().length);
    expect(reply.total).toBe(search.total);
    // One statement counts the compacted day as it is, the other folds the copies elsewhere.
    const slots = recording.statements.filter((statement) => statement.sql.includes('AS slot'));
    expect(slots.map((statement) => statement.sql.includes('DISTINCT'))).toEqual([false, true]);
  });

  it('puts day boundaries at midnight in the zone: Asia/Tokyo days start at 15:00 UTC', async () => {
    const utc = await runHistogram(dataset.engine(), histogramRequest({ interval: '1d' }), searchOptions());
    const tokyo = await runHistogram(
      dataset.engine(),
      histogramRequest({ interval: '1d', timeZone: 'Asia/Tokyo' }),
      searchOptions(),
    );

    expect(utc.buckets.map((bucket) => bucket.start)).toEqual(
      ['22', '23', '24', '25'].map((day) => `2026-11-${day}T00:00:00.000Z`),
    );
    expect(tokyo.buckets.map((bucket) => bucket.start)).toEqual(
      ['21', '22', '23', '24', '25'].map((day) => `2026-11-${day}T15:00:00.000Z`),
    );
    expect(tokyo.timeZone).toBe('Asia/Tokyo');
    expect(tokyo.buckets.map((bucket) => bucket.count)).toEqual(bruteForceCounts(tokyo.buckets));
    expect(utc.buckets.map((bucket) => bucket.count)).toEqual(bruteForceCounts(utc.buckets));
    expect(tokyo.buckets.map((bucket) => bucket.count)).not.toEqual(
      utc.buckets.map((bucket) => bucket.count),
    );
    expect(tokyo.total).toBe(utc.total);
  });

  it('counts only what the filters, the text and the grants let through, in 30-minute Kolkata buckets', async () => {
    const filters = { status: { gte: 300, lt: 600 } };
    const request = histogramRequest({
      app: ['shop', 'blog'],
      filters,
      text: 'orders',
      interval: '30m',
      timeZone: 'Asia/Kolkata',
    });

    const reply = await runHistogram(dataset.engine(), request, searchOptions({ apps: ['shop'] }));

    const match = (event: DatasetEvent) =>
      event.app === 'shop' &&
      event.row.status !== null &&
      event.row.status >= 300 &&
      (event.row.path ?? '').includes('orders');
    // Kolkata is UTC+05:30: half hours start at :00 and :30 UTC.
    expect(reply.buckets[0]?.start).toBe('2026-11-22T00:00:00.000Z');
    expect(reply.buckets.map((bucket) => bucket.count)).toEqual(bruteForceCounts(reply.buckets, match));
    expect(reply.total).toBe(matching(match).length);
    expect(reply.total).toBeGreaterThan(0);
  });

  it('chooses an interval giving at most 60 buckets when none is asked for', async () => {
    const reply = await runHistogram(dataset.engine(), histogramRequest(), searchOptions());

    expect(reply.interval).toBe('3h');
    expect(reply.buckets).toHaveLength(32);
    expect(reply.total).toBe(matching().length);
  });

  it('leaves out what arrived after now, as a first page does', async () => {
    const nowMs = Date.parse('2026-11-23T12:00:00Z');

    const reply = await runHistogram(
      dataset.engine(),
      histogramRequest({ interval: '1d' }),
      searchOptions({ nowMs }),
    );

    expect(reply.total).toBe(matching((event) => event.row.received_at <= nowMs).length);
  });
});

/** The brute-force top values of one field: count desc, then value, null last. */
function bruteForceTop(
  field: 'status' | 'path' | 'action' | 'user_id',
  match?: (event: DatasetEvent) => boolean,
) {
  const counts = new Map<string | number | null, number>();
  for (const event of matching(match)) {
    const value = event.row[field];
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        (a.value === null ? 1 : b.value === null ? -1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
    );
}

describe('runTopValues', () => {
  it('gives the most frequent statuses, actions and users, each event once, with what the rest hold', async () => {
    const reply = await runTopValues(dataset.engine(), topValuesRequest({ limit: 5 }), searchOptions());

    const total = matching().length;
    expect(reply.total).toBe(total);
    expect(reply.fields.map((field) => field.field)).toEqual(['status', 'path', 'action', 'userId']);
    const column = { status: 'status', path: 'path', action: 'action', userId: 'user_id' } as const;
    for (const field of reply.fields) {
      const expected = bruteForceTop(column[field.field as keyof typeof column]).slice(0, 5);
      expect(field.values, field.field).toEqual(expected);
      expect(field.others, field.field).toBe(total - expected.reduce((sum, value) => sum + value.count, 0));
    }
    // Statuses: 200, 201, 404, 500 and null alike; null sorts last among equal counts.
    expect(reply.fields[0]?.values.map((value) => value.value)).toContain(null);
  });

  it('counts the values of the filtered search of the granted apps only', async () => {
    const request = topValuesRequest({
      fields: ['method', 'ip'],
      filters: { method: ['POST', 'PUT'] },
      limit: 50,
    });

    const reply = await runTopValues(dataset.engine(), request, searchOptions({ apps: ['blog'] }));

    const match = (event: DatasetEvent) =>
      event.app === 'blog' && ['POST', 'PUT'].includes(event.row.method ?? '');
    const methods = new Map<string, number>();
    for (const event of matching(match))
      methods.set(event.row.method ?? '', (methods.get(event.row.method ?? '') ?? 0) + 1);
    expect(reply.total).toBe(matching(match).length);
    expect(reply.fields[0]).toEqual({
      field: 'method',
      values: [...methods]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
      others: 0,
    });
    expect(reply.fields[1]?.values).toHaveLength(50);
    expect(reply.fields[1]?.others).toBe(
      reply.total - (reply.fields[1]?.values ?? []).reduce((sum, value) => sum + value.count, 0),
    );
  });
});
