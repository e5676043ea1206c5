import { NO_LEDGER } from '@rireki/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ErasureDeps, eraseUser, erasureAuditKey } from './eraseUser.js';
import { dayRows, type MaintenanceLake, openMaintenanceLake } from './testing/maintenanceLake.js';

let lake: MaintenanceLake;
beforeEach(async () => {
  lake = await openMaintenanceLake();
});
afterEach(async () => {
  await lake.close();
});

const deps = (): ErasureDeps => ({
  store: lake.store,
  ledger: NO_LEDGER,
  catalog: lake.catalog,
  rewriter: lake.rewriter,
  maxRowsPerFile: 100_000,
  replacedGraceMs: 600_000,
  nowMs: () => lake.clock.now,
});

/** 200 events a day, user u0…u9 in turn. */
const usersRows = (offset: number) =>
  dayRows(200, offset).map((row, i) => ({ ...row, user_id: `u${i % 10}` }));
const day = (dt: string, app = 'shop') => ({ app, dt });

describe('eraseUser', () => {
  it("removes exactly the user's events of the app in range, from searches at once, and records it", async () => {
    for (const dt of ['2026-11-20', '2026-11-21', '2026-11-22'])
      await lake.writeIngestFiles(day(dt), usersRows(0), 20);
    await lake.writeIngestFiles(day('2026-11-21', 'blog'), usersRows(0), 20);

    const report = await eraseUser(deps(), { app: 'shop', userId: 'u3', fromDate: '2026-11-21' });

    expect(report).toMatchObject({ partitions: 2, rowsRemoved: 40, filesRewritten: 20, dryRun: false });
    const userRows = async (p: { app: string; dt: string }) => (await lake.searchableRows(p)).length;
    expect(await userRows(day('2026-11-21'))).toBe(180);
    expect(await userRows(day('2026-11-22'))).toBe(180);
    // Out of range, or another app: untouched.
    expect(await userRows(day('2026-11-20'))).toBe(200);
    expect(await userRows(day('2026-11-21', 'blog'))).toBe(200);
    const audit = JSON.parse(
      Buffer.from((await lake.store.get(erasureAuditKey(report.id))) ?? []).toString(),
    );
    expect(audit).toEqual(report);
  });

  it('keeps every other event of the partition, each once', async () => {
    const rows = usersRows(0);
    await lake.writeIngestFiles(day('2026-11-20'), [...rows, ...rows.slice(0, 50)], 25);

    await eraseUser(deps(), { app: 'shop', userId: 'u0' });

    const left = (await lake.searchableRows(day('2026-11-20'))).map((row) => row.eventId).sort();
    expect(left).toEqual(
      rows
        .filter((row) => row.user_id !== 'u0')
        .map((row) => row.event_id)
        .sort(),
    );
  });

  it('changes nothing on a dry run, and counts what it would remove', async () => {
    await lake.writeIngestFiles(day('2026-11-20'), usersRows(0), 20);
    const before = await lake.store.list('');

    const report = await eraseUser(deps(), { app: 'shop', userId: 'u1', dryRun: true });

    expect(report).toMatchObject({ rowsRemoved: 20, filesRewritten: 0, dryRun: true });
    expect((await lake.store.list('')).sort()).toEqual(before.sort());
  });

  it('erases what a compaction running alongside copied into a file of its own', async () => {
    await lake.writeIngestFiles(day('2026-11-20'), usersRows(0), 20);
    const [first] = await lake.store.list('action_logs/app=shop/dt=2026-11-20');
    const copy = (await lake.store.get(first as string)) ?? new Uint8Array();
    let rewrites = 0;
    // A compaction that read the same files lands its file while the erasure rewrites.
    const racing = {
      ...deps(),
      rewriter: {
        rewrite: async (
          inputs: readonly string[],
          options: { maxRowsPerFile: number; dropUserId?: string },
        ) => {
          if (rewrites++ === 0) {
            await lake.store.put(
              'action_logs/app=shop/dt=2026-11-20/20261124T000000000Z-rdeadbeef-0000.parquet',
              copy,
            );
          }
          return lake.rewriter.rewrite(inputs, options);
        },
        close: async () => undefined,
      },
    };

    const report = await eraseUser(racing, { app: 'shop', userId: 'u2' });

    // 20 rows at first, then the 2 of the copied file (rows 2 and 12) on the second look.
    expect(rewrites).toBe(3);
    expect(report.rowsRemoved).toBe(22);
    const u2 = new Set(
      usersRows(0)
        .filter((row) => row.user_id === 'u2')
        .map((row) => row.event_id),
    );
    const left = await lake.searchableRows(day('2026-11-20'));
    expect(left.filter((row) => u2.has(row.eventId))).toEqual([]);
    expect(new Set(left.map((row) => row.eventId)).size).toBe(180);
  });
});
