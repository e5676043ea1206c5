import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StorageError } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

/**
 * The lake as a local directory. A put writes a hidden temporary file, fsyncs it, renames it into
 * place and fsyncs the directory, so a crash leaves either the whole file or none, never a torn one
 * that a query would read.
 */
export class DirectoryObjectStore implements ObjectStore {
  readonly location: string;

  constructor(root: string) {
    this.location = resolve(root);
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const path = this.pathOf(key);
    const dir = dirname(path);
    const temp = join(dir, `.${randomUUID()}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      const file = await open(temp, 'w');
      try {
        await file.writeFile(body);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
      await syncDirectory(dir);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new StorageError(`could not write ${key} under ${this.location}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    const path = this.pathOf(key);
    try {
      return await readFile(path);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new StorageError(`could not read ${key} under ${this.location}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await rm(path, { force: true });
      await syncDirectory(dirname(path));
    } catch (error) {
      if (isNotFound(error)) return;
      throw new StorageError(`could not delete ${key} under ${this.location}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const start = this.pathOf(prefix.replace(/\/+$/, '') || '.');
    try {
      const entries = await readdir(start, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => relative(this.location, join(entry.parentPath, entry.name)).split(sep).join('/'));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw new StorageError(`could not list ${prefix} under ${this.location}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  uriOf(key: string): string {
    return pathToFileURL(this.pathOf(key)).href;
  }

  /** The file path of a key; refuses keys that are not a plain relative path, as S3ObjectStore does. */
  pathOf(key: string): string {
    if (key === '' || isAbsolute(key) || key.split('/').some((part) => part === '' || part === '..')) {
      throw new StorageError(`key "${key}" is not a relative path inside the lake`, { retryable: false });
    }
    return join(this.location, ...key.split('/'));
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
