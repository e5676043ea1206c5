import { describe, expect, it } from 'vitest';
import { UsageError } from '../flags/UsageError.js';
import { printedCursor } from './searchCursor.js';
import { planSearch, type SearchFlags } from './searchFlags.js';

const NOW = Date.parse('2026-12-01T03:00:00.000Z');
const flags = (more: Partial<SearchFlags> = {}): SearchFlags => ({
  app: 'shop',
  filter: [],
  order: 'desc',
  limit: 50,
  all: false,
  total: false,
  json: false,
  ...more,
});

function problemsOf(given: Partial<SearchFlags>, zone = 'UTC') {
  try {
    planSearch(flags(given), zone, NOW);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('planSearch', () => {
  it('defaults to the 7 days before now', () => {
    const { request } = planSearch(flags(), 'UTC', NOW);

    expect(request).toMatchObject({ from: '2026-11-24T03:00:00.000Z', to: '2026-12-01T03:00:00.000Z' });
  });

  it('continues a search from the printed cursor alone, on a later run', () => {
    // Prepare: the first page ran at NOW with the default range.
    const first = planSearch(flags({ limit: 2 }), 'UTC', NOW);
    const printed = printedCursor(first.range, 'WORKER_CURSOR');

    // Act: an hour later, only --cursor is added.
    const next = planSearch(flags({ limit: 2, cursor: printed }), 'UTC', NOW + 3_600_000);

    // Assess
    expect(next.request).toMatchObject({
      from: first.request.from,
      to: first.request.to,
      cursor: 'WORKER_CURSOR',
    });
  });

  it('reads a date-only --from as midnight in the chosen zone', () => {
    const { request } = planSearch(flags({ from: '2026-11-30', to: '2026-12-01' }), 'Asia/Tokyo', NOW);

    expect(request).toMatchObject({ from: '2026-11-29T15:00:00.000Z', to: '2026-11-30T15:00:00.000Z' });
  });

  it('reads a time without offset in the zone, and one with an offset as given', () => {
    const { request } = planSearch(
      flags({ from: '2026-11-30T14:00', to: '2026-11-30T15:00:00+00:00' }),
      'Asia/Tokyo',
      NOW,
    );

    expect(request).toMatchObject({ from: '2026-11-30T05:00:00.000Z', to: '2026-11-30T15:00:00.000Z' });
  });

  it('counts a duration back from now', () => {
    expect(planSearch(flags({ from: '24h' }), 'UTC', NOW).request.from).toBe('2026-11-30T03:00:00.000Z');
  });

  it.each([
    [{ to: 'garbage' }, '--to', /^must be an RFC 3339 time .* \(got "garbage"\)$/],
    [{ from: '2026-12-02', to: '2026-12-01' }, '--to', /^must be after --from/],
    [{ cursor: 'r1.garbage' }, '--cursor', /is not a cursor printed by rireki search/],
    [{ cursor: 'eyJzZGsiOjF9' }, '--cursor', /give the same --from and --to/],
    [{ order: 'newest' }, '--order', /must be desc \(newest first\) or asc \(got "newest"\)/],
    [{ format: 'xml' }, '--format', /must be one of table, json, ndjson, csv \(got "xml"\)/],
    [{ columns: 'eventId,colour' }, '--columns', /has unknown columns "colour"/],
    [{ filter: ['status=ok'] }, '--filter', /status takes numbers/],
  ])('names the bad flag: %o', (given, path, message) => {
    const problems = problemsOf(given);

    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(path);
    expect(problems[0]?.message).toMatch(message);
  });

  it('refuses flags that say another range than the cursor', () => {
    const printed = printedCursor({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' }, 'C');

    expect(problemsOf({ cursor: printed, to: '2026-11-03T00:00:00Z' })[0]).toMatchObject({ path: '--to' });
  });

  it('streams --all --json as one row per line', () => {
    expect(planSearch(flags({ all: true, json: true }), 'UTC', NOW).format).toBe('ndjson');
  });
});
