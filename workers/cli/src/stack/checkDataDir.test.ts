import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ENV_KEYS } from '@rireki/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDataDir } from './checkDataDir.js';

/** Makes `dir` refuse writes, even to root: the immutable attribute as root, permissions otherwise. */
function makeUnwritable(dir: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', dir]);
    return () => execFileSync('chattr', ['-i', dir]);
  }
  execFileSync('chmod', ['555', dir]);
  return () => execFileSync('chmod', ['755', dir]);
}

async function refusal(dir: string): Promise<string> {
  const error = await checkDataDir(dir, ENV_KEYS.dataDir).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems;
  expect(problems).toHaveLength(1);
  expect(problems[0]?.path).toBe(ENV_KEYS.dataDir);
  return problems[0]?.message ?? '';
}

describe('checkDataDir', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'rireki-datadir-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates a missing directory, several levels deep, and leaves no trace of its write check', async () => {
    const dir = join(root, 'a', 'b', 'c');
    await checkDataDir(dir, ENV_KEYS.dataDir);
    expect(await readdir(dir)).toEqual([]);
  });

  it('accepts an existing, writable directory', async () => {
    await expect(checkDataDir(root, ENV_KEYS.dataDir)).resolves.toBeUndefined();
  });

  it('refuses, and returns at once, a directory that cannot be made under /proc', async () => {
    // Node's recursive mkdir never returns for this path; the check must.
    expect(await refusal('/proc/rireki-data')).toBe(
      `"/proc/rireki-data" cannot be created (ENOENT: no such file or directory, mkdir '/proc/rireki-data'); use a directory on a local disk`,
    );
  });

  it('refuses a file', async () => {
    const file = join(root, 'file');
    await writeFile(file, 'x');
    expect(await refusal(file)).toBe(`"${file}" is not a directory`);
  });

  it('refuses a path under a file', async () => {
    const file = join(root, 'file');
    await writeFile(file, 'x');
    expect(await refusal(join(file, 'data'))).toMatch(/cannot be read \(ENOTDIR: /);
  });

  it('refuses a directory it cannot write to', async () => {
    const dir = join(root, 'locked');
    await mkdir(dir);
    const restore = makeUnwritable(dir);
    try {
      expect(await refusal(dir)).toMatch(new RegExp(`^"${dir}" is not writable \\((EPERM|EACCES): `));
    } finally {
      restore();
    }
  });

  it.runIf(process.platform === 'linux')('refuses a pseudo filesystem by its type', async () => {
    expect(await refusal('/proc')).toBe(
      '"/proc" is on a proc filesystem; the embedded queue (SQLite) and the lake need a local disk for their locks and atomic renames',
    );
  });
});
