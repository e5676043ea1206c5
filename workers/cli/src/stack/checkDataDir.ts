import { randomUUID } from 'node:crypto';
import { mkdir, open, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '@rireki/contracts';

/**
 * Filesystems a data directory must not be on, by Linux `statfs` magic number. The embedded
 * queue's SQLite database needs working POSIX locks and the lake needs atomic renames; network
 * filesystems give neither reliably, and pseudo filesystems keep nothing.
 */
const REFUSED_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x01021997, '9p (a VM or WSL share)'],
  [0x65735546, 'FUSE (sshfs, s3fs, rclone …)'],
  [0x5346414f, 'AFS'],
  [0x73757245, 'Coda'],
  [0x00c36400, 'CephFS'],
  [0x0bd00bd0, 'Lustre'],
  [0x01161970, 'GFS2'],
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
]);

/**
 * Makes sure the stack can keep its state in `dir`: it exists or can be created, is a directory,
 * takes a durable write (a file written, fsynced and removed), and is on a local filesystem.
 * Throws ConfigError naming `source` (the variable or flag the directory came from).
 */
export async function checkDataDir(dir: string, source: string): Promise<void> {
  const refuse = (message: string): never => {
    throw new ConfigError([{ path: source, message: `"${dir}" ${message}` }]);
  };
  const existing = await stat(dir).catch((error: unknown) =>
    (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? undefined
      : refuse(`cannot be read (${describe(error)})`),
  );
  if (existing !== undefined && !existing.isDirectory()) refuse('is not a directory');
  if (existing === undefined) {
    try {
      await makeDirectories(dir);
    } catch (error) {
      refuse(`cannot be created (${describe(error)}); use a directory on a local disk`);
    }
  }
  if (process.platform === 'linux') {
    const fs = await statfs(dir).catch(() => undefined);
    const kind = fs === undefined ? undefined : REFUSED_FILESYSTEMS.get(fs.type);
    if (kind !== undefined) {
      refuse(
        `is on a ${kind} filesystem; the embedded queue (SQLite) and the lake need a local disk for their locks and atomic renames`,
      );
    }
  }
  const probe = join(dir, `.rireki-write-check-${randomUUID()}`);
  try {
    const file = await open(probe, 'wx');
    try {
      await file.writeFile('rireki');
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (error) {
    refuse(`is not writable (${describe(error)})`);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdir never returns when the kernel
 * answers ENOENT for a parent that exists (as /proc does for /proc/x): it retries the parent forever.
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    const found = await stat(current).then(
      () => true,
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      },
    );
    if (found || dirname(current) === current) break;
    missing.push(current);
  }
  for (const path of missing.reverse()) {
    await mkdir(path).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${code}: ${message.replace(/^[A-Z]+: /, '')}`;
}
