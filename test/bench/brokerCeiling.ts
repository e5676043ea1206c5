import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startLocalQueues } from '../support/localQueues.js';
import { benchEvents } from './benchEvents.js';
import { messageBodies, sendBodies } from './loadQueue.js';
import type { Tick } from './progress.js';

export interface BrokerRuns {
  /** Messages/s sent in batch calls of 10, 32 calls in flight. */
  readonly sendRates: number[];
  /** Messages/s received and deleted in batch calls of 10 by `receivers` parallel loops. */
  readonly drainRates: number[];
  /** Messages/s received and deleted the same way by one separate Node process, as a worker is. */
  readonly processDrainRates: number[];
  /** That process's CPU use while it drained (100 = one core). */
  readonly processCpuPercent: number[];
}

const DRAIN_PROCESS = fileURLToPath(new URL('./drainProcess.ts', import.meta.url));

/** Drains the queue from a child process: the SDK's own cost per call, on a process of its own. */
async function drainInProcess(endpoint: string, queueUrl: string, messages: number, loops: number) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', DRAIN_PROCESS, endpoint, queueUrl, String(messages), String(loops)],
    { timeout: 330_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { rate: number; cpuPercent: number };
}

/**
 * The embedded broker's own ceiling with no worker: the same single-event messages the ingest
 * figure uses, sent, then received and deleted, first by loops inside the broker's process (the
 * endpoint's ceiling; the worker cannot beat the endpoint it reads from), then by one separate
 * process doing nothing else (what the AWS SDK's cost per call leaves to any one process).
 */
export async function benchBroker(
  messages: number,
  runs: number,
  receivers: number,
  tick: Tick,
  queue: 'memory' | 'durable' | 'durable, sync full' = 'memory',
) {
  const result: BrokerRuns = { sendRates: [], drainRates: [], processDrainRates: [], processCpuPercent: [] };
  for (let run = 0; run < runs; run++) {
    tick(`broker ceiling ${messages.toLocaleString('en')} messages, ${queue} queue, run ${run + 1}/${runs}`);
    const dataDir = await mkdtemp(join(tmpdir(), 'rireki-broker-'));
    const local = await startLocalQueues(
      30,
      queue === 'memory'
        ? { kind: 'memory' }
        : { kind: 'durable', dataDir, sync: queue === 'durable' ? 'normal' : 'full' },
    );
    try {
      const queueUrl = local.queues.ingest;
      const bodies = messageBodies(benchEvents(messages, { seed: run }), 1);
      let started = performance.now();
      await sendBodies(local.sqs, queueUrl, bodies);
      result.sendRates.push(messages / ((performance.now() - started) / 1000));

      let deleted = 0;
      const loop = async () => {
        while (deleted < messages) {
          const received = await local.sqs.send(
            new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
          );
          const entries = (received.Messages ?? []).map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle,
          }));
          if (entries.length === 0) continue;
          await local.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
          deleted += entries.length;
        }
      };
      started = performance.now();
      await Promise.all(Array.from({ length: receivers }, loop));
      result.drainRates.push(messages / ((performance.now() - started) / 1000));

      await sendBodies(local.sqs, queueUrl, bodies);
      const child = await drainInProcess(local.server.endpoint, queueUrl, messages, receivers);
      result.processDrainRates.push(child.rate);
      result.processCpuPercent.push(child.cpuPercent);
    } finally {
      await local.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return result;
}
