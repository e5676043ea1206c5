import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  DeleteMessageBatchCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SearchReply } from '@rireki/contracts';

/** A raw search request: its body and message attributes exactly as they go on the queue. */
export interface RawSearchRequest {
  readonly body: string;
  readonly attributes: Record<string, MessageAttributeValue>;
}

/** ReplyTo and CorrelationId as the contract wants them. */
export function replyAttributes(
  replyTo: string,
  correlationId: string,
): Record<string, MessageAttributeValue> {
  return {
    ReplyTo: { DataType: 'String', StringValue: replyTo },
    CorrelationId: { DataType: 'String', StringValue: correlationId },
  };
}

/** SQS caps a whole batch at 1 MiB; a larger request goes in a batch of its own. */
const BATCH_MAX_BYTES = 900 * 1024;

/**
 * Sends every request with SendMessageBatch, all batches at once, and returns the indexes SQS
 * refused (with its reason), e.g. a body with characters SQS does not carry.
 */
export async function sendRequests(
  sqs: SQSClient,
  queueUrl: string,
  requests: readonly RawSearchRequest[],
): Promise<Map<number, string>> {
  const refused = new Map<number, string>();
  const batches: number[][] = [];
  let batch: number[] = [];
  let batchBytes = 0;
  requests.forEach((request, index) => {
    const bytes = Buffer.byteLength(request.body) + Buffer.byteLength(JSON.stringify(request.attributes));
    if (batch.length === 10 || (batch.length > 0 && batchBytes + bytes > BATCH_MAX_BYTES)) {
      batches.push(batch);
      batch = [];
      batchBytes = 0;
    }
    batch.push(index);
    batchBytes += bytes;
  });
  if (batch.length > 0) batches.push(batch);
  await Promise.all(
    batches.map(async (indexes) => {
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: indexes.map((index) => {
            const request = requests[index] as RawSearchRequest;
            return { Id: String(index), MessageBody: request.body, MessageAttributes: request.attributes };
          }),
        }),
      );
      for (const failed of result.Failed ?? []) refused.set(Number(failed.Id), failed.Code ?? 'refused');
    }),
  );
  return refused;
}

export interface CollectedReplies {
  /** Every reply received, by CorrelationId, in arrival order. */
  readonly byId: Map<string, SearchReply[]>;
  /** Replies whose CorrelationId was not expected. */
  readonly unexpected: number;
}

/**
 * Receives and deletes replies on the reply queues until each of `expected` has at least one or
 * `timeoutMs` passes; replies behind a file:// pointer are read from the lake.
 */
export async function collectReplies(
  sqs: SQSClient,
  replyQueues: readonly string[],
  expected: ReadonlySet<string>,
  timeoutMs: number,
): Promise<CollectedReplies> {
  const byId = new Map<string, SearchReply[]>();
  let unexpected = 0;
  const deadline = Date.now() + timeoutMs;
  const done = () => [...expected].every((id) => byId.has(id));
  const receive = async (queueUrl: string) => {
    while (!done() && Date.now() < deadline) {
      const result = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['CorrelationId'],
        }),
      );
      const messages = result.Messages ?? [];
      if (messages.length === 0) continue;
      for (const message of messages) {
        const id = message.MessageAttributes?.CorrelationId?.StringValue ?? '';
        if (!expected.has(id)) unexpected++;
        const replies = byId.get(id) ?? [];
        replies.push(await readReply(message.Body ?? ''));
        byId.set(id, replies);
      }
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
  };
  // Two receivers per queue keep up with a worker that answers hundreds a second.
  await Promise.all(replyQueues.flatMap((queueUrl) => [receive(queueUrl), receive(queueUrl)]));
  return { byId, unexpected };
}

async function readReply(body: string): Promise<SearchReply> {
  const reply = JSON.parse(body) as SearchReply;
  if (reply.ok && 'pointer' in reply) {
    return JSON.parse(await readFile(fileURLToPath(reply.pointer.location), 'utf8')) as SearchReply;
  }
  return reply;
}
