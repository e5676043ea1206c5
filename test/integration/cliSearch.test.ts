// Over 250 lines: one stack serves every case; each would otherwise start its own.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateQueueCommand,
  ListQueuesCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { stackQueueUrls, stackSqs } from '../support/stackClient.js';
import { type StackProcess, startStackProcess } from '../support/stackProcess.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const execute = promisify(execFile);
const HOUR_MS = 3_600_000;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `rireki search` as a user types it: the stack's port in the environment, nothing else. */
describe('rireki search, as a user runs it', () => {
  let dataDir: string;
  let port: number;
  let stack: StackProcess;
  let sqs: SQSClient;
  /** Events an hour old: inside the default 7 days, and the same on every run of a case. */
  const baseMs = Date.now() - HOUR_MS;
  const statuses = [200, 201, 302, 404, 500, 503, 599, 200];
  const ids = statuses.map((_, i) => `cli-${i}`);

  const env = (more: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    [ENV_KEYS.port]: String(port),
    ...more,
  });
  const rireki = (args: readonly string[], more: Record<string, string> = {}): Promise<Ran> =>
    execute(process.execPath, [RIREKI, ...args], { env: env(more) }).then(
      (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  const eventIds = (ndjson: string) =>
    ndjson
      .trim()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { eventId: string }).eventId);
  const replyQueues = async () =>
    (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'rireki-reply-' }))).QueueUrls ?? [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-cli-search-'));
    port = await freePort();
    stack = startStackProcess({
      port,
      dataDir,
      logFile: join(dataDir, 'stack.log'),
      env: { [ENV_KEYS.flushMaxAgeMs]: '300' },
    });
    await stack.ready(60_000);
    sqs = stackSqs(port);
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stackQueueUrls(port).ingest,
        Entries: statuses.map((status, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify({
            app: 'shop',
            eventId: ids[i],
            occurredAt: baseMs + i * 1000,
            status,
            method: 'GET',
            path: `/cli/${i}`,
            attributes: { orderId: `ORD-${i}` },
          }),
        })),
      }),
    );
    await waitFor('every event searchable', async () => {
      const found = await rireki(['search', '--app', 'shop', '--all', '--json']);
      return found.code === 0 && eventIds(found.stdout).length === ids.length;
    });
  });

  afterAll(async () => {
    sqs?.destroy();
    await stack?.interrupt(30_000);
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    [['--filter', 'status>=300', '--filter', 'status<600']],
    [['--filter', 'status<600', '--filter', 'status>=300']],
  ])('combines comparisons on one field, whatever their order: %o', async (filters) => {
    const found = await rireki(['search', '--app', 'shop', ...filters, '--all', '--json']);

    expect(found.code).toBe(0);
    expect(eventIds(found.stdout).sort()).toEqual(['cli-2', 'cli-3', 'cli-4', 'cli-5', 'cli-6']);
  });

  it('refuses two equality filters on one field instead of keeping the last', async () => {
    const refused = await rireki([
      'search',
      '--app',
      'shop',
      '--filter',
      'status=200',
      '--filter',
      'status=404',
    ]);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"status=404" and "status=200" both filter status');
  });

  it('continues a search from the printed cursor alone', async () => {
    const pages: string[][] = [];
    let args = ['search', '--app', 'shop', '--limit', '3', '--format', 'ndjson'];
    for (let page = 0; page < 10; page++) {
      const ran = await rireki(args);
      expect(ran.code, ran.stderr).toBe(0);
      pages.push(eventIds(ran.stdout));
      const cursor = /more: --cursor (\S+)/.exec(ran.stderr)?.[1];
      if (cursor === undefined) break;
      args = ['search', '--app', 'shop', '--limit', '3', '--format', 'ndjson', '--cursor', cursor];
    }

    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    expect(pages.flat()).toEqual([...ids].reverse());
  });

  it('names a bad numeric flag and leaves no reply queue behind', async () => {
    const before = await replyQueues();

    const refused = await rireki(['search', '--app', 'shop', '--timeout', 'abc']);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "option '--timeout <ms>' argument 'abc' is invalid. It must be a whole number, 1 or more.",
    );
    expect(refused.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(await replyQueues()).toEqual(before);
  });

  it('names a bad time and says what it accepts', async () => {
    const refused = await rireki(['search', '--app', 'shop', '--to', 'garbage']);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--to: must be an RFC 3339 time .*\(got "garbage"\)/);
  });

  it('deletes its reply queue on Ctrl-C while it waits', async () => {
    // A queue nobody answers: the search waits until it is interrupted.
    await sqs.send(new CreateQueueCommand({ QueueName: 'rireki-nobody' }));
    const before = await replyQueues();
    const child = spawn(process.execPath, [RIREKI, 'search', '--app', 'shop', '--queue', 'rireki-nobody'], {
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor('its reply queue', async () => (await replyQueues()).length > before.length);

    child.kill('SIGINT');

    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain('interrupted by SIGINT; the reply queue was deleted');
    expect(await replyQueues()).toEqual(before);
  });

  it('shows times and reads dates in the chosen zone, in chosen columns', async () => {
    const tokyoDate = new Date(baseMs + 9 * HOUR_MS).toISOString().slice(0, 10);
    const nextDay = new Date(Date.parse(tokyoDate) + 86_400_000).toISOString().slice(0, 10);
    const args = [
      'search',
      '--app',
      'shop',
      '--filter',
      'eventId=cli-0',
      '--columns',
      'eventId,occurredAt,attributes.orderId',
    ];

    const tokyo = await rireki([...args, '--from', tokyoDate, '--to', nextDay, '--tz', 'Asia/Tokyo']);
    const byEnv = await rireki([...args, '--from', tokyoDate, '--to', nextDay], { RIREKI_TZ: 'Asia/Tokyo' });

    expect(tokyo.code, tokyo.stderr).toBe(0);
    expect(tokyo.stdout).toMatch(/cli-0.*\+09:00.*ORD-0/);
    expect(byEnv.stdout).toMatch(/cli-0.*\+09:00.*ORD-0/);
  });

  it('exports every row as CSV, page by page', async () => {
    const csv = await rireki([
      'search',
      '--app',
      'shop',
      '--all',
      '--limit',
      '3',
      '--format',
      'csv',
      '--columns',
      'eventId,status',
    ]);

    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('eventId,status');
    expect(lines.slice(1).sort()).toEqual(ids.map((id, i) => `${id},${statuses[i]}`).sort());
    expect(csv.stderr).toContain('8 rows');
  });

  it('refuses a requester without its key instead of sending unsigned', async () => {
    const refused = await rireki(['search', '--app', 'shop'], { RIREKI_REQUESTER: 'ops' });

    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('RIREKI_REQUESTER_KEY: is required when RIREKI_REQUESTER is set');
  });

  it('matches filters case-sensitively and refuses ordering text, as the contract says', async () => {
    const upper = await rireki(['search', '--app', 'shop', '--filter', 'method=GET', '--all', '--json']);
    const lower = await rireki(['search', '--app', 'shop', '--filter', 'method=get', '--all', '--json']);
    const ordered = await rireki(['search', '--app', 'shop', '--filter', 'path>=5']);

    expect(eventIds(upper.stdout)).toHaveLength(ids.length);
    expect(eventIds(lower.stdout)).toEqual([]);
    expect(ordered.code).toBe(1);
    expect(ordered.stderr).toContain('filters.path.gte: compares numbers, and this field holds text');
  });

  it("prints the stack's port in the banner's example commands", () => {
    expect(stack.output()).toContain(`${ENV_KEYS.port}=${port} npx rireki search --app shop`);
  });

  it('prints its version', async () => {
    const version = await rireki(['--version']);

    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
