import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryObjectStore } from '@rireki/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lakeFigures } from './lakeFigures.js';

const NOW = Date.parse('2026-12-02T06:00:00Z');
const record = (at: string) => `${JSON.stringify({ quarantinedAt: at, messageId: 'm', raw: {} })}\n`;

describe('lakeFigures', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rireki-lake-figures-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('counts files and partitions per app, bytes, and only the quarantine records of the last 24 h', async () => {
    const store = new DirectoryObjectStore(dir);
    await store.put('action_logs/app=shop/dt=2026-12-01/a.parquet', 'aaaa');
    await store.put('action_logs/app=shop/dt=2026-12-01/b.parquet', 'bb');
    await store.put('action_logs/app=shop/dt=2026-12-02/c.parquet', 'c');
    await store.put('action_logs/app=blog/dt=2026-12-02/d.parquet', 'd');
    await store.put(
      'quarantine/dt=2026-12-01/x.jsonl',
      record('2026-12-01T05:59:59Z') + record('2026-12-01T06:00:00Z'),
    );
    await store.put('quarantine/dt=2026-12-02/y.jsonl', record('2026-12-02T05:00:00Z'));
    await store.put('quarantine/dt=2026-11-30/z.jsonl', record('2026-11-30T12:00:00Z'));

    const figures = await lakeFigures(store, dir, NOW);

    expect(figures.apps).toEqual([
      { app: 'blog', partitions: 1, files: 1 },
      { app: 'shop', partitions: 2, files: 3 },
    ]);
    // One record fell out of the window by a second; the one on its edge counts.
    expect(figures.quarantinedLast24h).toBe(2);
    expect(figures.bytes).toBe(8 + record('2026-12-01T05:59:59Z').length * 4);
  });

  it('leaves the size of a lake that is not a directory unknown', async () => {
    const figures = await lakeFigures(new DirectoryObjectStore(dir), null, NOW);

    expect(figures).toMatchObject({ apps: [], bytes: null, quarantinedLast24h: 0 });
  });
});
