import { NO_LEDGER, readReplacements } from '@rireki/adapters';
import type { PartitionRef } from '@rireki/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CompactionRunDeps, compactPartitions, type PartitionCompaction } from './compactPartitions.js';
import type { CompactionPolicy } from './config.js';
import { selectPartitions } from './partitionSelection.js';
import { type PartitionRetention, type RetentionRunDeps, retainPartitions } from './retainPartitions.js';
import {
  dayRows,
  liveKeys,
  type MaintenanceLake,
  openMaintenanceLake,
  SHOP,
} from './testing/maintenanceLake.js';

const POLICY: CompactionPolicy = { quietMs: 60_000, minFiles: 10, maxRowsPerFile: 100_000 };
const GRACE_MS = 600_000;
const BLOG: PartitionRef = { app: 'blog', dt: SHOP.dt };

let lake: MaintenanceLake;
beforeEach(async () => {
  lake = await openMaintenanceLake();
});
afterEach(async () => {
  await lake.close();
});

function compactionDeps(): CompactionRunDeps {
  return {
    store: lake.store,
    ledger: NO_LEDGER,
    catalog: lake.catalog,
    rewriter: lake.rewriter,
    policy: POLICY,
    replacedGraceMs: GRACE_MS,
    nowMs: () => lake.clock.now,
  };
}

function retentionDeps(days: Record<string, number>): RetentionRunDeps {
  return {
    store: lake.store,
    ledger: NO_LEDGER,
    catalog: lake.catalog,
    retention: { days: new Map(Object.entries(days)), quarantineDays: 30, resultsDays: 1 },
    replacedGraceMs: GRACE_MS,
    nowMs: () => lake.clock.now,
  };
}

describe('compactPartitions (rireki compact)', () => {
  it('a dry run plans every partition and changes nothing', async () => {
    await lake.writeIngestFiles(BLOG, dayRows(30), 10);
    await compactPartitions(compactionDeps(), [BLOG], { dryRun: false });
    await lake.writeIngestFiles(SHOP, dayRows(300), 10);
    const before = (await lake.store.list('')).sort();
    const seen: Array<[string, PartitionCompaction['status']]> = [];

    const summary = await compactPartitions(
      compactionDeps(),
      await lake.catalog.list(),
      { dryRun: true },
      (partition, outcome) => seen.push([partition.app, outcome.status]),
    );

    expect(summary).toMatchObject({ dryRun: true, partitions: 2, compacted: 1, filesBefore: 30 });
    expect(summary.bytesBefore).toBeNull();
    expect(seen.sort()).toEqual([
      ['blog', 'not due'],
      ['shop', 'due'],
    ]);
    expect((await lake.store.list('')).sort()).toEqual(before);
  });

  it('compacts what is due, sums what it did, and finishes earlier rewrites past their grace', async () => {
    const rows = dayRows(300);
    await lake.writeIngestFiles(SHOP, [...rows, ...rows.slice(0, 50)], 10);

    const first = await compactPartitions(compactionDeps(), [SHOP], { dryRun: false });

    expect(first).toMatchObject({
      partitions: 1,
      compacted: 1,
      failed: 0,
      filesBefore: 35,
      filesAfter: 1,
      rowsIn: 350,
      rowsOut: 300,
      duplicatesDropped: 50,
      replacedRemoved: 0,
    });
    expect(first.bytesAfter).toBeGreaterThan(0);
    expect(await lake.searchableRows(SHOP)).toHaveLength(300);

    lake.clock.now += GRACE_MS;
    const second = await compactPartitions(compactionDeps(), [SHOP], { dryRun: false });

    expect(second).toMatchObject({ compacted: 0, replacedRemoved: 1 });
    expect(await lake.store.list('action_logs')).toEqual(await liveKeys(lake.store, SHOP));
    expect(await readReplacements(lake.store, SHOP)).toEqual([]);
  });
});

describe('retainPartitions (rireki retain)', () => {
  const OLD: PartitionRef = { app: 'shop', dt: '2026-11-01' };

  it('a dry run names the expired partitions and their files, and changes nothing', async () => {
    await lake.writeIngestFiles(OLD, dayRows(20), 10);
    await lake.writeIngestFiles(SHOP, dayRows(20), 10);
    const before = (await lake.store.list('')).sort();
    const seen: Array<[string, PartitionRetention['status']]> = [];

    const summary = await retainPartitions(
      retentionDeps({ shop: 7 }),
      await lake.catalog.list(),
      { dryRun: true },
      (partition, outcome) => seen.push([partition.dt, outcome.status]),
    );

    expect(summary).toMatchObject({ dryRun: true, partitions: 2, expired: 1, files: 2, failed: 0 });
    expect(seen.sort()).toEqual([
      ['2026-11-01', 'expired'],
      [SHOP.dt, 'kept'],
    ]);
    expect((await lake.store.list('')).sort()).toEqual(before);
  });

  it('retires the expired partitions at once and removes them after the grace', async () => {
    await lake.writeIngestFiles(OLD, dayRows(20), 10);
    await lake.writeIngestFiles(SHOP, dayRows(20), 10);

    const first = await retainPartitions(retentionDeps({ shop: 7 }), await lake.catalog.list(), {
      dryRun: false,
    });
    expect(first).toMatchObject({ expired: 1, files: 2, replacedRemoved: 0 });
    expect(await lake.searchableRows(OLD)).toEqual([]);
    expect(await lake.searchableRows(SHOP)).toHaveLength(20);

    lake.clock.now += GRACE_MS;
    const second = await retainPartitions(retentionDeps({ shop: 7 }), await lake.catalog.list(), {
      dryRun: false,
    });
    expect(second).toMatchObject({ expired: 0, replacedRemoved: 1 });
    expect(await lake.catalog.list()).toEqual([SHOP]);
  });
});

describe('selectPartitions', () => {
  it('keeps the partitions of the app within the dates, both ends included', () => {
    const all = ['2026-11-01', '2026-11-02', '2026-11-03'].flatMap((dt) => [
      { app: 'shop', dt },
      { app: 'blog', dt },
    ]);
    expect(selectPartitions(all, { app: 'shop', fromDate: '2026-11-02', toDate: '2026-11-03' })).toEqual([
      { app: 'shop', dt: '2026-11-02' },
      { app: 'shop', dt: '2026-11-03' },
    ]);
    expect(selectPartitions(all, {})).toHaveLength(6);
  });
});
