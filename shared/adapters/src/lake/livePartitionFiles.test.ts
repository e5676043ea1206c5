import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replacementKey, StorageError } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from '../local/DirectoryObjectStore.js';
import { isDuplicateFree, livePartitionFiles, readReplacementsOfPartitions } from './livePartitionFiles.js';
import { putReplacement, replacementRecord } from './testing/replacementRecord.js';

const SHOP = { app: 'shop', dt: '2026-11-24' };
const file = (name: string) => `action_logs/app=shop/dt=2026-11-24/${name}.parquet`;

const record = (replaced: string[], written: string[]) => replacementRecord(SHOP, 'r1', replaced, written);

let dir: string;
let store: DirectoryObjectStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rireki-live-files-'));
  store = new DirectoryObjectStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('livePartitionFiles', () => {
  it('is every Parquet file of the partition when nothing was rewritten', async () => {
    for (const name of ['b', 'a']) await store.put(file(name), 'x');
    await store.put('action_logs/app=shopping/dt=2026-11-24/z.parquet', 'x');

    expect(await livePartitionFiles(store, SHOP)).toEqual({ keys: [file('a'), file('b')], replacements: [] });
  });

  it('leaves out the files a rewrite replaced, and keeps the new ones and later arrivals', async () => {
    for (const name of ['a', 'b', 'c', 'late']) await store.put(file(name), 'x');
    await store.put(replacementKey(SHOP, 'r1'), JSON.stringify(record([file('a'), file('b')], [file('c')])));

    const live = await livePartitionFiles(store, SHOP);

    expect(live.keys).toEqual([file('c'), file('late')]);
    expect(live.replacements.map((r) => r.id)).toEqual(['r1']);
  });

  it('never loses the rows of a rewrite that lands while it reads: records are read before files', async () => {
    for (const name of ['a', 'b']) await store.put(file(name), 'x');
    // The rewrite happens right after the reader's first listing, whichever listing that is.
    let rewritten = false;
    const racing: ObjectStore = Object.assign(Object.create(store) as DirectoryObjectStore, {
      list: async (prefix: string) => {
        const keys = await store.list(prefix);
        if (!rewritten) {
          rewritten = true;
          await store.put(file('c'), 'x');
          await store.put(
            replacementKey(SHOP, 'r1'),
            JSON.stringify(record([file('a'), file('b')], [file('c')])),
          );
        }
        return keys;
      },
    });

    const live = await livePartitionFiles(racing, SHOP);

    // Seeing the old files and the new one is fine (search folds copies); seeing neither would lose rows.
    expect(live.keys).toEqual([file('a'), file('b'), file('c')]);
  });

  it('refuses a record it cannot read, naming it, rather than show the partition twice or not at all', async () => {
    await store.put(file('a'), 'x');
    await store.put(replacementKey(SHOP, 'broken'), '{"version":1,');

    const failure = await livePartitionFiles(store, SHOP).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).toMatchObject({ retryable: false, message: expect.stringContaining('broken.json') });
  });
});

describe('readReplacementsOfPartitions', () => {
  it('reads the records of the partitions asked for only, by partition, oldest first', async () => {
    const BOOKS = { app: 'books', dt: '2026-11-24' };
    await putReplacement(store, replacementRecord(SHOP, 'r2', [file('b')]));
    await putReplacement(store, replacementRecord(SHOP, 'r1', [file('a')]));
    await putReplacement(
      store,
      replacementRecord(BOOKS, 'r3', ['action_logs/app=books/dt=2026-11-24/x.parquet']),
    );
    // Another day of the same app, and an app whose name starts like it: neither was asked for.
    await putReplacement(store, replacementRecord({ app: 'shop', dt: '2026-11-25' }, 'r4', [file('c')]));
    await putReplacement(store, replacementRecord({ app: 'shopping', dt: '2026-11-24' }, 'r5', [file('d')]));
    await store.put(`${replacementKey(SHOP, 'r1')}.tmp`, 'not a record');

    const records = await readReplacementsOfPartitions(store, [
      SHOP,
      BOOKS,
      { app: 'shop', dt: '2026-11-23' },
    ]);

    expect(records.map((r) => r.id)).toEqual(['r3', 'r1', 'r2']);
    expect(await readReplacementsOfPartitions(store, [])).toEqual([]);
  });

  it('refuses a record it cannot read, naming it', async () => {
    await store.put(replacementKey(SHOP, 'broken'), 'null');

    const failure = await readReplacementsOfPartitions(store, [SHOP]).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).toMatchObject({ retryable: false, message: expect.stringContaining('broken.json') });
  });
});

describe('isDuplicateFree', () => {
  const rewrite = (id: string, n: number) => file(`20261125T000000000Z-r${id}-${String(n).padStart(4, '0')}`);
  const ingest = file('20261124T120000000Z-7c2b');

  it('holds for files that one rewrite wrote, however many', () => {
    expect(isDuplicateFree([rewrite('0000000a', 0)])).toBe(true);
    expect(isDuplicateFree([rewrite('0000000a', 0), rewrite('0000000a', 1)])).toBe(true);
  });

  it('does not hold once another writer shares the partition, or for none', () => {
    expect(isDuplicateFree([rewrite('0000000a', 0), ingest])).toBe(false);
    expect(isDuplicateFree([ingest, rewrite('0000000a', 0)])).toBe(false);
    expect(isDuplicateFree([rewrite('0000000a', 0), rewrite('0000000b', 0)])).toBe(false);
    expect(isDuplicateFree([ingest])).toBe(false);
    expect(isDuplicateFree([])).toBe(false);
  });
});
