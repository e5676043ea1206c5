import { NO_LEDGER, readReplacements } from '@rireki/adapters';
import { ConfigError, type PartitionRef } from '@rireki/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMaintenanceConfig } from './config.js';
import { MAINTENANCE_EVENTS } from './events.js';
import { firstKeptDate, type RetentionPolicy } from './retentionPolicy.js';
import { type PassDeps, runPass } from './runPass.js';
import { dayRows, type MaintenanceLake, openMaintenanceLake } from './testing/maintenanceLake.js';

const GRACE_MS = 600_000;
const NOW = Date.parse('2026-12-02T10:00:00Z');

let lake: MaintenanceLake;
beforeEach(async () => {
  lake = await openMaintenanceLake();
  lake.clock.now = NOW;
});
afterEach(async () => {
  await lake.close();
});

function policy(days: Record<string, number | null>): RetentionPolicy {
  return { days: new Map(Object.entries(days)), quarantineDays: 30, resultsDays: 1 };
}

function deps(retention: RetentionPolicy): PassDeps {
  return {
    store: lake.store,
    ledger: NO_LEDGER,
    catalog: lake.catalog,
    rewriter: lake.rewriter,
    // Compaction off: these tests are about retention alone.
    policy: { quietMs: Number.MAX_SAFE_INTEGER, minFiles: 10, maxRowsPerFile: 100_000 },
    retention,
    replacedGraceMs: GRACE_MS,
    nowMs: () => lake.clock.now,
    events: lake.events,
    stopping: () => false,
  };
}

const partitions = (app: string, dates: string[]): PartitionRef[] => dates.map((dt) => ({ app, dt }));

describe('retention', () => {
  it('retires exactly the partitions past each app’s cut: searches stop at once, files leave after the grace', async () => {
    // shop keeps 3 days (from 2026-11-29), every other app 10 (from 2026-11-22), audit for ever.
    const retention = policy({ shop: 3, '*': 10, audit: null });
    const shop = partitions('shop', ['2026-11-28', '2026-11-29', '2026-12-02']);
    const blog = partitions('blog', ['2026-11-21', '2026-11-22']);
    const audit = partitions('audit', ['2020-01-01']);
    for (const partition of [...shop, ...blog, ...audit])
      await lake.writeIngestFiles(partition, dayRows(20), 10);

    const first = await runPass(deps(retention));

    expect(first.retired).toBe(2);
    const retired = lake.logs.filter((line) => line.event === MAINTENANCE_EVENTS.retired);
    expect(retired.map((line) => `${line.app}/${line.dt}`).sort()).toEqual([
      'blog/2026-11-21',
      'shop/2026-11-28',
    ]);
    expect(await lake.searchableRows({ app: 'shop', dt: '2026-11-28' })).toEqual([]);
    expect(await lake.searchableRows({ app: 'shop', dt: '2026-11-29' })).toHaveLength(20);
    expect(await lake.searchableRows({ app: 'audit', dt: '2020-01-01' })).toHaveLength(20);
    // Still there for searches that listed them before, and still catalogued, until the grace.
    expect(await lake.store.list('action_logs/app=shop/dt=2026-11-28')).toHaveLength(2);

    lake.clock.now += GRACE_MS;
    const second = await runPass(deps(retention));

    expect(second.removed).toBe(2);
    expect(await lake.store.list('action_logs/app=shop/dt=2026-11-28')).toEqual([]);
    expect(await lake.store.list('action_logs/app=blog/dt=2026-11-21')).toEqual([]);
    expect((await lake.catalog.list()).map((p) => `${p.app}/${p.dt}`)).toEqual([
      'audit/2020-01-01',
      'blog/2026-11-22',
      'shop/2026-11-29',
      'shop/2026-12-02',
    ]);
    expect(await readReplacements(lake.store, { app: 'shop', dt: '2026-11-28' })).toEqual([]);
  });

  it('keeps everything without a policy, and expires the quarantine and results areas by their own days', async () => {
    await lake.writeIngestFiles({ app: 'shop', dt: '2000-01-01' }, dayRows(5), 5);
    for (const key of [
      'quarantine/dt=2026-11-01/a.jsonl',
      'quarantine/dt=2026-11-02/b.jsonl',
      'results/dt=2026-11-30/c.json',
      'results/dt=2026-12-01/d.json',
      'results/dt=2026-12-02/e.json',
    ]) {
      await lake.store.put(key, '{}\n');
    }

    const report = await runPass(deps(policy({})));

    expect(report.retired).toBe(0);
    expect(await lake.searchableRows({ app: 'shop', dt: '2000-01-01' })).toHaveLength(5);
    // 30 days of quarantine keeps 2026-11-02 on; 1 day of results keeps 2026-12-01 on.
    expect((await lake.store.list('quarantine')).sort()).toEqual(['quarantine/dt=2026-11-02/b.jsonl']);
    expect((await lake.store.list('results')).sort()).toEqual([
      'results/dt=2026-12-01/d.json',
      'results/dt=2026-12-02/e.json',
    ]);
  });

  it('counts days back from today in UTC', () => {
    expect(firstKeptDate(policy({ shop: 1 }), 'shop', NOW)).toBe('2026-12-01');
    expect(firstKeptDate(policy({ '*': 400 }), 'blog', NOW)).toBe('2025-10-28');
    expect(firstKeptDate(policy({ shop: 1 }), 'blog', NOW)).toBeNull();
  });
});

describe('RIREKI_RETENTION', () => {
  it('reads days per app, "*" for the others, and "unlimited"', () => {
    const config = loadMaintenanceConfig({
      RIREKI_RETENTION: '{"shop": 400, "*": 90, "audit": "unlimited"}',
    });

    expect([...config.retention.days]).toEqual([
      ['shop', 400],
      ['*', 90],
      ['audit', null],
    ]);
  });

  it.each([
    ['[90]', /RIREKI_RETENTION: must be a JSON object of days per app/],
    [
      '{"shop": 0}',
      /RIREKI_RETENTION\.shop: must be a number of days from 1 to 36500, or "unlimited" \(got 0\)/,
    ],
    ['{"Shop!": 30}', /RIREKI_RETENTION\.Shop!: must be an app code or "\*" \(got "Shop!"\)/],
    ['{"shop": "forever"}', /RIREKI_RETENTION\.shop: must be a number of days/],
  ])('refuses %s, naming the entry', (value, message) => {
    expect(() => loadMaintenanceConfig({ RIREKI_RETENTION: value })).toThrow(ConfigError);
    expect(() => loadMaintenanceConfig({ RIREKI_RETENTION: value })).toThrow(message);
  });
});
