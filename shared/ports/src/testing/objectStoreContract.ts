import { randomBytes } from 'node:crypto';
import { ERROR_CODES, StorageError } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../ObjectStore.js';
import { type Opened, openPerTest } from './openPerTest.js';

/** A new, empty store for one test, and how to remove what it made. */
export interface OpenedObjectStore extends Opened {
  readonly store: ObjectStore;
}

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));

/**
 * What every ObjectStore promises the workers, run against each adapter and fake. `open` gives a
 * new, empty store each time, so no test sees another's keys.
 */
export function objectStoreContract(name: string, open: () => Promise<OpenedObjectStore>): void {
  describe(`${name} (ObjectStore contract)`, () => {
    const openOne = openPerTest(open);
    const fresh = async () => (await openOne()).store;

    it('gets back the exact bytes and UTF-8 text that were put, under nested keys', async () => {
      const store = await fresh();
      const parquet = randomBytes(4096);

      await store.put('action_logs/app=shop/dt=2026-11-24/a.parquet', parquet);
      await store.put('quarantine/dt=2026-11-24/b.jsonl', '{"reason":"日本語 ✓"}\n');

      expect(Buffer.from((await store.get('action_logs/app=shop/dt=2026-11-24/a.parquet')) ?? [])).toEqual(
        parquet,
      );
      expect(text(await store.get('quarantine/dt=2026-11-24/b.jsonl'))).toBe('{"reason":"日本語 ✓"}\n');
    });

    it('gets null for a key that was never put, in a folder that exists or not', async () => {
      const store = await fresh();
      await store.put('action_logs/app=shop/dt=2026-11-24/a.parquet', 'x');

      expect(await store.get('action_logs/app=shop/dt=2026-11-24/missing.parquet')).toBeNull();
      expect(await store.get('no/such/folder/x')).toBeNull();
    });

    it('replaces the whole object when a key is put again, also with a shorter body', async () => {
      const store = await fresh();
      await store.put('a/b.txt', 'first, longer version');

      await store.put('a/b.txt', 'second');

      expect(text(await store.get('a/b.txt'))).toBe('second');
      expect(await store.list('a')).toEqual(['a/b.txt']);
    });

    it('lists every key under a folder, relative to the lake root, and never a sibling that shares its prefix', async () => {
      const store = await fresh();
      const shop = [
        'action_logs/app=shop/dt=2026-11-23/1.parquet',
        'action_logs/app=shop/dt=2026-11-24/2.parquet',
      ];
      const others = ['action_logs/app=shopping/dt=2026-11-24/3.parquet', 'quarantine/dt=2026-11-24/4.jsonl'];
      for (const key of [...shop, ...others]) await store.put(key, key);

      expect((await store.list('action_logs/app=shop')).sort()).toEqual(shop);
      expect((await store.list('action_logs/app=shop/')).sort()).toEqual(shop);
      expect((await store.list('action_logs/')).sort()).toEqual([...shop, others[0]].sort());
      expect((await store.list('')).sort()).toEqual([...shop, ...others].sort());
    });

    it('lists nothing under a folder that does not exist', async () => {
      const store = await fresh();
      await store.put('action_logs/app=shop/dt=2026-11-24/a.parquet', 'x');

      expect(await store.list('action_logs/app=none')).toEqual([]);
      expect(await store.list('nothing/here/')).toEqual([]);
    });

    it('deletes an object for good, leaves its neighbours, and deletes a missing key without complaint', async () => {
      const store = await fresh();
      await store.put('action_logs/app=shop/dt=2026-11-24/a.parquet', 'a');
      await store.put('action_logs/app=shop/dt=2026-11-24/b.parquet', 'b');

      await store.delete('action_logs/app=shop/dt=2026-11-24/a.parquet');
      await store.delete('action_logs/app=shop/dt=2026-11-24/a.parquet');
      await store.delete('no/such/key');

      expect(await store.get('action_logs/app=shop/dt=2026-11-24/a.parquet')).toBeNull();
      expect(await store.list('action_logs')).toEqual(['action_logs/app=shop/dt=2026-11-24/b.parquet']);
    });

    it('keeps every one of many concurrent puts, each key once', async () => {
      const store = await fresh();
      const keys = Array.from({ length: 20 }, (_, i) => `action_logs/app=shop/dt=2026-11-24/${i}.parquet`);

      await Promise.all([...keys, ...keys].map((key, i) => store.put(key, `version ${i % keys.length}`)));

      expect((await store.list('action_logs')).sort()).toEqual([...keys].sort());
      for (const [i, key] of keys.entries()) expect(text(await store.get(key))).toBe(`version ${i}`);
    });

    it.each(['', '/absolute.txt', '../escape.txt', 'action_logs/../../escape.txt', 'a//b', '..'])(
      'refuses the key "%s" with a StorageError that retrying cannot fix',
      async (key) => {
        const store = await fresh();

        for (const attempt of [store.put(key, 'x'), store.get(key), store.delete(key)]) {
          const failure = await attempt.then(
            () => 'succeeded',
            (error: unknown) => error,
          );
          expect(failure).toBeInstanceOf(StorageError);
          expect(failure).toMatchObject({ code: ERROR_CODES.storageFailed, retryable: false });
        }
        expect(await store.list('')).toEqual([]);
      },
    );

    it('names where it is, and gives a URI for a key that ends with the key', async () => {
      const store = await fresh();

      expect(store.location).not.toBe('');
      const uri = store.uriOf('action_logs/app=shop/dt=2026-11-24/a.parquet');
      expect(uri).toMatch(/^(file|s3):\/\//);
      expect(uri.endsWith('/action_logs/app=shop/dt=2026-11-24/a.parquet')).toBe(true);
    });
  });
}
