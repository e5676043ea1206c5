import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { searchStack, stackSqs } from '../support/stackClient.js';
import { type StackProcess, startStackProcess } from '../support/stackProcess.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));

/** `rireki send` checks each line by the ingest worker's rules before anything reaches the queue. */
describe('rireki send: lines the worker would quarantine', () => {
  let dataDir: string;
  let port: number;
  let stack: StackProcess;
  let sqs: SQSClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-send-'));
    port = await freePort();
    stack = startStackProcess({ port, dataDir, logFile: join(dataDir, 'stack.log') });
    sqs = stackSqs(port);
    await stack.ready(45_000);
  });

  afterAll(async () => {
    sqs?.destroy();
    await stack?.interrupt(30_000);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reports each bad line by number and reason, sends the good ones and exits 1', async () => {
    // Prepare: good lines 1 and 5, a bad one of each kind between them.
    const run = randomUUID().slice(0, 8);
    const now = Date.now();
    const lines = [
      { app: 'shop', occurredAt: now, path: '/good/1', eventId: `${run}-good-1` },
      { occurredAt: now, path: '/no-app', eventId: `${run}-bad-2` },
      { app: 'shop', occurredAt: now, status: '200', eventId: `${run}-bad-3` },
      { app: 'shop', occurredAt: now, params: { blob: 'x'.repeat(300 * 1024) }, eventId: `${run}-bad-4` },
      { app: 'shop', occurredAt: now, path: '/good/5', status: 200, eventId: `${run}-good-5` },
    ].map((line) => JSON.stringify(line));
    const file = join(dataDir, 'events.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);

    // Act: through a pipe, as a script runs it.
    const result = await promisify(execFile)(
      process.execPath,
      [RIREKI, 'send', file, '--endpoint', `http://127.0.0.1:${port}`],
      { env: process.env },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    // Assess: the verdict, line by line, with the field, what it takes and what was given.
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('sent 2 events in 1 message\n');
    const reported = result.stderr.trimEnd().split('\n');
    expect(reported).toEqual([
      'line 2: app: is required',
      'line 3: status: must be an integer (got "200")',
      expect.stringMatching(/^line 4: event: is about \d+ bytes as JSON, over the 262144-byte limit$/),
      '3 bad lines, 0 events not sent',
    ]);
    const range = {
      app: 'shop',
      from: new Date(now - 60_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
    };
    let found: ReadonlySet<string> = new Set();
    await waitFor(
      'the good lines to be searchable',
      async () => {
        found = (
          await searchStack(sqs, port, { ...range, filters: { eventId: [`${run}-good-1`, `${run}-good-5`] } })
        ).ids;
        return found.size === 2;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const all = await searchStack(sqs, port, range);
    expect([...all.ids].filter((id) => id.startsWith(run)).sort()).toEqual([
      `${run}-good-1`,
      `${run}-good-5`,
    ]);
    expect(stack.log.events.get('ingest.quarantined') ?? 0).toBe(0);
  });
});
