import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { workerProcessEvents } from '@rireki/adapters';
import { ENV_KEYS } from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLake } from '../support/lake.js';
import { type LocalQueues, queueDepth, startLocalQueues, waitForDrain } from '../support/localQueues.js';
import { searchEverything } from '../support/searchEverything.js';
import { startIngestProcess, type WorkerProcess } from '../support/workerProcess.js';
import { type CorpusMessage, goodEvent, poisonCorpus } from './poisonCorpus.js';

const BAD_MESSAGES = 10_000;
const GOOD_MESSAGES = 2_000;

/**
 * Poison and bad input: 10k bad messages of many kinds mixed with good ones, through the real
 * worker process. The worker must not crash, must quarantine every bad event with its raw input
 * and a reason, must land every good event, and must leave nothing for the DLQ.
 */
describe('poison and bad input', () => {
  let local: LocalQueues;
  let dataDir: string;
  let worker: WorkerProcess;
  const now = Date.now();
  const corpus = poisonCorpus(BAD_MESSAGES, now);
  const good: CorpusMessage[] = Array.from({ length: GOOD_MESSAGES }, (_, i) => ({
    kind: 'good',
    body: JSON.stringify(goodEvent(`good-${i}`, now)),
    quarantined: 0,
    good: [`good-${i}`],
  }));
  // Interleave: every sixth message is a good one.
  const messages = corpus.flatMap((message, i) =>
    i % 5 === 0 && good[i / 5] ? [good[i / 5] as CorpusMessage, message] : [message],
  );

  beforeAll(async () => {
    local = await startLocalQueues(30);
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-poison-'));
    worker = startIngestProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.ingest,
      dataDir,
      env: { [ENV_KEYS.flushMaxAgeMs]: '300', [ENV_KEYS.logLevel]: 'error', [ENV_KEYS.receivers]: '4' },
    });
    const entries: SendMessageBatchRequestEntry[] = messages.map((message, i) => ({
      Id: String(i % 10),
      MessageBody: message.body,
      ...(message.contentEncoding
        ? {
            MessageAttributes: {
              'Content-Encoding': { DataType: 'String', StringValue: message.contentEncoding },
            },
          }
        : {}),
    }));
    for (let i = 0; i < entries.length; i += 320) {
      await Promise.all(
        Array.from({ length: 32 }, async (_, n) => {
          const batch = entries.slice(i + n * 10, i + n * 10 + 10);
          if (batch.length === 0) return;
          const sent = await local.sqs.send(
            new SendMessageBatchCommand({ QueueUrl: local.queues.ingest, Entries: batch }),
          );
          if (sent.Failed?.length) throw new Error(`send refused: ${JSON.stringify(sent.Failed[0])}`);
        }),
      );
    }
    await waitForDrain(local.sqs, local.queues.ingest);
  }, 180_000);

  afterAll(async () => {
    if (worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps running through all of it', () => {
    expect(worker.child.exitCode).toBeNull();
    expect(
      worker.logs.filter((l) => l.event === workerProcessEvents('ingest').startFailed || l.level === 60),
    ).toEqual([]);
  });

  it('lands every good event exactly once', async () => {
    const expected = messages.flatMap((message) => message.good);
    const rows = await queryLake<{ n: bigint; ids: bigint }>(
      join(dataDir, 'lake'),
      (files) => `SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM ${files}`,
    );

    expect(Number(rows[0]?.ids)).toBe(expected.length);
    expect(Number(rows[0]?.n)).toBe(expected.length);

    // Every good event sits one day before `now` in the shop app; search must return exactly them.
    const found = await searchEverything(local, dataDir, {
      app: 'shop',
      from: new Date(now - 2 * 86_400_000).toISOString(),
      to: new Date(now).toISOString(),
      limit: 1000,
    });
    const quarantined = messages.reduce((sum, message) => sum + message.quarantined, 0);
    console.info(
      `poison: ${messages.length} messages (${BAD_MESSAGES} bad, ${GOOD_MESSAGES} good), ${expected.length} good ` +
        `events sent, ${found.ids.size} found by search (total ${found.total}), ${quarantined} quarantine records expected`,
    );
    expect(found.repeated).toEqual([]);
    expect(found.total).toBe(expected.length);
    expect([...found.ids].sort()).toEqual([...expected].sort());
  }, 60_000);

  it('quarantines every bad event with its raw input and a reason', async () => {
    const dir = join(dataDir, 'lake', 'quarantine');
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.jsonl'));
    const records = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8'))))
      .flatMap((text) => text.trim().split('\n'))
      .map(
        (line) => JSON.parse(line) as { reason: string; raw: unknown; problems: Array<{ message: string }> },
      );

    expect(records.length).toBe(messages.reduce((sum, message) => sum + message.quarantined, 0));
    expect(
      records.every(
        (r) => r.raw !== undefined && r.problems.length > 0 && r.problems.every((p) => p.message),
      ),
    ).toBe(true);
    const kinds = new Set(corpus.map((m) => m.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(15);
  });

  it('sends nothing to the DLQ', async () => {
    expect(await queueDepth(local.sqs, local.queues.ingestDlq)).toEqual({
      visible: 0,
      inFlight: 0,
      delayed: 0,
    });
  });
});
