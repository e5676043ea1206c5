import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StorageError } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

/** Local paths of lake objects for a rewriter to read, and how to remove any copies made. */
export interface LocalCopies {
  readonly paths: readonly string[];
  release(): Promise<void>;
}

/**
 * The directory lake's files are read where they are; objects of any other store (S3) are copied to
 * a local temporary directory first, one at a time, since the rewriter reads local files only.
 */
export async function localCopies(store: ObjectStore, keys: readonly string[]): Promise<LocalCopies> {
  if (keys.every((key) => store.uriOf(key).startsWith('file://'))) {
    return { paths: keys.map((key) => fileURLToPath(store.uriOf(key))), release: async () => undefined };
  }
  const dir = await mkdtemp(join(tmpdir(), 'rireki-copies-'));
  const release = () => rm(dir, { recursive: true, force: true });
  try {
    const paths: string[] = [];
    for (const [index, key] of keys.entries()) {
      const bytes = await store.get(key);
      // A live file cannot vanish before its replacement record's grace has passed.
      if (bytes === null) throw new StorageError(`${key} vanished from ${store.location} while compacting`);
      const path = join(dir, `${index}.parquet`);
      await writeFile(path, bytes);
      paths.push(path);
    }
    return { paths, release };
  } catch (error) {
    await release();
    throw error;
  }
}
