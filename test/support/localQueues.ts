import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  createSqsClient,
  type EmbeddedSqs,
  type ProvisionedQueues,
  provisionQueues,
  type QueueSync,
  startEmbeddedSqs,
} from '@rireki/adapters';
import { waitFor } from './waitFor.js';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const TEST_REGION = 'us-east-1';

export interface LocalQueues {
  readonly server: EmbeddedSqs;
  readonly sqs: SQSClient;
  readonly queues: ProvisionedQueues;
  stop(): Promise<void>;
}

/** Where the endpoint keeps its state: in memory, or durable in a directory (as `rireki up` runs it). */
export type QueueStorage =
  | { readonly kind: 'memory' }
  | { readonly kind: 'durable'; readonly dataDir: string; readonly sync?: QueueSync };

/** The embedded SQS endpoint on a free loopback port, with rireki's queues under a random suffix. */
export async function startLocalQueues(
  visibilityTimeoutS = 30,
  storage: QueueStorage = { kind: 'memory' },
): Promise<LocalQueues> {
  const server = await startEmbeddedSqs({
    port: 0,
    ...(storage.kind === 'durable' ? { dataDir: storage.dataDir, sync: storage.sync ?? 'normal' } : {}),
  });
  const sqs = createSqsClient({
    endpoint: server.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
  });
  const queues = await provisionQueues(sqs, {
    suffix: `-${randomBytes(4).toString('hex')}`,
    visibilityTimeoutS,
  });
  return {
    server,
    sqs,
    queues,
    async stop() {
      sqs.destroy();
      await server.stop();
    },
  };
}

/** The messages on a queue by state; an attribute the endpoint leaves out is an error, not a zero. */
export async function queueDepth(
  sqs: SQSClient,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number; delayed: number }> {
  const names = [
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
    'ApproximateNumberOfMessagesDelayed',
  ] as const;
  const result = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...names] }),
  );
  const [visible, inFlight, delayed] = names.map((name) => {
    const value = result.Attributes?.[name];
    if (value === undefined) throw new Error(`${queueUrl}: GetQueueAttributes returned no ${name}`);
    return Number(value);
  }) as [number, number, number];
  return { visible, inFlight, delayed };
}

/** Every message a queue still holds, visible, in flight or delayed. */
export async function messagesOn(sqs: SQSClient, queueUrl: string): Promise<number> {
  const depth = await queueDepth(sqs, queueUrl);
  return depth.visible + depth.inFlight + depth.delayed;
}

/** Waits until a queue holds no message, visible, in flight or delayed. */
export async function waitForDrain(sqs: SQSClient, queueUrl: string, timeoutMs = 120_000): Promise<void> {
  await waitFor('the queue to drain', async () => (await messagesOn(sqs, queueUrl)) === 0, {
    timeoutMs,
    intervalMs: 250,
  });
}
