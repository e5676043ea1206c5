import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PartitionRef } from '@rireki/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalPartitionCatalog } from './LocalPartitionCatalog.js';

let dir: string;
let catalog: LocalPartitionCatalog;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rireki-catalog-test-'));
  catalog = new LocalPartitionCatalog(join(dir, 'catalog'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const shop24: PartitionRef = { app: 'shop', dt: '2026-11-24' };

describe('LocalPartitionCatalog', () => {
  it('lists nothing before the first registration', async () => {
    // Act
    const partitions = await catalog.list();

    // Assess
    expect(partitions).toEqual([]);
  });

  it('registers a partition once when told twice, leaving the first marker untouched', async () => {
    // Prepare
    const marker = join(dir, 'catalog', 'action_logs', 'app=shop', 'dt=2026-11-24');
    await catalog.register(shop24);
    const first = await readFile(marker, 'utf8');

    // Act
    await catalog.register(shop24);

    // Assess
    expect(await catalog.list()).toEqual([shop24]);
    expect(await readFile(marker, 'utf8')).toBe(first);
  });

  it('survives 20 concurrent registrations of the same partition', async () => {
    // Act
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => catalog.register(shop24)));

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(await catalog.list()).toEqual([shop24]);
  });

  it('keeps registrations made by another instance on the same directory', async () => {
    // Prepare
    await new LocalPartitionCatalog(join(dir, 'catalog')).register(shop24);

    // Act
    await catalog.register(shop24);

    // Assess
    expect(await new LocalPartitionCatalog(join(dir, 'catalog')).list()).toEqual([shop24]);
  });

  it('lists partitions sorted by app, then by day', async () => {
    // Prepare
    const scrambled: PartitionRef[] = [
      { app: 'shop', dt: '2026-11-24' },
      { app: 'admin', dt: '2026-12-01' },
      { app: 'shop', dt: '2026-11-02' },
      { app: 'blog', dt: '2026-11-24' },
      { app: 'admin', dt: '2026-01-31' },
    ];
    await Promise.all(scrambled.map((partition) => catalog.register(partition)));

    // Act
    const partitions = await catalog.list();

    // Assess
    expect(partitions).toEqual([
      { app: 'admin', dt: '2026-01-31' },
      { app: 'admin', dt: '2026-12-01' },
      { app: 'blog', dt: '2026-11-24' },
      { app: 'shop', dt: '2026-11-02' },
      { app: 'shop', dt: '2026-11-24' },
    ]);
  });

  it('keeps its markers under action_logs/app=<app>/dt=<dt>', async () => {
    // Act
    await catalog.register(shop24);

    // Assess
    expect(await readdir(join(dir, 'catalog', 'action_logs', 'app=shop'))).toEqual(['dt=2026-11-24']);
  });
});
