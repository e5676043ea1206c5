import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { STACK_EVENTS } from '@rireki/cli';
import { ENV_KEYS } from '@rireki/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { queueDepth } from '../support/localQueues.js';
import { NO_METRICS_ENDPOINTS } from '../support/metricsPorts.js';
import { searchStack, stackQueueUrls, stackSqs } from '../support/stackClient.js';
import { type StackProcess, startStackProcess } from '../support/stackProcess.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const BANNER = 'rireki local stack is up';

/** `rireki up` that is expected to refuse: its exit code and what it printed, within 15 s. */
async function refusedUp(env: Record<string, string>, args: string[] = []) {
  const port = await freePort();
  const result = await promisify(execFile)(process.execPath, [RIREKI, 'up', ...args], {
    env: { ...process.env, [ENV_KEYS.port]: String(port), ...NO_METRICS_ENDPOINTS, ...env },
    timeout: 15_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0 as number | null, stdout, stderr, killed: false }),
    (error: { code: number | null; stdout: string; stderr: string; killed: boolean }) => error,
  );
  expect(result.killed, 'rireki up did not stop by itself').toBe(false);
  expect(result.stdout).not.toContain(BANNER);
  return result;
}

describe('rireki up: checks before it says up', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'rireki-startup-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('refuses a bad worker setting with exit 78 and the variable, before starting anything', async () => {
    const result = await refusedUp({
      [ENV_KEYS.dataDir]: join(scratch, 'a'),
      [ENV_KEYS.flushMaxRows]: 'abc',
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toBe(
      'rireki: invalid configuration:\n  RIREKI_FLUSH_MAX_ROWS: must be an integer from 1 to 10000000 (got "abc")\n',
    );
  });

  it('refuses a data directory that cannot be created, without hanging', async () => {
    const result = await refusedUp({ [ENV_KEYS.dataDir]: '/proc/rireki-x' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('RIREKI_DATA_DIR: "/proc/rireki-x" cannot be created (ENOENT');
  });

  it('refuses a data directory that is a file, naming the flag it came from', async () => {
    const file = join(scratch, 'file');
    await writeFile(file, 'x');
    const result = await refusedUp({}, ['--data-dir', file]);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`--data-dir: "${file}" is not a directory`);
  });

  it('refuses a bad RIREKI_QUEUE_SYNC', async () => {
    const result = await refusedUp({ [ENV_KEYS.dataDir]: join(scratch, 'b'), [ENV_KEYS.queueSync]: 'fast' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('RIREKI_QUEUE_SYNC: must be one of normal, full (got "fast")');
  });
});

describe('rireki up: one stack per data directory, and a queue that outlives the stack', () => {
  let dataDir: string;
  let port: number;
  let sqs: SQSClient;
  const stacks: StackProcess[] = [];
  const start = (args: string[] = [], env: Record<string, string> = {}) => {
    const stack = startStackProcess({
      port,
      dataDir,
      logFile: join(dataDir, `stack-${stacks.length}.log`),
      args,
      env,
    });
    stacks.push(stack);
    return stack;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-durable-'));
    port = await freePort();
    sqs = stackSqs(port);
  });
  afterEach(() => {
    for (const stack of stacks) stack.kill();
  });
  afterAll(async () => {
    sqs.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says the queue is durable, and refuses a second stack on the same directory with exit 75', async () => {
    // Both with the same metrics ports, as two stacks on their defaults would have.
    const metricsPorts = {
      [ENV_KEYS.ingestMetricsPort]: String(await freePort()),
      [ENV_KEYS.queryMetricsPort]: String(await freePort()),
      [ENV_KEYS.maintenanceMetricsPort]: String(await freePort()),
    };
    const first = start([], metricsPorts);
    await first.ready(30_000);
    expect(first.output()).toContain(`  queue state    durable: kept in ${join(dataDir, 'queue')}\n`);

    const second = await refusedUp({ [ENV_KEYS.dataDir]: dataDir, ...metricsPorts });

    expect(second.code).toBe(75);
    expect(second.stderr).toBe(
      `rireki: ${dataDir} is in use by another "rireki up" (pid ${first.pid}, port ${port}, since ${
        /since (\S+)\)/.exec(second.stderr)?.[1]
      }): stop it first, or give this one its own --data-dir\n`,
    );
    expect(await first.interrupt(30_000)).toBe(0);
  });

  it('keeps delayed messages through Ctrl-C and delivers them after the restart', async () => {
    const stack = start();
    await stack.ready(30_000);
    const now = Date.now();
    const ids = Array.from({ length: 10 }, (_, n) => `delayed-${n}`);
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stackQueueUrls(port).ingest,
        Entries: ids.map((id, n) => ({
          Id: String(n),
          MessageBody: JSON.stringify({ app: 'shop', occurredAt: now, eventId: id, path: '/later' }),
          DelaySeconds: 5,
        })),
      }),
    );
    expect((await queueDepth(sqs, stackQueueUrls(port).ingest)).delayed).toBe(10);

    expect(await stack.interrupt(30_000)).toBe(0);
    expect(stack.output()).toContain(`"event":"${STACK_EVENTS.queueKept}","messages":10`);
    expect(stack.output()).not.toContain(STACK_EVENTS.queueDiscarded);

    const again = start();
    await again.ready(30_000);
    const request = {
      app: 'shop',
      from: new Date(now - 60_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
      filters: { path: '/later' },
      limit: 100,
    };
    const found = await waitFor(
      'the delayed events through search',
      async () => {
        const result = await searchStack(sqs, port, request);
        return result.ids.size === ids.length ? result : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect([...found.ids].sort()).toEqual([...ids].sort());
    expect(found.repeated).toEqual([]);
    expect(await again.interrupt(30_000)).toBe(0);
  });

  it('starts cleanly on a data directory that a kill left dirty', async () => {
    const dirty = join(dataDir, 'dirty');
    const partition = join(dirty, 'lake', 'action_logs', 'app=shop', 'dt=2026-11-30');
    await mkdir(partition, { recursive: true });
    const tempFile = join(partition, `.${randomUUID()}.tmp`);
    await writeFile(tempFile, 'PAR1 half a file');
    // What a killed holder leaves: the lock file, and a holder record cut short.
    await writeFile(join(dirty, 'stack.lock'), '');
    await writeFile(join(dirty, 'stack.pid'), '{"pid":12');
    const stack = startStackProcess({ port, dataDir: dirty, logFile: join(dataDir, 'dirty.log') });
    stacks.push(stack);

    await stack.ready(30_000);

    expect(stack.output()).toContain(`"event":"${STACK_EVENTS.lakeSwept}","files":1`);
    expect(await readdir(partition)).toEqual([]);
    expect(await stack.interrupt(30_000)).toBe(0);
  });

  it('--ephemeral says so, and at Ctrl-C warns of the messages it discards, delayed ones counted', async () => {
    const ephemeralDir = join(dataDir, 'ephemeral');
    await mkdir(ephemeralDir);
    const stack = startStackProcess({
      port,
      dataDir: ephemeralDir,
      logFile: join(dataDir, 'ephemeral.log'),
      args: ['--ephemeral'],
    });
    stacks.push(stack);
    await stack.ready(30_000);
    expect(stack.output()).toContain(
      '  queue state    in memory (--ephemeral): messages are lost when the stack stops\n',
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stackQueueUrls(port).ingest,
        Entries: [0, 1, 2].map((n) => ({
          Id: String(n),
          MessageBody: JSON.stringify({ app: 'shop', occurredAt: Date.now(), eventId: `lost-${n}` }),
          DelaySeconds: 60,
        })),
      }),
    );
    expect(await stack.interrupt(30_000)).toBe(0);
    expect(stack.output()).toContain(`"event":"${STACK_EVENTS.queueDiscarded}","messages":3`);
  });
});
