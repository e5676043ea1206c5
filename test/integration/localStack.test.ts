import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from '@rireki/adapters/testing';
import { STACK_EVENTS } from '@rireki/cli';
import { ENV_KEYS } from '@rireki/contracts';
import { INGEST_EVENTS } from '@rireki/ingest';
import { QUERY_EVENTS } from '@rireki/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { queryLake } from '../support/lake.js';
import { NO_METRICS_ENDPOINTS } from '../support/metricsPorts.js';

// The AWS CLI is the foreign client of choice; CI installs it (.ci/run), a laptop may not have it.
const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
// CI installs it, so there its absence is a failure, not a skip.
const runAwsCliSuite = hasAwsCli || process.env.CI === 'true';
if (!runAwsCliSuite) {
  console.warn('localStack: the AWS CLI is not installed, so the foreign-client test is skipped');
}
const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const run = promisify(execFile);

/** `rireki up` as a newcomer runs it, on a free port and its own data directory. */
describe('rireki up: the local stack', () => {
  let dataDir: string;
  let port: number;
  let consolePort: number;
  let endpoint: string;
  let stack: ReturnType<typeof spawn>;
  let output = '';
  const env = () => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    [ENV_KEYS.port]: String(port),
    [ENV_KEYS.dataDir]: dataDir,
    ...NO_METRICS_ENDPOINTS,
    [ENV_KEYS.consolePort]: String(consolePort),
    // A killed worker's open long polls can still take a message; it reappears after this.
    [ENV_KEYS.visibilityTimeoutS]: '10',
  });
  const ingestQueueUrl = () => `http://sqs.us-east-1.localhost:${port}/000000000000/rireki-ingest`;
  const lake = () => join(dataDir, 'lake');
  const countWhere = async (where: string) => {
    const rows = await queryLake<{ n: bigint }>(
      lake(),
      (f) => `SELECT count(DISTINCT event_id) AS n FROM ${f} WHERE ${where}`,
    );
    return Number(rows[0]?.n ?? 0);
  };
  /** The stack's JSON log lines so far, parsed: assertions read fields, not pino's key order. */
  const logLines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  const logged = (event: string) => logLines().filter((line) => line.event === event);
  const workerPids = () =>
    logged(INGEST_EVENTS.started)
      .filter((line) => line.name === 'rireki-ingest')
      .map((line) => Number(line.pid));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-stack-'));
    port = await freePort();
    consolePort = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    stack = spawn(process.execPath, [RIREKI, 'up'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    stack.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    stack.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    await waitFor(
      'the banner and a running worker',
      () => output.includes('rireki local stack is up') && workerPids().length === 1,
    );
  });

  afterAll(async () => {
    if (stack.exitCode === null) stack.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the endpoint, the four queues and example commands', () => {
    expect(output).toContain(`SQS endpoint   ${endpoint}`);
    for (const queue of ['rireki-ingest', 'rireki-ingest-dlq', 'rireki-search', 'rireki-search-dlq']) {
      expect(output).toContain(`/000000000000/${queue}\n`);
    }
    expect(output).toContain('aws sqs send-message');
  });

  it('serves the web console at the URL the banner prints, as an unsigned requester', async () => {
    const url = `http://127.0.0.1:${consolePort}/`;
    const page = await fetch(url);
    const apps = await fetch(`${url}api/apps`, { headers: { 'x-rireki-console': '1' } });

    expect(output).toContain(`console        ${url}   (unsigned requests, open access)`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect(apps.status).toBe(200);
    expect(await apps.json()).toMatchObject({ everyApp: true });
  });

  /** Sends JSON lines with `rireki send`, as a user would; resolves with its output, exit code included. */
  const sendLines = async (name: string, lines: readonly string[]) => {
    const file = join(dataDir, name);
    await writeFile(file, lines.join('\n'));
    return run(process.execPath, [RIREKI, 'send', file, '--app', 'shop', '--endpoint', endpoint], {
      env: env(),
    }).then(
      (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  };
  const inLake = (ids: readonly string[]) =>
    waitFor(
      `${ids.join(', ')} in the lake (stack output: ${output.slice(-3000)})`,
      async () => (await countWhere(`event_id IN (${ids.map((id) => `'${id}'`).join(',')})`)) === ids.length,
    );

  it('ingests JSON lines sent with `rireki send` and reports bad lines by number', async () => {
    const result = await sendLines('events.jsonl', [
      JSON.stringify({ occurredAt: Date.now(), path: '/a', eventId: 'send-1' }),
      '{oops',
      JSON.stringify({ occurredAt: Date.now(), path: '/b', eventId: 'send-2', app: 'blog' }),
      '',
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('sent 2 events in 1 message');
    expect(result.stderr).toContain('line 2: not JSON');
    await inLake(['send-1', 'send-2']);
    expect(await countWhere("event_id = 'send-1' AND app = 'shop'")).toBe(1);
    expect(await countWhere("event_id = 'send-2' AND app = 'blog'")).toBe(1);
  });

  it('answers `rireki search` through the query worker, as JSON and as a table', async () => {
    // Events of its own, so that this test passes alone and in any order.
    const sent = await sendLines('search.jsonl', [
      JSON.stringify({ occurredAt: Date.now(), path: '/search/a', eventId: 'search-1' }),
      JSON.stringify({ occurredAt: Date.now(), path: '/search/b', eventId: 'search-2', app: 'blog' }),
    ]);
    expect(sent.code).toBe(0);
    await inLake(['search-1', 'search-2']);
    await waitFor('the query worker', () => logged(QUERY_EVENTS.started).length > 0);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const args = [RIREKI, 'search', '--app', 'shop,blog', '--from', from, '--to', to, '--endpoint', endpoint];

    const json = await run(
      process.execPath,
      [...args, '--filter', 'eventId=search-1|search-2', '--total', '--json'],
      { env: env() },
    );
    const table = await run(process.execPath, [...args, '--filter', 'path^=/search/b'], { env: env() });

    const result = JSON.parse(json.stdout) as {
      rows: Array<{ eventId: string; app: string }>;
      total: number;
    };
    expect(result.total).toBe(2);
    expect(result.rows.map((r) => `${r.app}/${r.eventId}`).sort()).toEqual([
      'blog/search-2',
      'shop/search-1',
    ]);
    expect(table.stdout).toMatch(/│ blog\s*│/);
    expect(table.stdout).toContain('/search/b');
    expect(table.stdout).toContain('1 row ·');
  });

  it.runIf(runAwsCliSuite)(
    'accepts a message from the AWS CLI, the way another team would send one',
    async () => {
      const body = JSON.stringify({
        app: 'shop',
        occurredAt: '2026-11-24T09:30:00+09:00',
        eventId: 'awscli-1',
        status: 201,
      });
      await run(
        'aws',
        [
          'sqs',
          'send-message',
          '--region',
          'us-east-1',
          '--endpoint-url',
          endpoint,
          '--queue-url',
          ingestQueueUrl(),
          '--message-body',
          body,
        ],
        { env: { ...env(), AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' } },
      );
      await waitFor('the event in the lake', async () => (await countWhere("event_id = 'awscli-1'")) === 1);
    },
  );

  it('restarts a worker that dies, and the queue keeps what it had', async () => {
    const sendLine = (line: string) => {
      const send = spawn(process.execPath, [RIREKI, 'send', '--endpoint', endpoint], {
        env: env(),
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      send.stdin?.end(`${line}\n`);
      return new Promise((resolve) => send.on('exit', resolve));
    };
    const [first] = workerPids();

    process.kill(first as number, 'SIGKILL');
    await sendLine(JSON.stringify({ app: 'shop', occurredAt: Date.now(), eventId: 'while-down' }));
    await waitFor('a new worker', () => workerPids().length === 2, { timeoutMs: 20_000 });
    await sendLine(JSON.stringify({ app: 'shop', occurredAt: Date.now(), eventId: 'after-restart' }));

    expect(logged(STACK_EVENTS.workerDied)).toHaveLength(1);
    await waitFor(
      'both events in the lake',
      async () => (await countWhere("event_id IN ('while-down', 'after-restart')")) === 2,
      { timeoutMs: 40_000 },
    );
  });

  // Stops the stack the other tests share, so it is the file's last test (vitest runs them in order).
  it('drains and stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => stack.on('exit', (code) => resolve(code)));
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(logged(INGEST_EVENTS.stopped).at(-1)).toMatchObject({ complete: true });
    expect(logged(STACK_EVENTS.stopped)).toEqual([
      expect.objectContaining({ ingestExitCode: 0, queryExitCode: 0 }),
    ]);
  });
});
