import { type DigestFile, type DigestRecord, replacementKey } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { sha256Hex } from './digestRecords.js';

/** The SHA-256 of a stored object in hex, or null when there is none. */
export async function storedSha256(store: ObjectStore, key: string): Promise<string | null> {
  const bytes = await store.get(key);
  return bytes === null ? null : sha256Hex(bytes);
}

/**
 * A record whose work may not have finished (its writer stopped, or the work failed), cut down to
 * what the lake shows was done, or null when none of it was. A file counts as added only when it
 * is stored with the recorded hash, so a file the writer did not write is never adopted. A
 * rewrite counts its removals once its replacement record is stored (or its replaced files are
 * gone); before that it only added files, which the next rewrite replaces. Files of an expiry
 * count as removed once they are gone.
 */
export async function resolveAgainstLake(
  store: ObjectStore,
  record: DigestRecord,
): Promise<DigestRecord | null> {
  switch (record.op) {
    case 'add':
      return (await isStored(store, record.file)) ? record : null;
    case 'rewrite': {
      const added: DigestFile[] = [];
      for (const file of record.added) if (await isStored(store, file)) added.push(file);
      const switched =
        (await store.get(replacementKey(record, record.rewriteId))) !== null ||
        (await anyGone(
          store,
          record.removed.map((file) => file.key),
        ));
      if (switched) return { ...record, added };
      return added.length === 0
        ? null
        : { ...record, removed: [], added, rowsIn: 0, rowsOut: 0, rowsErased: 0 };
    }
    case 'expire': {
      const removed = [];
      for (const file of record.removed) if ((await store.get(file.key)) === null) removed.push(file);
      return removed.length === 0 ? null : { ...record, removed };
    }
  }
}

async function isStored(store: ObjectStore, file: DigestFile): Promise<boolean> {
  return (await storedSha256(store, file.key)) === file.sha256;
}

async function anyGone(store: ObjectStore, keys: readonly string[]): Promise<boolean> {
  for (const key of keys) if ((await store.get(key)) === null) return true;
  return false;
}
