import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** SQS takes at most 10 entries per batch call. */
const SQS_BATCH_LIMIT = 10;

export interface Receipt {
  readonly messageId: string;
  readonly receiptHandle: string;
}

export interface BatchOutcome {
  readonly succeeded: number;
  readonly failed: ReadonlyArray<{ readonly messageId: string; readonly reason: string }>;
}

/** Deletes messages, ten per DeleteMessageBatch call, all calls in parallel. */
export function deleteMessages(
  sqs: SQSClient,
  queueUrl: string,
  receipts: readonly Receipt[],
): Promise<BatchOutcome> {
  return inChunks(receipts, async (chunk) => {
    const result = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((receipt, i) => ({ Id: String(i), ReceiptHandle: receipt.receiptHandle })),
      }),
    );
    return result.Failed ?? [];
  });
}

/** Sets the visibility timeout of messages, ten per ChangeMessageVisibilityBatch call. */
export function changeVisibility(
  sqs: SQSClient,
  queueUrl: string,
  receipts: readonly Receipt[],
  timeoutS: number,
): Promise<BatchOutcome> {
  return inChunks(receipts, async (chunk) => {
    const result = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
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

type FailedEntry = { Id?: string | undefined; Message?: string | undefined; Code?: string | undefined };

async function inChunks(
  receipts: readonly Receipt[],
  send: (chunk: readonly Receipt[]) => Promise<FailedEntry[]>,
): Promise<BatchOutcome> {
  const chunks: Receipt[][] = [];
  for (let i = 0; i < receipts.length; i += SQS_BATCH_LIMIT)
    chunks.push(receipts.slice(i, i + SQS_BATCH_LIMIT));
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
