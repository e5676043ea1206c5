import type { SQSClient } from '@aws-sdk/client-sqs';
import { messagesOn } from '../sqs/queueDepth.js';
import { waitFor } from './waitFor.js';

/** Waits until a queue holds no message, visible, in flight or delayed. */
export async function waitForDrain(sqs: SQSClient, queueUrl: string, timeoutMs = 120_000): Promise<void> {
  await waitFor('the queue to drain', async () => (await messagesOn(sqs, queueUrl)) === 0, {
    timeoutMs,
    intervalMs: 250,
  });
}
