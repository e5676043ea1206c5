import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ENV_KEYS } from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../support/localQueues.js';
import { stackQueueUrls } from '../support/stackClient.js';
import { type StackProcess, startStackProcess } from '../support/stackProcess.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP_SOURCE = fileURLToPath(new URL('../support/installedApp.ts', import.meta.url));
/** What rireki publishes, in dependency order; `test` and `infra` stay private. */
const PUBLISHED = [
  'shared/contracts',
  'shared/ports',
  'shared/adapters',
  'shared/sdk',
  'workers/ingest',
  'workers/query',
  'workers/maintenance',
  'workers/console',
  'workers/cli',
] as const;
// The app's own third-party dependencies; every version is in the workspace's npm cache.
const APP_DEPENDENCIES = ['@aws-sdk/client-sqs', 'express', '@types/express', '@types/node'];
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/**
 * The packages as an app gets them: packed with `npm pack`, installed from the tarballs into a
 * scratch app outside the workspace, typechecked there, and used against a stack that the
 * installed `rireki` command runs.
 */
describe('the published packages, installed from tarballs', () => {
  let scratch: string;
  let appDir: string;
  let tarballs: string[];
  let stack: StackProcess | undefined;
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[step] = Math.round(performance.now() - started);
    }
  };

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'rireki-packages-'));
    appDir = join(scratch, 'app');
    const packed = join(scratch, 'tarballs');
    await mkdir(packed, { recursive: true });
    await mkdir(appDir);
    // npm test has built dist already; --ignore-scripts skips prepack's second build.
    await timed('pack', () =>
      run(
        'npm',
        ['pack', '--ignore-scripts', '--pack-destination', packed, ...PUBLISHED.flatMap((p) => ['-w', p])],
        {
          cwd: ROOT,
        },
      ),
    );
    tarballs = (await readdir(packed)).map((name) => join(packed, name));
    await writeFile(
      join(appDir, 'package.json'),
      JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }),
    );
    await timed('install', () =>
      run('npm', ['install', ...NPM_FLAGS, ...tarballs, ...APP_DEPENDENCIES], { cwd: appDir }),
    );
  }, 300_000);

  afterAll(async () => {
    await stack?.interrupt(30_000);
    console.info(`packages: ${JSON.stringify(timings)} ms`);
    await rm(scratch, { recursive: true, force: true });
  });

  it('packs every published package and installs them without the registry knowing them', () => {
    expect(tarballs.map((path) => path.split('/').pop()).sort()).toEqual(
      PUBLISHED.map((path) => `rireki-${path.split('/')[1]}-0.1.0.tgz`).sort(),
    );
  });

  it("resolves each package's exports, the @rireki/source condition included, to files in the install", async () => {
    const resolveIn = async (conditions: readonly string[], specifier: string) =>
      fileURLToPath(
        (
          await run(
            process.execPath,
            [
              ...conditions,
              '--input-type=module',
              '-e',
              `process.stdout.write(import.meta.resolve('${specifier}'))`,
            ],
            { cwd: appDir },
          )
        ).stdout,
      );
    for (const name of ['@rireki/contracts', '@rireki/sdk', '@rireki/cli']) {
      const plain = await resolveIn([], name);
      const source = await resolveIn(['--conditions=@rireki/source'], name);
      expect(plain).toMatch(/node_modules\/@rireki\/[a-z]+\/dist\/index\.js$/);
      expect(source).toMatch(/node_modules\/@rireki\/[a-z]+\/src\/index\.ts$/);
      for (const file of [plain, source, plain.replace(/\.js$/, '.d.ts')])
        expect((await stat(file)).isFile()).toBe(true);
    }
  });

  it('typechecks an app that uses the logger, the middleware and the search client', async () => {
    await copyFile(APP_SOURCE, join(appDir, 'app.ts'));
    await writeFile(
      join(appDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2023',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['app.ts'],
      }),
    );

    const result = await timed('typecheck', () =>
      run(TSC, ['-p', 'tsconfig.json'], { cwd: appDir }).then(
        () => '',
        (error: { stdout: string }) => error.stdout,
      ),
    );

    expect(result).toBe('');
  });

  it('runs the installed rireki command, and the app finds through search what it logged', async () => {
    const port = await freePort();
    const dataDir = join(scratch, 'data');
    const rireki = join(appDir, 'node_modules/@rireki/cli/bin/rireki.js');
    const help = await run(process.execPath, [rireki, '--help'], { cwd: appDir });
    expect(help.stdout).toContain('Usage: rireki');
    stack = startStackProcess({ port, dataDir, logFile: join(scratch, 'stack.log'), cliMain: rireki });
    await timed('stack up', () => (stack as StackProcess).ready(60_000));
    const runId = randomUUID().slice(0, 8);
    const queues = stackQueueUrls(port);

    const { stdout } = await timed('app', () =>
      run(process.execPath, ['app.ts'], {
        cwd: appDir,
        env: {
          PATH: process.env.PATH,
          RUN_ID: runId,
          INGEST_QUEUE_URL: queues.ingest,
          SEARCH_QUEUE_URL: queues.search,
          AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${port}`,
          AWS_REGION: TEST_REGION,
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          [ENV_KEYS.logLevel]: 'silent',
        },
      }),
    );
    const outcome = JSON.parse(stdout) as {
      found: string[];
      middlewarePath: unknown;
      problems: string[];
      stats: { sent: number; rejected: number };
    };

    expect(outcome.found).toHaveLength(2);
    expect(outcome.found[0]).toBe(`${runId}-direct`);
    expect(outcome.middlewarePath).toBe(`/orders/${runId}`);
    expect(outcome.problems).toEqual([`rejected ${runId}-bad`]);
    expect(outcome.stats).toMatchObject({ sent: 2, rejected: 1 });
    expect(stack.log.errorLines).toEqual([]);
  });
});
