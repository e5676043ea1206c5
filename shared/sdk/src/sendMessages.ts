import { SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { backoffDelay, CONTENT_ENCODING_ATTRIBUTE, type RetryPolicy, SQS_LIMITS } from '@rireki/contracts';
import { ActionLogSendError } from './errors.js';
import type { PackedMessage } from './packEvents.js';
import type { SqsBatchSender } from './types.js';

const MAX_BATCH_ENTRIES = SQS_LIMITS.batchEntries;
const MAX_BATCH_BYTES = SQS_LIMITS.batchBytes;

export interface SendContext {
  readonly sqs: SqsBatchSender;
  readonly queueUrl: string;
  readonly retry: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Told of each message's fate, so counters stay right while a long retry goes on. */
export interface SendListener {
  sent(message: PackedMessage): void;
  lost(messages: readonly PackedMessage[], error: ActionLogSendError): void;
}

/** Sends messages with SendMessageBatch, retrying failed entries and failed calls with backoff. */
export async function sendMessages(
  context: SendContext,
  messages: readonly PackedMessage[],
  listener: SendListener,
): Promise<void> {
  for (const batch of groupIntoBatches(messages)) {
    await sendBatch(context, batch, listener);
  }
}

/** Groups messages in order into batches SQS accepts: at most 10 entries and 1 MiB in all. */
export function groupIntoBatches(messages: readonly PackedMessage[]): PackedMessage[][] {
  const batches: PackedMessage[][] = [];
  let batch: PackedMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    if (
      batch.length === MAX_BATCH_ENTRIES ||
      (batch.length > 0 && bytes + message.sizeBytes > MAX_BATCH_BYTES)
    ) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += message.sizeBytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

async function sendBatch(context: SendContext, batch: readonly PackedMessage[], listener: SendListener) {
  const { attempts } = context.retry;
  // Entry ids stay the same across retries so that SQS's answer maps back to our messages.
  const pending = new Map(batch.map((message, index) => [String(index), message]));
  let lastProblem = 'no attempt made';
  let lastCause: unknown;
  for (let attempt = 1; attempt <= attempts && pending.size > 0; attempt += 1) {
    if (attempt > 1) await context.sleep(backoffDelay(context.retry, attempt - 1));
    try {
      const entries = [...pending].map(([id, message]) => toEntry(id, message));
      const output = await context.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: context.queueUrl, Entries: entries }),
      );
      for (const { Id: id } of output.Successful ?? []) {
        const message = id === undefined ? undefined : pending.get(id);
        if (id === undefined || message === undefined) continue;
        pending.delete(id);
        listener.sent(message);
      }
      for (const entry of output.Failed ?? []) {
        lastProblem = `entry failed with ${entry.Code ?? 'an unknown code'}: ${entry.Message ?? 'no message'}`;
        lastCause = undefined;
        const id = entry.Id;
        const message = id === undefined ? undefined : pending.get(id);
        // A sender fault (the body itself is refused) fails the same way on every retry.
        if (id === undefined || message === undefined || entry.SenderFault !== true) continue;
        pending.delete(id);
        listener.lost(
          [message],
          new ActionLogSendError(
            message.eventCount,
            1,
            `SQS refused a message of ${message.eventCount} events: ${lastProblem}`,
          ),
        );
      }
    } catch (error) {
      lastProblem = `SendMessageBatch failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      lastCause = error;
    }
  }
  if (pending.size === 0) return;
  const lost = [...pending.values()];
  const events = lost.reduce((sum, message) => sum + message.eventCount, 0);
  const options = lastCause === undefined ? {} : { cause: lastCause };
  listener.lost(
    lost,
    new ActionLogSendError(
      events,
      lost.length,
      `${events} events in ${lost.length} messages were not sent after ${attempts} attempts; last: ${lastProblem}`,
      options,
    ),
  );
}

function toEntry(id: string, message: PackedMessage): SendMessageBatchRequestEntry {
  const entry: SendMessageBatchRequestEntry = { Id: id, MessageBody: message.body };
  if (message.contentEncoding !== undefined) {
    entry.MessageAttributes = {
      [CONTENT_ENCODING_ATTRIBUTE]: { DataType: 'String', StringValue: message.contentEncoding },
    };
  }
  return entry;
}
