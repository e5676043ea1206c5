import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqsClient } from '../sqs/createSqsClient.js';
import { provisionQueues } from '../sqs/provisionQueues.js';
import { type EmbeddedSqs, startEmbeddedSqs } from './startEmbeddedSqs.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

async function counts(sqs: SQSClient, queueUrl: string) {
  const r = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return {
    ready: Number(r.Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(r.Attributes?.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(r.Attributes?.ApproximateNumberOfMessagesDelayed),
  };
}

describe('startEmbeddedSqs', () => {
  let dataDir: string;
  let server: EmbeddedSqs | undefined;
  let sqs: SQSClient | undefined;
  const start = async (options: { dataDir?: string; port?: number }) => {
    server = await startEmbeddedSqs({ port: 0, ...options });
    sqs = createSqsClient({ endpoint: server.endpoint, region: 'us-east-1', credentials });
    return { server, sqs, queues: await provisionQueues(sqs, { visibilityTimeoutS: 30 }) };
  };
  const stop = async () => {
    sqs?.destroy();
    await server?.stop();
    sqs = undefined;
    server = undefined;
  };
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-queue-'));
  });
  afterEach(async () => {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('listens on the loopback address only', async () => {
    const { server } = await start({});
    expect(server.address).toBe('127.0.0.1');
    expect(server.dataDir).toBeUndefined();
    const durable = await startEmbeddedSqs({ port: 0, dataDir });
    try {
      expect(durable.address).toBe('127.0.0.1');
    } finally {
      await durable.stop();
    }
  });

  it('with a data directory, keeps ready, delayed and in-flight messages across a restart', async () => {
    const first = await start({ dataDir });
    const url = first.queues.ingest;
    await first.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'ready' }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'delayed', DelaySeconds: 2 }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'in flight' }));
    const received = await first.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2, WaitTimeSeconds: 0 }),
    );
    expect(received.Messages).toHaveLength(2);
    // One of the two goes back at once; the other stays in flight for 1 s after the restart.
    const [back, held] = received.Messages ?? [];
    await first.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: back?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    await first.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: held?.ReceiptHandle,
        VisibilityTimeout: 1,
      }),
    );
    await stop();

    const second = await start({ dataDir });
    expect(second.queues.ingest).toBe(url);
    expect(await counts(second.sqs, url)).toEqual({ ready: 1, inFlight: 1, delayed: 1 });
    const receiveCounts = new Map<string, string>();
    const deadline = Date.now() + 10_000;
    while (receiveCounts.size < 3 && Date.now() < deadline) {
      const r = await second.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      for (const m of r.Messages ?? [])
        receiveCounts.set(m.Body ?? '', m.Attributes?.ApproximateReceiveCount ?? '');
    }
    // The two received before the restart count that receive too.
    expect(Object.fromEntries(receiveCounts)).toEqual({
      [back?.Body ?? '']: '2',
      [held?.Body ?? '']: '2',
      delayed: '1',
    });
  });

  it('with a data directory, receives a handed-back message again at once (visibility 0)', async () => {
    const { sqs, queues } = await start({ dataDir });
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.ingest, MessageBody: 'back' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.ingest, WaitTimeSeconds: 0 }));
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queues.ingest,
        ReceiptHandle: first.Messages?.[0]?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.ingest, WaitTimeSeconds: 0 }));
    expect(again.Messages?.map((m) => m.Body)).toEqual(['back']);
  });

  it('in memory, forgets everything at a restart', async () => {
    const first = await start({});
    const port = first.server.port;
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.queues.ingest, MessageBody: 'gone' }));
    await stop();
    const second = await start({ port });
    expect(await counts(second.sqs, second.queues.ingest)).toEqual({ ready: 0, inFlight: 0, delayed: 0 });
  });
});
