import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_IN_USE, lockDataDir, StackStartError } from './dataDirLock.js';

const HOLDER = fileURLToPath(new URL('./testing/holdDataDirLock.ts', import.meta.url));

/** Another process holding the lock of `dataDir`; resolves once it has it. */
async function holdInAnotherProcess(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the holder exited with ${String(code)}`)));
  });
  return child;
}

describe('lockDataDir', () => {
  let dataDir: string;
  let holder: ChildProcess | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-lock-'));
  });
  afterEach(async () => {
    holder?.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second stack on the same directory, naming the first', async () => {
    holder = await holdInAnotherProcess(dataDir);

    const error = await lockDataDir(dataDir, 4600).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(StackStartError);
    expect((error as StackStartError).exitCode).toBe(EXIT_IN_USE);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${dataDir} is in use by another "rireki up" \\(pid ${holder.pid}, port 4999, since \\d{4}-.+Z\\): stop it first, or give this one its own --data-dir$`,
      ),
    );
  });

  it('is taken again at once after its holder is killed with SIGKILL', async () => {
    holder = await holdInAnotherProcess(dataDir);
    const exited = new Promise((resolve) => holder?.on('exit', resolve));
    holder.kill('SIGKILL');
    await exited;

    const lock = await lockDataDir(dataDir, 4600);
    await lock.release();
    // Nothing but the lock file itself stays behind: no journal, no holder file.
    expect(await readdir(dataDir)).toEqual(['stack.lock']);
  });

  it('can be taken again by the same process once released', async () => {
    const first = await lockDataDir(dataDir, 4600);
    await first.release();
    const second = await lockDataDir(dataDir, 4600);
    await second.release();
  });
});
