import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ObjectStore } from '@rireki/adapters';
import { LAKE_AREAS, SEARCH_ATTRIBUTES, type SearchReply } from '@rireki/contracts';

export interface ReplyTarget {
  readonly replyTo: string;
  readonly correlationId: string;
}

export type ReplyOutcome =
  | { readonly sent: 'inline' | 'pointer'; readonly bytes: number }
  | { readonly sent: 'nowhere'; readonly reason: string };

/**
 * Sends a reply with the request's CorrelationId. A body over `inlineMaxBytes` is stored in the
 * lake's results area and the reply carries a pointer to it; the client SDK follows it.
 * A reply queue that does not exist is reported, not retried: the request can never be answered.
 */
export async function sendReply(
  deps: {
    readonly sqs: SQSClient;
    readonly store: ObjectStore;
    readonly inlineMaxBytes: number;
    readonly nowMs: number;
  },
  target: ReplyTarget,
  reply: SearchReply,
): Promise<ReplyOutcome> {
  let body = JSON.stringify(reply);
  let bytes = Buffer.byteLength(body);
  let sent: 'inline' | 'pointer' = 'inline';
  if (bytes > deps.inlineMaxBytes) {
    const day = new Date(deps.nowMs).toISOString().slice(0, 10);
    const key = `${LAKE_AREAS.results}/dt=${day}/${randomUUID()}.json`;
    await deps.store.put(key, body);
    body = JSON.stringify({ ok: true, pointer: { location: deps.store.uriOf(key), bytes } });
    sent = 'pointer';
    bytes = Buffer.byteLength(body);
  }
  try {
    await deps.sqs.send(
      new SendMessageCommand({
        QueueUrl: target.replyTo,
        MessageBody: body,
        MessageAttributes: {
          [SEARCH_ATTRIBUTES.correlationId]: { DataType: 'String', StringValue: target.correlationId },
        },
      }),
    );
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    if (name.includes('NonExistentQueue') || name.includes('QueueDoesNotExist')) {
      return { sent: 'nowhere', reason: `reply queue does not exist: ${target.replyTo}` };
    }
    throw error;
  }
  return { sent, bytes };
}
