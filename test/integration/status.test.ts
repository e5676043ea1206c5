import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetFiles } from '../support/lake.js';
import { type ObservedStack, startObservedStack } from '../support/observedStack.js';
import { stackQueueUrls } from '../support/stackClient.js';

const RIREKI = fileURLToPath(new URL('../../workers/cli/bin/rireki.js', import.meta.url));
const run = promisify(execFile);

/** `rireki status` (and `rireki search`) as an operator runs them, against a running, then a stopped, stack. */
describe('rireki status', () => {
  let observed: ObservedStack;
  let sqs: SQSClient;
  let port: number;
  const rireki = (args: string[]) =>
    run(process.execPath, [RIREKI, ...args], { env: { PATH: process.env.PATH ?? '', ...observed.env } }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  beforeAll(async () => {
    observed = await startObservedStack('rireki-status-');
    ({ sqs, port } = observed);
  }, 90_000);

  afterAll(async () => {
    await observed?.close();
  });

  it('reports a healthy stack with exit 0: queues, workers, ingest lag, lake and quarantine', async () => {
    const now = Date.now();
    for (const body of [
      { events: [1, 2, 3].map((i) => ({ app: 'shop', occurredAt: now - i, path: `/s/${i}`, status: 200 })) },
      { app: 'blog', occurredAt: now, path: '/post', status: 200 },
      { app: 'shop', path: '/no-time' },
    ]) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: stackQueueUrls(port).ingest, MessageBody: JSON.stringify(body) }),
      );
    }
    await waitFor(
      'both apps in the lake',
      async () => (await parquetFiles(join(observed.dataDir, 'lake'))).length >= 2,
    );

    const { code, stdout } = await rireki(['status', '--json']);

    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.endpoint).toEqual({ url: `http://127.0.0.1:${port}`, reachable: true, local: true });
    expect(report.queues.map((q: { name: string }) => q.name)).toEqual([
      'rireki-ingest',
      'rireki-ingest-dlq',
      'rireki-search',
      'rireki-search-dlq',
    ]);
    expect(report.queues[1]).toMatchObject({
      visible: 0,
      inFlight: 0,
      delayed: 0,
      oldestAge: { seconds: 0 },
    });
    expect(report.workers.map((w: { alive: boolean }) => w.alive)).toEqual([true, true, true]);
    expect(report.ingestLag.seconds).toBeGreaterThanOrEqual(0);
    expect(report.ingestLag.seconds).toBeLessThan(30);
    expect(report.lake.apps).toEqual([
      { app: 'blog', partitions: 1, files: 1 },
      { app: 'shop', partitions: 1, files: 1 },
    ]);
    expect(report.lake.bytes).toBeGreaterThan(0);
    expect(report.lake.quarantinedLast24h).toBe(1);
    expect(report.attention).toEqual([]);
    const text = await rireki(['status']);
    expect(text.stdout).toContain('all well');
    expect(text.stdout).toContain('quarantine 1 record in the last 24 h');
  });

  it('exits 1 naming the DLQ when a DLQ holds a message', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: stackQueueUrls(port).ingestDlq, MessageBody: '{}' }));

    const { code, stdout } = await rireki(['status']);

    expect(code).toBe(1);
    expect(stdout).toContain('needs attention:');
    expect(stdout).toContain('rireki-ingest-dlq holds 1 messages that failed every receive');
  });

  it('once the stack is stopped, says the endpoint cannot be reached and the workers are down', async () => {
    expect(await observed.stack.interrupt(30_000)).toBe(0);

    const status = await rireki(['status']);
    const search = await rireki(['search', '--app', 'shop']);

    expect(status.code).toBe(1);
    expect(status.stdout).toContain(
      `the SQS endpoint http://127.0.0.1:${port} cannot be reached (is the local stack running? start it with \`rireki up\`)`,
    );
    expect(status.stdout).toContain('the ingest worker is not answering');
    expect(search.code).toBe(1);
    expect(search.stderr).toContain(
      `rireki: the SQS endpoint http://127.0.0.1:${port} cannot be reached (is the local stack running? start it with \`rireki up\`)`,
    );
    expect(search.stderr).not.toContain('not found');
  });
});
