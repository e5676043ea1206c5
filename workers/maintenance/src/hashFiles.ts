import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { storedSha256 } from '@rireki/adapters';
import { type RemovedFile, StorageError } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

/** The lake files at `keys`, by the SHA-256 of their local copies at `paths` (the same order). */
export async function hashLocalCopies(
  keys: readonly string[],
  paths: readonly string[],
): Promise<RemovedFile[]> {
  const files: RemovedFile[] = [];
  for (const [index, key] of keys.entries()) {
    const path = paths[index];
    if (path === undefined) throw new RangeError(`no local copy of ${key}`);
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    files.push({ key, sha256: hash.digest('hex') });
  }
  return files;
}

/** The lake files at `keys`, by the SHA-256 of what is stored there (read whole). */
export async function hashStoredFiles(store: ObjectStore, keys: readonly string[]): Promise<RemovedFile[]> {
  const files: RemovedFile[] = [];
  for (const key of keys) {
    const sha256 = await storedSha256(store, key);
    if (sha256 === null)
      throw new StorageError(`${key} vanished from ${store.location} before it was removed`);
    files.push({ key, sha256 });
  }
  return files;
}
