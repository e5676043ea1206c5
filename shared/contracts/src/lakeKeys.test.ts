import { describe, expect, it } from 'vitest';
import {
  appReplacementsFolder,
  compactTimestamp,
  isRewrittenFileKey,
  partitionPath,
  quarantineFileKey,
  replacementKey,
  replacementsFolder,
  rewriteIdOf,
  tableFileKey,
  utcDate,
  utcDatesBetween,
  writtenAtMs,
} from './lakeKeys.js';

describe('lake keys', () => {
  it('utcDate gives the UTC day, also when calls alternate between days', () => {
    const lastMsOfDay = Date.parse('2026-11-30T23:59:59.999Z');
    expect(utcDate(lastMsOfDay)).toBe('2026-11-30');
    expect(utcDate(lastMsOfDay + 1)).toBe('2026-12-01');
    expect(utcDate(lastMsOfDay)).toBe('2026-11-30');
    expect(utcDate(Date.parse('2026-12-01T08:59:00+09:00'))).toBe('2026-11-30');
  });

  it('utcDatesBetween lists every day touched, both ends included', () => {
    expect(utcDatesBetween(Date.parse('2026-11-29T12:00:00Z'), Date.parse('2026-12-01T00:00:00Z'))).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
    expect(utcDatesBetween(Date.parse('2026-11-30T01:00:00Z'), Date.parse('2026-11-30T02:00:00Z'))).toEqual([
      '2026-11-30',
    ]);
  });

  it('names table and quarantine files by partition and time, each one new', () => {
    const now = Date.parse('2026-11-24T09:30:00.123Z');
    expect(compactTimestamp(now)).toBe('20261124T093000123Z');
    const partition = { app: 'shop', dt: '2026-11-23' };
    expect(partitionPath(partition)).toBe('app=shop/dt=2026-11-23');
    const key = tableFileKey(partition, now);
    expect(key).toMatch(/^action_logs\/app=shop\/dt=2026-11-23\/20261124T093000123Z-[0-9a-f-]{36}\.parquet$/);
    expect(tableFileKey(partition, now)).not.toBe(key);
    expect(quarantineFileKey(now)).toMatch(
      /^quarantine\/dt=2026-11-24\/20261124T093000123Z-[0-9a-f-]{36}\.jsonl$/,
    );
  });

  it('keeps the replacement records of an app, by date, in one folder under _maintenance/', () => {
    const partition = { app: 'shop', dt: '2026-11-23' };

    expect(appReplacementsFolder('shop')).toBe('_maintenance/replaced/app=shop');
    expect(replacementsFolder(partition)).toBe(`${appReplacementsFolder('shop')}/dt=2026-11-23`);
    expect(replacementKey(partition, 'r1')).toBe('_maintenance/replaced/app=shop/dt=2026-11-23/r1.json');
  });
});

describe('the names of rewritten files', () => {
  const rewritten = 'action_logs/app=shop/dt=2026-11-24/20261124T093000123Z-r0a1b2c3d-0002.parquet';
  const ingested =
    'action_logs/app=shop/dt=2026-11-24/20261124T093000123Z-6c0e8f9a-1b2c-4d5e-8f90-123456789abc.parquet';

  it('tell a rewrite file and its rewrite id from an ingest file', () => {
    expect(isRewrittenFileKey(rewritten)).toBe(true);
    expect(rewriteIdOf(rewritten)).toBe('20261124T093000123Z-r0a1b2c3d');
    expect(isRewrittenFileKey(ingested)).toBe(false);
    expect(rewriteIdOf(ingested)).toBeNull();
  });

  it('give the time a file was written, and null for a foreign name', () => {
    expect(writtenAtMs(rewritten)).toBe(Date.UTC(2026, 10, 24, 9, 30, 0, 123));
    expect(writtenAtMs(ingested)).toBe(Date.UTC(2026, 10, 24, 9, 30, 0, 123));
    expect(writtenAtMs('action_logs/app=shop/dt=2026-11-24/synthetic-1.parquet')).toBeNull();
  });
});
