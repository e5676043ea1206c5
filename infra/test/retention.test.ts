import { ACTION_LOG_LIMITS, utcDate } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import {
  AREA_MARGIN_DAYS,
  type LakeRetention,
  lakeExpirations,
  longestRetention,
  TABLE_MARGIN_DAYS,
} from '../lib/index.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

const retention = (
  days: Record<string, number | null>,
  quarantineDays = 30,
  resultsDays = 1,
): LakeRetention => ({
  days: new Map(Object.entries(days)),
  quarantineDays,
  resultsDays,
});

/** S3's expiration: the object's creation plus the rule's days, rounded up to the next midnight UTC. */
function s3ExpiresAt(createdMs: number, days: number): number {
  return Math.ceil((createdMs + days * DAY) / DAY) * DAY;
}

/**
 * Whether the maintenance worker, its clock reading `nowMs`, still keeps what is dated `dt` for
 * `days` (workers/maintenance/src/retentionPolicy.ts: expired once dt is before the first kept date).
 */
function retentionKeeps(dt: string, days: number, nowMs: number): boolean {
  return dt >= utcDate(nowMs - days * DAY);
}

/** The clocks' disagreement with S3's that the margins allow for. */
const OFFSETS = [-10 * MINUTE, 0, 10 * MINUTE];
/** Creation times, by S3's clock, every 10 minutes over two days. */
const CREATED = Array.from({ length: 288 }, (_, i) => Date.UTC(2026, 10, 24) + i * 10 * MINUTE);

interface Write {
  /** When S3 created the object, by its clock. */
  readonly createdMs: number;
  /** The date the file's contents are kept by. */
  readonly dt: string;
  /** How far the maintenance worker's clock is ahead of S3's. */
  readonly judgeOffsetMs: number;
}

/** The first write that a rule of `ruleDays` would delete while retention of `keptDays` still keeps it. */
function deletedTooSoon(writes: Iterable<Write>, ruleDays: number, keptDays: number): Write | undefined {
  for (const write of writes) {
    const deletedAt = s3ExpiresAt(write.createdMs, ruleDays);
    if (retentionKeeps(write.dt, keptDays, deletedAt + write.judgeOffsetMs)) return write;
  }
  return undefined;
}

/**
 * Table files: received by the ingest worker (its clock off S3's by an offset) when S3 creates them,
 * holding events dated from days before to the latest the contracts accept.
 */
function* tableWrites(): Generator<Write> {
  const occurred = [
    -3 * DAY,
    -1,
    0,
    ACTION_LOG_LIMITS.maxFutureSkewMs - 1,
    ACTION_LOG_LIMITS.maxFutureSkewMs,
  ];
  for (const createdMs of CREATED)
    for (const writerOffset of OFFSETS)
      for (const judgeOffsetMs of OFFSETS)
        for (const after of occurred) {
          yield { createdMs, dt: utcDate(createdMs + writerOffset + after), judgeOffsetMs };
        }
}

/** Quarantine and results files: dated by the day their writer's clock says it wrote them. */
function* areaWrites(): Generator<Write> {
  for (const createdMs of CREATED)
    for (const writerOffset of OFFSETS)
      for (const judgeOffsetMs of OFFSETS) {
        yield { createdMs, dt: utcDate(createdMs + writerOffset), judgeOffsetMs };
      }
}

describe('lakeExpirations', () => {
  it('gives the table a rule only when every app has a finite retention, the longest plus the margin', () => {
    expect(lakeExpirations(retention({ shop: 400, '*': 90 })).table).toBe(400 + TABLE_MARGIN_DAYS);
    expect(lakeExpirations(retention({ '*': 90, blog: 30 })).table).toBe(90 + TABLE_MARGIN_DAYS);
    // Kept for ever: an unlimited app, apps not named (no `*`), or no retention at all.
    expect(lakeExpirations(retention({ shop: null, '*': 90 })).table).toBeUndefined();
    expect(lakeExpirations(retention({ '*': null })).table).toBeUndefined();
    expect(lakeExpirations(retention({ shop: 400, blog: 30 })).table).toBeUndefined();
    expect(lakeExpirations(retention({})).table).toBeUndefined();
    expect(longestRetention(new Map([['*', 7]]))).toBe(7);
  });

  it('gives the quarantine and results rules their retention plus the margin', () => {
    expect(lakeExpirations(retention({}, 30, 1))).toMatchObject({
      quarantine: 30 + AREA_MARGIN_DAYS,
      results: 1 + AREA_MARGIN_DAYS,
    });
  });

  it.each([1, 7, 90, 400])('never deletes a table file whose events a retention of %i days keeps', (days) => {
    const rule = lakeExpirations(retention({ '*': days })).table ?? 0;

    expect(deletedTooSoon(tableWrites(), rule, days)).toBeUndefined();
    // …and the margin is no wider than it must be: a day less would.
    expect(deletedTooSoon(tableWrites(), rule - 1, days)).toBeDefined();
  });

  it('never deletes an app’s files sooner than its retention when another app keeps longer', () => {
    const rule = lakeExpirations(retention({ shop: 400, '*': 90 })).table ?? 0;

    for (const days of [90, 400]) expect(deletedTooSoon(tableWrites(), rule, days)).toBeUndefined();
  });

  it.each([1, 30])('never deletes a quarantine or results file that a retention of %i days keeps', (days) => {
    const { quarantine, results } = lakeExpirations(retention({}, days, days));

    expect(quarantine).toBe(results);
    expect(deletedTooSoon(areaWrites(), quarantine, days)).toBeUndefined();
    expect(deletedTooSoon(areaWrites(), quarantine - 1, days)).toBeDefined();
  });
});
