import { NO_LEDGER, readReplacements } from '@rireki/adapters';
import { FaultyObjectStore } from '@rireki/ports/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompactionPolicy } from './config.js';
import { MAINTENANCE_EVENTS } from './events.js';
import type { RetentionPolicy } from './retentionPolicy.js';
import { type PassDeps, runPass } from './runPass.js';
import {
  dayRows,
  liveKeys,
  type MaintenanceLake,
  openMaintenanceLake,
  SHOP,
} from './testing/maintenanceLake.js';

const POLICY: CompactionPolicy = { quietMs: 60_000, minFiles: 10, maxRowsPerFile: 100_000 };
const GRACE_MS = 600_000;
const NO_RETENTION: RetentionPolicy = { days: new Map(), quarantineDays: 30, resultsDays: 1 };

let lake: MaintenanceLake;
beforeEach(async () => {
  lake = await openMaintenanceLake();
});
afterEach(async () => {
  await lake.close();
});

function deps(overrides: Partial<PassDeps> = {}): PassDeps {
  return {
    store: lake.store,
    ledger: NO_LEDGER,
    catalog: lake.catalog,
    rewriter: lake.rewriter,
    policy: POLICY,
    retention: NO_RETENTION,
    replacedGraceMs: GRACE_MS,
    nowMs: () => lake.clock.now,
    events: lake.events,
    stopping: () => false,
    ...overrides,
  };
}

/** What a search reads, as sorted `eventId@occurredAt` texts, copies included. */
async function searchable(): Promise<string[]> {
  return (await lake.searchableRows(SHOP)).map((row) => `${row.eventId}@${row.occurredAt}`).sort();
}

