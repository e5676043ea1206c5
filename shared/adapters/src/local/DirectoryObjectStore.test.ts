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

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));

describe('DirectoryObjectStore', () => {
  it('gets back what was put, bytes and text, under nested keys', async () => {
    // Prepare
    const parquet = new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x00, 0xff]);

    // Act
    await store.put('action_logs/app=shop/dt=2026-11-24/a.parquet', parquet);
    await store.put('quarantine/dt=2026-11-24/b.jsonl', '{"reason":"日本語"}\n');

    // Assess
    expect(await store.get('action_logs/app=shop/dt=2026-11-24/a.parquet')).toEqual(Buffer.from(parquet));
    expect(text(await store.get('quarantine/dt=2026-11-24/b.jsonl'))).toBe('{"reason":"日本語"}\n');
  });

  it('replaces an object that is put again', async () => {
    // Prepare
    await store.put('a/b.txt', 'first, longer version');

    // Act
    await store.put('a/b.txt', 'second');

    // Assess
    expect(text(await store.get('a/b.txt'))).toBe('second');
  });

  it('lists every key under a prefix, and only those', async () => {
    // Prepare
    const keys = [
      'action_logs/app=shop/dt=2026-11-23/1.parquet',
      'action_logs/app=shop/dt=2026-11-24/2.parquet',
      'action_logs/app=blog/dt=2026-11-24/3.parquet',
      'quarantine/dt=2026-11-24/4.jsonl',
    ];
    for (const key of keys) await store.put(key, key);

    // Act
    const shop = await store.list('action_logs/app=shop');
    const table = await store.list('action_logs/');
    const everything = await store.list('');

    // Assess
    expect(shop.sort()).toEqual(keys.slice(0, 2).sort());
    expect(table.sort()).toEqual(keys.slice(0, 3).sort());
    expect(everything.sort()).toEqual([...keys].sort());
  });

  it('lists nothing under a prefix that does not exist', async () => {
    // Act
    const keys = await store.list('action_logs/app=none');

    // Assess
    expect(keys).toEqual([]);
  });

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

  it.each(['action_logs/missing.parquet', 'no/such/directory/x'])(
    'gets null for the missing key %s',
    async (key) => {
      // Act
      const bytes = await store.get(key);

      // Assess
      expect(bytes).toBeNull();
    },
  );

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
