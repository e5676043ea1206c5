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
}

/**
 * The embedded broker's own ceiling with no worker: the same single-event messages the ingest
 * figure uses, sent, then received and deleted. The drain rate is what a worker's single-event
 * throughput is judged against: the worker cannot beat the endpoint it reads from.
 */
export async function benchBroker(messages: number, runs: number, receivers: number, tick: Tick) {
  const result: BrokerRuns = { sendRates: [], drainRates: [] };
  for (let run = 0; run < runs; run++) {
    tick(`broker ceiling ${messages.toLocaleString('en')} messages, run ${run + 1}/${runs}`);
    const local = await startLocalQueues();
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
    } finally {
      await local.stop();
    }
  }
  return result;
}