describe('a maintenance pass', () => {
  it('compacts 500 small files with duplicates into one file of each event once, and search reads the same events', async () => {
    const rows = dayRows(2_000);
    const redelivered = rows
      .filter((_, i) => i % 4 === 0)
      .map((row) => ({ ...row, received_at: row.received_at + 1 }));
    const before = await lake.writeIngestFiles(SHOP, [...rows, ...redelivered], 5);
    const distinct = [...new Set(await searchable())];
    expect(before).toHaveLength(500);
    expect(await searchable()).toHaveLength(2_500);

    const report = await runPass(deps());

    expect(report).toEqual({ partitions: 1, compacted: 1, retired: 0, removed: 0, failed: 0 });
    expect(await liveKeys(lake.store, SHOP)).toHaveLength(1);
    expect(await searchable()).toEqual(distinct);
    const compacted = lake.logs.find((line) => line.event === MAINTENANCE_EVENTS.compacted);
    expect(compacted).toMatchObject({
      filesBefore: 500,
      filesAfter: 1,
      rowsIn: 2_500,
      rowsOut: 2_000,
      duplicatesDropped: 500,
    });
    // The replaced files stay for searches that listed them, until the grace has passed.
    expect((await lake.store.list('action_logs')).length).toBe(501);
  });

  it('removes the replaced files and their record once the grace has passed, not before', async () => {
    await lake.writeIngestFiles(SHOP, dayRows(200), 10);
    await runPass(deps());
    const [record] = await readReplacements(lake.store, SHOP);

    lake.clock.now += GRACE_MS - 1;
    await runPass(deps());
    expect(await lake.store.list('action_logs')).toHaveLength(21);

    lake.clock.now += 1;
    const report = await runPass(deps());

    expect(report.removed).toBe(1);
    expect((await lake.store.list('action_logs')).sort()).toEqual([...(record?.written ?? [])].sort());
    expect(await readReplacements(lake.store, SHOP)).toEqual([]);
    expect(await searchable()).toHaveLength(200);
  });

  it('changes nothing the second time, compacts late files once there are enough, and merges compactions that pile up', async () => {
    await lake.writeIngestFiles(SHOP, dayRows(100), 10);
    await runPass(deps());
    const after = await liveKeys(lake.store, SHOP);

    expect((await runPass(deps())).compacted).toBe(0);
    expect(await liveKeys(lake.store, SHOP)).toEqual(after);

    // Late events arrive: nine files are too few, and none is quiet yet under a day's quiet period.
    await lake.writeIngestFiles(SHOP, dayRows(90, 100), 10);
    expect((await runPass(deps())).compacted).toBe(0);
    await lake.writeIngestFiles(SHOP, dayRows(10, 190), 10);
    expect((await runPass(deps({ policy: { ...POLICY, quietMs: 86_400_000 } }))).compacted).toBe(0);

    // Ten quiet files are compacted on their own; the earlier compaction is left as it is.
    expect((await runPass(deps())).compacted).toBe(1);
    expect(await liveKeys(lake.store, SHOP)).toHaveLength(2);
    expect(await searchable()).toHaveLength(200);

    // Once the compactions reach minFiles, they are merged into one.
    expect((await runPass(deps({ policy: { ...POLICY, minFiles: 2 } }))).compacted).toBe(1);
    expect(await liveKeys(lake.store, SHOP)).toHaveLength(1);
    expect(await searchable()).toHaveLength(200);
  });

  it('compacts the quiet files of a partition under steady traffic, and leaves the newest for later', async () => {
    // Files an hour and a half old, then files an hour old, as traffic keeps arriving.
    await lake.writeIngestFiles(SHOP, dayRows(100), 10);
    lake.clock.now += 1_800_000;
    await lake.writeIngestFiles(SHOP, dayRows(30, 100), 10);

    const report = await runPass(deps({ policy: { ...POLICY, quietMs: 4_500_000 } }));

    expect(report.compacted).toBe(1);
    const live = await liveKeys(lake.store, SHOP);
    expect(live.filter((key) => !/-r[0-9a-f]{8}-\d{4}\.parquet$/.test(key))).toHaveLength(3);
    expect(await searchable()).toHaveLength(130);
  });

  it('leaves a partition alone that one compaction wrote as several files', async () => {
    await lake.writeIngestFiles(SHOP, dayRows(5_000), 100);
    await runPass(deps({ policy: { ...POLICY, maxRowsPerFile: 1_000 } }));
    const compacted = await liveKeys(lake.store, SHOP);
    expect(compacted).toHaveLength(5);

    const again = await runPass(deps({ policy: { ...POLICY, maxRowsPerFile: 1_000, minFiles: 2 } }));

    expect(again.compacted).toBe(0);
    expect(await liveKeys(lake.store, SHOP)).toEqual(compacted);
  });

  it('loses nothing and shows nothing twice when the record cannot be written, and the next pass finishes', async () => {
    await lake.writeIngestFiles(SHOP, dayRows(300), 10);
    const faulty = new FaultyObjectStore(lake.store);
    faulty.failPuts(1, (key) => key.startsWith('_maintenance/'));

    const failedPass = await runPass(deps({ store: faulty }));

    expect(failedPass.failed).toBe(1);
    expect(lake.logs.find((line) => line.event === MAINTENANCE_EVENTS.failed)).toMatchObject({
      code: 'STORAGE_FAILED',
    });
    // The new file sits beside the old ones: every event is there, twice, and search folds copies.
    expect(new Set(await searchable()).size).toBe(300);
    expect(await liveKeys(lake.store, SHOP)).toHaveLength(31);

    // The next pass compacts the ingest files again; the orphaned file stays beside the new one,
    // each event in both (search folds them), until the compactions are merged.
    expect((await runPass(deps())).compacted).toBe(1);
    expect(await liveKeys(lake.store, SHOP)).toHaveLength(2);
    expect(new Set(await searchable()).size).toBe(300);
    expect((await runPass(deps({ policy: { ...POLICY, minFiles: 2 } }))).compacted).toBe(1);
    lake.clock.now += GRACE_MS;
    await runPass(deps());
    expect(await searchable()).toHaveLength(300);
    expect(await liveKeys(lake.store, SHOP)).toHaveLength(1);
  });
});
