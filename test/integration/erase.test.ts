import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDbQueryEngine, LocalPartitionCatalog } from '@rireki/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSmallFiles } from '../support/syntheticLake.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const run = promisify(execFile);
const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22'];

/** `rireki erase` as an operator runs it, on a data directory of its own. */
describe('rireki erase', () => {
  let dataDir: string;
  const rireki = (args: string[]) =>
    run(process.execPath, [RIREKI, ...args, '--data-dir', dataDir], { env: { PATH: process.env.PATH } }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  /** Rows per day, and of u7, as a search reads them: through the live files of each partition. */
  const perDay = async () => {
    const engine = await DuckDbQueryEngine.create({
      lakeDir: join(dataDir, 'lake'),
      catalog: new LocalPartitionCatalog(join(dataDir, 'catalog')),
      connections: 1,
      threads: 1,
    });
    try {
      const source = await engine.source(DAYS.map((dt) => ({ app: 'shop', dt })));
      if (source === null) return [];
      const result = await engine.query(
        {
          sql: `SELECT dt, count(*) AS n, count(*) FILTER (WHERE user_id = 'u7') AS u7 FROM ${source.sql} GROUP BY dt ORDER BY dt`,
          params: source.params,
        },
        { timeoutMs: 30_000 },
      );
      return result.rows;
    } finally {
      await engine.close();
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-erase-'));
    // 3 days of 300 events, users u0…u49 in turn.
    for (const dt of DAYS) {
      await writeSmallFiles(dataDir, { app: 'shop', dt, files: 30, rowsPerFile: 10 });
    }
  }, 60_000);

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses bad flags, naming each one, and changes nothing', async () => {
    const result = await rireki([
      'erase',
      '--app',
      'Shop',
      '--user',
      'u7',
      '--from',
      '2026-11-22',
      '--to',
      '2026-11-20',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--app: must be an app code');
    expect(result.stderr).toContain('--to: must not be before --from (got 2026-11-20 < 2026-11-22)');
  });

  it('counts on a dry run, then removes exactly the user’s events in range, and keeps an audit record', async () => {
    const dry = await rireki(['erase', '--app', 'shop', '--user', 'u7', '--from', '2026-11-21', '--dry-run']);
    expect(dry.stdout).toBe(
      'would remove 12 rows of user u7 in 2 partitions of shop (dry run: nothing changed)\n',
    );
    expect(await readdir(join(dataDir, 'lake', '_maintenance')).catch(() => [])).toEqual([]);

    const done = await rireki(['erase', '--app', 'shop', '--user', 'u7', '--from', '2026-11-21', '--json']);

    expect(done.code).toBe(0);
    const report = JSON.parse(done.stdout) as { rowsRemoved: number; partitions: number; id: string };
    expect(report).toMatchObject({ rowsRemoved: 12, partitions: 2 });
    const audit = await readdir(join(dataDir, 'lake', '_maintenance', 'erasures'));
    expect(audit).toEqual([`${report.id}.json`]);
    expect(await perDay()).toEqual([
      { dt: '2026-11-20', n: 300, u7: 6 },
      { dt: '2026-11-21', n: 294, u7: 0 },
      { dt: '2026-11-22', n: 294, u7: 0 },
    ]);
  });
});
