import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LocalPartitionCatalog } from '@rireki/adapters';
import { waitFor } from '@rireki/adapters/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSmallFiles } from '../support/syntheticLake.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const run = promisify(execFile);

/** `rireki compact` and `rireki retain` as an operator runs them, on a data directory of its own. */
describe('rireki compact and rireki retain', () => {
  let dataDir: string;
  const rireki = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [RIREKI, ...args, '--data-dir', dataDir], {
      env: { PATH: process.env.PATH, ...env },
    }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  const files = async (app: string, dt: string) =>
    (await readdir(join(dataDir, 'lake', 'action_logs', `app=${app}`, `dt=${dt}`))).sort();

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-maintain-'));
  });
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('compact refuses bad flags, naming each one, and changes nothing', async () => {
    await writeSmallFiles(dataDir, { app: 'shop', dt: '2026-11-20', files: 12, rowsPerFile: 10 });
    const before = await files('shop', '2026-11-20');

    const badDate = await rireki(['compact', '--app', 'Shop', '--from', '2026-13-01']);
    const badNumber = await rireki(['compact', '--min-files', 'one']);

    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--app: must be an app code');
    expect(badDate.stderr).toContain('--from: must be a UTC date, YYYY-MM-DD (got "2026-13-01")');
    expect(badNumber.code).not.toBe(0);
    expect(badNumber.stderr).toContain("option '--min-files <n>' argument 'one' is invalid");
    expect(await files('shop', '2026-11-20')).toEqual(before);
  });

  it('compact plans on a dry run, then compacts only the chosen app, with a summary', async () => {
    await writeSmallFiles(dataDir, { app: 'shop', dt: '2026-11-20', files: 40, rowsPerFile: 10, copies: 10 });
    await writeSmallFiles(dataDir, { app: 'blog', dt: '2026-11-20', files: 40, rowsPerFile: 10 });
    const blog = await files('blog', '2026-11-20');

    const dry = await rireki(['compact', '--app', 'shop', '--quiet-ms', '0', '--dry-run']);
    expect(dry.stdout).toBe('dry run: 1 of 1 partitions would be compacted (40 files); nothing changed\n');
    expect(dry.stderr).toBe('app=shop/dt=2026-11-20: 40 files would be compacted\n');
    expect(await files('shop', '2026-11-20')).toHaveLength(40);

    const done = await rireki(['compact', '--app', 'shop', '--quiet-ms', '0', '--json']);

    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({
      dryRun: false,
      partitions: 1,
      compacted: 1,
      failed: 0,
      filesBefore: 40,
      filesAfter: 1,
      rowsIn: 400,
      rowsOut: 300,
      duplicatesDropped: 100,
    });
    // The replaced files stay for the grace; blog was not chosen.
    expect(await files('shop', '2026-11-20')).toHaveLength(41);
    expect(await files('blog', '2026-11-20')).toEqual(blog);

    const again = await rireki(['compact', '--app', 'shop', '--quiet-ms', '0']);
    expect(again.stdout).toMatch(/^compacted 0 of 1 partitions in [\d.]+ s: 0 files → 0/);
  });

  it('retain retires exactly the partitions past each app’s cut and expires old quarantine files', async () => {
    await writeSmallFiles(dataDir, { app: 'blog', dt: '2020-01-01', files: 3, rowsPerFile: 10 });
    await writeSmallFiles(dataDir, { app: 'blog', dt: '2026-11-30', files: 3, rowsPerFile: 10 });
    await writeSmallFiles(dataDir, { app: 'shop', dt: '2020-01-01', files: 3, rowsPerFile: 10 });
    const quarantine = join(dataDir, 'lake', 'quarantine', 'dt=2020-01-01');
    await mkdir(quarantine, { recursive: true });
    await writeFile(join(quarantine, '20200101T000000000Z-x.jsonl'), '{}\n');
    const env = { RIREKI_RETENTION: '{"blog": 30}', RIREKI_REPLACED_GRACE_MS: '1000' };

    const bad = await rireki(['retain'], { RIREKI_RETENTION: '{"blog": 0}' });
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain('RIREKI_RETENTION.blog');

    const dry = await rireki(['retain', '--dry-run'], env);
    expect(dry.stdout).toContain('dry run: 1 of 3 partitions past retention would be retired (3 files)');
    expect(dry.stdout).toContain('1 quarantine and results files would be deleted');

    const done = await rireki(['retain', '--json'], env);
    expect(JSON.parse(done.stdout)).toMatchObject({ expired: 1, files: 3, areaFiles: 1, failed: 0 });
    expect(await files('blog', '2020-01-01')).toHaveLength(3);
    // Past the grace, a run removes the files and the partition leaves the catalog.
    const finish = await waitFor('a retain run past the grace', async () => {
      const next = JSON.parse((await rireki(['retain', '--json'], env)).stdout) as {
        replacedRemoved: number;
      };
      return next.replacedRemoved > 0 ? next : undefined;
    });
    expect(finish).toMatchObject({ expired: 0, replacedRemoved: 1 });
    const left = await new LocalPartitionCatalog(join(dataDir, 'catalog')).list();
    expect(left.map((p) => `${p.app}/${p.dt}`).sort()).toEqual(['blog/2026-11-30', 'shop/2020-01-01']);
    expect(await files('blog', '2020-01-01').catch(() => [])).toEqual([]);
    expect(await readdir(join(dataDir, 'lake', 'quarantine', 'dt=2020-01-01'))).toEqual([]);
  });
});
