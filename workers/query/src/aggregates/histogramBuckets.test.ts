import { describe, expect, it } from 'vitest';
import { SearchError } from '../SearchError.js';
import { chooseInterval, histogramBoundaries } from './histogramBuckets.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe('histogramBoundaries', () => {
  it('starts days at midnight in the zone: JST days start at 15:00 UTC the day before', () => {
    // Act
    const utc = histogramBoundaries(at('2026-11-01T00:00:00Z'), at('2026-11-03T00:00:00Z'), '1d', 'UTC');
    const tokyo = histogramBoundaries(
      at('2026-11-01T00:00:00Z'),
      at('2026-11-03T00:00:00Z'),
      '1d',
      'Asia/Tokyo',
    );

    // Assess
    expect(utc.map(iso)).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
      '2026-11-03T00:00:00.000Z',
    ]);
    expect(tokyo.map(iso)).toEqual([
      '2026-10-31T15:00:00.000Z',
      '2026-11-01T15:00:00.000Z',
      '2026-11-02T15:00:00.000Z',
      '2026-11-03T15:00:00.000Z',
    ]);
  });

  it('makes the DST days of New York 23 and 25 hours long', () => {
    // Act
    const spring = histogramBoundaries(
      at('2026-03-08T05:00:00Z'),
      at('2026-03-09T04:00:00Z'),
      '1d',
      'America/New_York',
    );
    const autumn = histogramBoundaries(
      at('2026-11-01T04:00:00Z'),
      at('2026-11-02T05:00:00Z'),
      '1d',
      'America/New_York',
    );

    // Assess
    expect(spring.length).toBe(2);
    expect((spring[1] as number) - (spring[0] as number)).toBe(23 * HOUR);
    expect(autumn.length).toBe(2);
    expect((autumn[1] as number) - (autumn[0] as number)).toBe(25 * HOUR);
  });

  it('puts hour buckets at whole local hours in a half-hour zone', () => {
    // Act
    const kolkata = histogramBoundaries(
      at('2026-11-01T00:10:00Z'),
      at('2026-11-01T02:00:00Z'),
      '1h',
      'Asia/Kolkata',
    );

    // Assess: 05:40 IST falls in 05:00-06:00 IST, which is 23:30-00:30 UTC.
    expect(kolkata.map(iso)).toEqual([
      '2026-10-31T23:30:00.000Z',
      '2026-11-01T00:30:00.000Z',
      '2026-11-01T01:30:00.000Z',
      '2026-11-01T02:30:00.000Z',
    ]);
  });

  it('keeps boundaries strictly increasing through the repeated hour of a DST end', () => {
    // Act
    const boundaries = histogramBoundaries(
      at('2026-11-01T04:00:00Z'),
      at('2026-11-01T09:00:00Z'),
      '30m',
      'America/New_York',
    );

    // Assess
    for (let index = 1; index < boundaries.length; index++) {
      expect((boundaries[index] as number) - (boundaries[index - 1] as number)).toBe(HOUR / 2);
    }
    expect(boundaries[0]).toBe(at('2026-11-01T04:00:00Z'));
    expect(boundaries.at(-1)).toBe(at('2026-11-01T09:00:00Z'));
  });

  it('starts weeks on Monday', () => {
    // Act: 2026-11-04 is a Wednesday.
    const weeks = histogramBoundaries(at('2026-11-04T12:00:00Z'), at('2026-11-10T00:00:00Z'), '7d', 'UTC');

    // Assess
    expect(weeks.map(iso)).toEqual([
      '2026-11-02T00:00:00.000Z',
      '2026-11-09T00:00:00.000Z',
      '2026-11-16T00:00:00.000Z',
    ]);
  });

  it('refuses an interval that gives more buckets than the cap, naming it', () => {
    // Act
    const run = () =>
      histogramBoundaries(at('2026-11-01T00:00:00Z'), at('2026-11-08T00:00:00Z'), '1m', 'UTC');

    // Assess
    expect(run).toThrow(SearchError);
    expect(run).toThrow(/^interval: gives 10081 buckets/);
  });
});

describe('chooseInterval', () => {
  it.each([
    ['15 minutes', 15 * 60_000, '1m'],
    ['1 hour', HOUR, '1m'],
    ['24 hours', 24 * HOUR, '30m'],
    ['7 days', 7 * 24 * HOUR, '3h'],
    ['30 days', 30 * 24 * HOUR, '12h'],
    ['93 days', 93 * 24 * HOUR, '7d'],
  ])('picks for %s the smallest interval within 60 buckets', (_name, span, interval) => {
    expect(chooseInterval(0, span)).toBe(interval);
  });
});
