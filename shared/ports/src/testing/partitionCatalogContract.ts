import { CatalogError, ERROR_CODES, type PartitionRef } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import type { PartitionCatalog } from '../PartitionCatalog.js';
import { type Opened, openPerTest } from './openPerTest.js';

/** A new catalog with no partition for one test, and how to remove what it made. */
export interface OpenedPartitionCatalog extends Opened {
  readonly catalog: PartitionCatalog;
}

/**
 * What every PartitionCatalog promises the workers, run against each adapter (with its service
 * faked where it cannot run here) and each fake. `open` gives a new, empty catalog each time.
 */
export function partitionCatalogContract(name: string, open: () => Promise<OpenedPartitionCatalog>): void {
  describe(`${name} (PartitionCatalog contract)`, () => {
    const openOne = openPerTest(open);
    const fresh = async () => (await openOne()).catalog;

    it('lists nothing before anything is registered', async () => {
      const catalog = await fresh();

      expect(await catalog.list()).toEqual([]);
    });

    it('lists what was registered, each once, ordered by app then date', async () => {
      const catalog = await fresh();
      const partitions: PartitionRef[] = [
        { app: 'shopping', dt: '2026-11-24' },
        { app: 'shop', dt: '2026-11-25' },
        { app: 'blog', dt: '2026-11-24' },
        { app: 'shop', dt: '2026-11-24' },
      ];

      for (const partition of partitions) await catalog.register(partition);

      expect(await catalog.list()).toEqual([
        { app: 'blog', dt: '2026-11-24' },
        { app: 'shop', dt: '2026-11-24' },
        { app: 'shop', dt: '2026-11-25' },
        { app: 'shopping', dt: '2026-11-24' },
      ]);
    });

    it('treats registering a known partition, again or from many callers at once, as done', async () => {
      const catalog = await fresh();
      const partition = { app: 'shop', dt: '2026-11-24' };
      await catalog.register(partition);

      await catalog.register(partition);
      await Promise.all(Array.from({ length: 5 }, () => catalog.register({ ...partition })));

      expect(await catalog.list()).toEqual([partition]);
    });

    it('removes a partition and leaves the others, and removes an unknown one without complaint', async () => {
      const catalog = await fresh();
      await catalog.register({ app: 'shop', dt: '2026-11-24' });
      await catalog.register({ app: 'shop', dt: '2026-11-25' });

      await catalog.remove({ app: 'shop', dt: '2026-11-24' });
      await catalog.remove({ app: 'shop', dt: '2026-11-24' });
      await catalog.remove({ app: 'blog', dt: '2026-11-24' });

      expect(await catalog.list()).toEqual([{ app: 'shop', dt: '2026-11-25' }]);
      // Registered again after a removal (late events), it is listed again.
      await catalog.register({ app: 'shop', dt: '2026-11-24' });
      expect(await catalog.list()).toHaveLength(2);
    });

    it.each([
      { app: 'Shop', dt: '2026-11-24' },
      { app: '../escape', dt: '2026-11-24' },
      { app: "shop'", dt: '2026-11-24' },
      { app: 'shop', dt: '2026-02-30' },
      { app: 'shop', dt: '2026-11-24/../x' },
    ])(
      'refuses $app / $dt with a CatalogError that retrying cannot fix, and registers nothing',
      async (bad) => {
        const catalog = await fresh();

        const failure = await catalog.register(bad).then(
          () => 'registered',
          (error: unknown) => error,
        );

        expect(failure).toBeInstanceOf(CatalogError);
        expect(failure).toMatchObject({ code: ERROR_CODES.catalogFailed, retryable: false });
        expect(await catalog.list()).toEqual([]);
      },
    );
  });
}
