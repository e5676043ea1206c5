import type { Dirent } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The temporary name DirectoryObjectStore writes a file under before it renames it into place. */
const TEMP_FILE = /^\.[0-9a-f-]{36}\.tmp$/;

/**
 * Removes the temporary files a killed writer left in the lake. A lake put is write-temp, fsync,
 * rename, so a temp file is never part of the lake: it is a write that did not finish, whose
 * messages were not deleted and will be written again. Called while the stack holds the data
 * directory and before any worker runs, so no live write is touched. Returns how many it removed.
 */
export async function sweepTempFiles(lakeDir: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(lakeDir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const stale = entries.filter((entry) => entry.isFile() && TEMP_FILE.test(entry.name));
  await Promise.all(stale.map((entry) => rm(join(entry.parentPath, entry.name), { force: true })));
  return stale.length;
}
