import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Why a stack cannot start, with the exit code `rireki up` ends with. */
export class StackStartError extends Error {
  override readonly name = 'StackStartError';
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** EX_TEMPFAIL: the data directory or port is in use now; it may not be later. */
export const EXIT_IN_USE = 75;

export interface DataDirLock {
  /** Releases the lock; the kernel also releases it when the process dies, however it dies. */
  release(): Promise<void>;
}

interface Holder {
  readonly pid: number;
  readonly startedAt: string;
  readonly port: number;
}

const LOCK_FILE = 'stack.lock';
const HOLDER_FILE = 'stack.pid';

/**
 * Takes the data directory for this process, or refuses if another stack holds it.
 *
 * The lock is an exclusive SQLite lock (an fcntl lock underneath) on `stack.lock`, held for the
 * life of the process. The kernel drops it when the process ends, SIGKILL included, so a lock is
 * never stale and no pid needs to be checked for liveness: a lock file that a killed stack left
 * behind is simply taken again. `stack.pid` only names the holder in the refusal.
 */
export async function lockDataDir(dataDir: string, port: number): Promise<DataDirLock> {
  const db = new DatabaseSync(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    // No journal file: nothing is ever written, and a killed holder must leave nothing to roll back.
    db.exec('PRAGMA journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { errcode?: number }).errcode !== SQLITE_BUSY) throw error;
    const holder = await readHolder(dataDir);
    throw new StackStartError(
      `${dataDir} is in use by another "rireki up"${holder === undefined ? '' : ` (pid ${holder.pid}, port ${holder.port}, since ${holder.startedAt})`}: stop it first, or give this one its own --data-dir`,
      EXIT_IN_USE,
    );
  }
  const holder: Holder = { pid: process.pid, startedAt: new Date().toISOString(), port };
  await writeFile(join(dataDir, HOLDER_FILE), `${JSON.stringify(holder)}\n`);
  return {
    async release() {
      await rm(join(dataDir, HOLDER_FILE), { force: true });
      db.close();
    },
  };
}

const SQLITE_BUSY = 5;

async function readHolder(dataDir: string): Promise<Holder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, HOLDER_FILE), 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' &&
      typeof parsed.port === 'number' &&
      typeof parsed.startedAt === 'string'
      ? (parsed as Holder)
      : undefined;
  } catch {
    return undefined;
  }
}
