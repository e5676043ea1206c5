import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS } from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { messagesOn, queueDepth } from '../support/localQueues.js';
import { expectEveryEventOnce, type SearchedEverything } from '../support/searchEverything.js';
import { searchStack, stackQueueUrls, stackSqs } from '../support/stackClient.js';
import { type StackProcess, startStackProcess } from '../support/stackProcess.js';

const KILLS = 6;
/** Per round: single-event messages, delayed single-event messages, and packed messages of 100. */
const ROUND = { single: 3_000, delayed: 600, packed: 10, perPack: 100 } as const;
const EVENTS_PER_ROUND = ROUND.single + ROUND.delayed + ROUND.packed * ROUND.perPack;
const VISIBILITY_S = 10;

interface Kill {
  readonly round: number;
  readonly ready: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** One round's messages: every event has its own id, so search can be checked id by id. */
function roundEntries(round: number, now: number): SendMessageBatchRequestEntry[] {
  const event = (kind: string, n: number) => ({
    app: 'shop',
    occurredAt: now,
    eventId: `kill-${round}-${kind}-${n}`,
    path: `/round/${round}`,
    status: 200,
  });
  const entries: SendMessageBatchRequestEntry[] = [];
  for (let n = 0; n < ROUND.single; n++) entries.push({ Id: '', MessageBody: JSON.stringify(event('s', n)) });
  for (let n = 0; n < ROUND.delayed; n++)
    entries.push({ Id: '', MessageBody: JSON.stringify(event('d', n)), DelaySeconds: 2 + (n % 7) });
  for (let p = 0; p < ROUND.packed; p++) {
    const events = Array.from({ length: ROUND.perPack }, (_, n) => event('p', p * ROUND.perPack + n));
    entries.push({ Id: '', MessageBody: JSON.stringify({ events }) });
  }
  return entries;
}

async function sendAll(sqs: SQSClient, queueUrl: string, entries: readonly SendMessageBatchRequestEntry[]) {
  const batches: SendMessageBatchRequestEntry[][] = [];
  for (let i = 0; i < entries.length; i += 10)
    batches.push(entries.slice(i, i + 10).map((entry, n) => ({ ...entry, Id: String(n) })));
  let next = 0;
  const loop = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as SendMessageBatchRequestEntry[];
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch }));
      if ((result.Failed ?? []).length > 0) throw new Error(`send failed: ${JSON.stringify(result.Failed)}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, loop));
}

/**
 * The whole local stack, the embedded queue included, killed with SIGKILL to its process group
 * while the ingest queue holds ready, delayed and in-flight messages, six times, and restarted
 * each time on the same data directory. Search must then find every event exactly once, and the
 * queue and both DLQs must end empty.
 */
describe('the whole local stack killed six times with messages ready, delayed and in flight', () => {
  let dataDir: string;
  let port: number;
  let sqs: SQSClient;
  let stack: StackProcess | undefined;
  const kills: Kill[] = [];
  const sentIds = new Set<string>();
  const queues = () => stackQueueUrls(port);
  const start = (run: number) =>
    startStackProcess({
      port,
      dataDir,
      logFile: join(dataDir, `stack-${run}.log`),
      detached: true,
      env: { [ENV_KEYS.visibilityTimeoutS]: String(VISIBILITY_S), [ENV_KEYS.receiveWaitS]: '1' },
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-stack-kills-'));
    port = await freePort();
    sqs = stackSqs(port);
    const now = Date.now();
    for (let round = 0; round < KILLS; round++) {
      stack = start(round);
      await stack.ready(60_000);
      const entries = roundEntries(round, now);
      await sendAll(sqs, queues().ingest, entries);
      for (const entry of entries) {
        const body = JSON.parse(entry.MessageBody ?? '{}') as {
          eventId?: string;
          events?: Array<{ eventId: string }>;
        };
        for (const event of body.events ?? [body]) sentIds.add(String(event.eventId));
      }
      // Kill at the first moment the queue holds messages in all three states.
      const state = await waitFor(
        'ready, delayed and in-flight messages at once',
        async () => {
          const depth = await queueDepth(sqs, queues().ingest);
          return depth.visible > 0 && depth.inFlight > 0 && depth.delayed > 0 ? depth : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 20 },
      );
      await stack.killGroup(20_000);
      kills.push({ round, ready: state.visible, inFlight: state.inFlight, delayed: state.delayed });
    }
    stack = start(KILLS);
    await stack.ready(60_000);
  }, 600_000);

  afterAll(async () => {
    if (stack) await stack.interrupt(60_000);
    sqs?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('killed the stack each time with messages in all three states', () => {
    expect(kills).toHaveLength(KILLS);
    for (const kill of kills) {
      expect(kill.ready).toBeGreaterThan(0);
      expect(kill.inFlight).toBeGreaterThan(0);
      expect(kill.delayed).toBeGreaterThan(0);
    }
    expect(sentIds.size).toBe(KILLS * EVENTS_PER_ROUND);
  });

  it('after the last restart, drains the ingest queue and leaves both DLQs empty', async () => {
    await waitFor(
      'the ingest queue empty, delayed and in-flight messages included',
      async () => (await messagesOn(sqs, queues().ingest)) === 0,
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    expect(await messagesOn(sqs, queues().ingestDlq)).toBe(0);
    expect(await messagesOn(sqs, queues().searchDlq)).toBe(0);
  }, 200_000);

  it('lets search find every event exactly once', async () => {
    const now = Date.now();
    let found: SearchedEverything | undefined;
    await waitFor(
      'every event through search',
      async () => {
        found = await searchStack(sqs, port, {
          app: 'shop',
          from: new Date(now - 3_600_000).toISOString(),
          to: new Date(now + 3_600_000).toISOString(),
          limit: 1000,
        });
        return found.ids.size >= sentIds.size;
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    const result = found as SearchedEverything;
    expectEveryEventOnce(result, sentIds);
    console.log(
      `stack kills: ${kills.length} SIGKILLs of the whole process group; at each kill ready/in flight/delayed = ${kills
        .map((k) => `${k.ready}/${k.inFlight}/${k.delayed}`)
        .join(
          ', ',
        )}; ${sentIds.size} events sent, ${result.ids.size} found once each by search in ${result.pages} pages, total ${result.total}`,
    );
  }, 120_000);
});
