import { randomBytes } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  createSqsClient,
  type EmbeddedSqs,
  type ProvisionedQueues,
  provisionQueues,
  type QueueSync,
  startEmbeddedSqs,
} from '@rireki/adapters';

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

export { messagesOn, queueDepth, waitForDrain } from '@rireki/adapters/testing';
