import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { SQS_LIMITS } from '@rireki/contracts';

export interface Receipt {
  readonly messageId: string;
  readonly receiptHandle: string;
}

export interface BatchOutcome {
  readonly succeeded: number;
  readonly failed: ReadonlyArray<{ readonly messageId: string; readonly reason: string }>;
}

/**
 * Tells the queue what became of received messages: deleted once their events are durable,
 * kept invisible while they wait, or handed back. Ten receipts per batch call, the calls in
 * parallel; a failed entry is reported, never thrown, because the queue's redelivery covers it.
 */
export class MessageAcknowledger {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.#sqs = sqs;
    this.#queueUrl = queueUrl;
  }

  delete(receipts: readonly Receipt[]): Promise<BatchOutcome> {
    return inChunks(receipts, async (chunk) => {
      const result = await this.#sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.#queueUrl,
          Entries: chunk.map((receipt, i) => ({ Id: String(i), ReceiptHandle: receipt.receiptHandle })),
        }),
      );
      return result.Failed ?? [];
    });
  }

  /** Sets the visibility timeout; 0 hands the messages back to the queue at once. */
  setVisibility(receipts: readonly Receipt[], timeoutS: number): Promise<BatchOutcome> {
    return inChunks(receipts, async (chunk) => {
      const result = await this.#sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.#queueUrl,
          Entries: chunk.map((receipt, i) => ({
            Id: String(i),
            ReceiptHandle: receipt.receiptHandle,
            VisibilityTimeout: timeoutS,
          })),
        }),
      );
      return result.Failed ?? [];
    });
  }
}

type FailedEntry = { Id?: string | undefined; Message?: string | undefined; Code?: string | undefined };

async function inChunks(
  receipts: readonly Receipt[],
  send: (chunk: readonly Receipt[]) => Promise<FailedEntry[]>,
): Promise<BatchOutcome> {
  const chunks: Receipt[][] = [];
  for (let i = 0; i < receipts.length; i += SQS_LIMITS.batchEntries)
    chunks.push(receipts.slice(i, i + SQS_LIMITS.batchEntries));
  const failed: Array<{ messageId: string; reason: string }> = [];
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        for (const entry of await send(chunk)) {
          const receipt = chunk[Number(entry.Id)];
          failed.push({ messageId: receipt?.messageId ?? '?', reason: `${entry.Code}: ${entry.Message}` });
        }
      } catch (error) {
        for (const receipt of chunk) failed.push({ messageId: receipt.messageId, reason: String(error) });
      }
    }),
  );
  return { succeeded: receipts.length - failed.length, failed };
}
