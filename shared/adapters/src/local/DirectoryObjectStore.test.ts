import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_CODES, StorageError } from '@rireki/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from './DirectoryObjectStore.js';

let dir: string;
let root: string;
let store: DirectoryObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rireki-store-test-'));
  // The lake is one level down, so a key that escapes it would land in `dir`, where the test can see it.
  root = join(dir, 'lake');
  store = new DirectoryObjectStore(root);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// What every store promises (round trips, listing, refused keys) is in ObjectStore.contract.test.ts;
// these are the directory's own: temporary files, and keys that would escape onto the disk.
describe('DirectoryObjectStore', () => {
  it('leaves no temporary file behind after many puts, listed or on disk', async () => {
    // Prepare
    const keys = Array.from({ length: 10 }, (_, i) => `action_logs/app=shop/dt=2026-11-24/${i}.parquet`);

    // Act: concurrent puts, each key written twice.
    await Promise.all([...keys, ...keys].map((key, i) => store.put(key, `version ${i}`)));

    // Assess
    expect((await store.list('action_logs')).sort()).toEqual([...keys].sort());
    const onDisk = await readdir(root, { recursive: true });
    expect(onDisk.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  describe.each([
    { key: '../escape.txt', escapesTo: 'escape.txt' },
    { key: 'action_logs/../../escape.txt', escapesTo: 'escape.txt' },
    { key: '..', escapesTo: null },
    { key: '/tmp/absolute.txt', escapesTo: null },
    { key: '', escapesTo: null },
  ])('key "$key"', ({ key, escapesTo }) => {
    it('is refused by put and get with a non-retryable StorageError, and nothing is written', async () => {
      // Act
      const put = store.put(key, 'x');
      const get = store.get(key);

      // Assess
      await expect(put).rejects.toBeInstanceOf(StorageError);
      await expect(put).rejects.toMatchObject({ code: ERROR_CODES.storageFailed, retryable: false });
      await expect(get).rejects.toBeInstanceOf(StorageError);
      if (escapesTo !== null) {
        await expect(stat(join(dir, escapesTo))).rejects.toMatchObject({ code: 'ENOENT' });
      }
    });
  });

  it.each(['..', '../', 'action_logs/../..', '/etc'])('refuses to list the prefix %s', async (prefix) => {
    // Prepare: something outside the lake that an escaping list would find.
    await store.put('inside.txt', 'x');

    // Act
    const list = store.list(prefix);

    // Assess
    await expect(list).rejects.toBeInstanceOf(StorageError);
  });

  it('turns a write it cannot do into a retryable StorageError naming the key', async () => {
    // Prepare: a file where the key needs a directory.
    await store.put('blocked', 'a file');

    // Act
    const put = store.put('blocked/child.txt', 'x');

    // Assess
    await expect(put).rejects.toBeInstanceOf(StorageError);
    await expect(put).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('blocked/child.txt'),
    });
  });
});
