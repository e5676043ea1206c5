import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryObjectStore } from '@rireki/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepTempFiles } from './sweepTempFiles.js';

describe('sweepTempFiles', () => {
  let lake: string;
  beforeEach(async () => {
    lake = await mkdtemp(join(tmpdir(), 'rireki-sweep-'));
  });
  afterEach(async () => {
    await rm(lake, { recursive: true, force: true });
  });

  it('removes the temporary files of unfinished writes at any depth, and nothing else', async () => {
    const store = new DirectoryObjectStore(lake);
    await store.put('action_logs/app=shop/dt=2026-11-30/a.parquet', 'rows');
    await store.put('quarantine/dt=2026-11-30/q.jsonl', 'raw');
    const partition = join(lake, 'action_logs', 'app=shop', 'dt=2026-11-30');
    await writeFile(join(partition, `.${randomUUID()}.tmp`), 'half');
    await mkdir(join(lake, 'quarantine', 'dt=2026-12-01'), { recursive: true });
    await writeFile(join(lake, 'quarantine', 'dt=2026-12-01', `.${randomUUID()}.tmp`), 'half');
    await writeFile(join(partition, '.keep'), 'not a temp file');

    expect(await sweepTempFiles(lake)).toBe(2);

    expect((await readdir(partition)).sort()).toEqual(['.keep', 'a.parquet']);
    expect(await store.list('')).toEqual(
      expect.arrayContaining([
        'action_logs/app=shop/dt=2026-11-30/a.parquet',
        'quarantine/dt=2026-11-30/q.jsonl',
      ]),
    );
    expect(await readdir(join(lake, 'quarantine', 'dt=2026-12-01'))).toEqual([]);
  });

  it('counts nothing in a lake that does not exist yet', async () => {
    expect(await sweepTempFiles(join(lake, 'missing'))).toBe(0);
  });
});
