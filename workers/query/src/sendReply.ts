import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type AppsListReply,
  type HistogramReply,
  LAKE_AREAS,
  type QuarantineListReply,
  SEARCH_ATTRIBUTES,
  type SearchReply,
  type TopValuesReply,
} from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';

export interface ReplyTarget {
  readonly replyTo: string;
  readonly correlationId: string;
}

/** Every reply the search queue gives: to a search, and to each other request kind. */
export type QueueReply = SearchReply | QuarantineListReply | HistogramReply | TopValuesReply | AppsListReply;

export type ReplyOutcome =
  | { readonly sent: 'inline' | 'pointer'; readonly bytes: number }
  | { readonly sent: 'nowhere'; readonly reason: string };

/**
 * Sends a reply with the request's CorrelationId. A reply over `inlineMaxBytes` (body and
 * CorrelationId together, as SQS counts them) is stored in the lake's results area and the reply
 * carries a pointer to it; the client SDK follows it. A send that SQS refuses for good (the reply
 * queue does not exist, the message is not acceptable) is reported, not retried: the request can
 * never be answered. Anything else (network, throttling, a fault of SQS) is thrown, so the request
 * comes back and is tried again.
 */
export async function sendReply(
  deps: {
    readonly sqs: SQSClient;
    readonly store: ObjectStore;
    readonly inlineMaxBytes: number;
    readonly nowMs: number;
  },
  target: ReplyTarget,
  reply: QueueReply,
): Promise<ReplyOutcome> {
  let body = JSON.stringify(reply);
  let bytes = Buffer.byteLength(body);
  let sent: 'inline' | 'pointer' = 'inline';
  if (bytes + Buffer.byteLength(target.correlationId) > deps.inlineMaxBytes) {
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
    const refusal = permanentRefusal(error);
    if (refusal !== null) return { sent: 'nowhere', reason: `${refusal}: ${target.replyTo}` };
    throw error;
  }
  return { sent, bytes };
}

/** Why SQS will never accept this reply, or null when trying again may help. */
function permanentRefusal(error: unknown): string | null {
  const { name = '', $fault } = error as { name?: string; $fault?: string };
  if (name.includes('NonExistentQueue') || name.includes('QueueDoesNotExist')) {
    return 'reply queue does not exist';
  }
  // A sender fault is about this request (its queue URL, its size, its attributes) and fails the
  // same way every time. Throttling passes, and the worker's own credentials are not the request's fault.
  const passing = /throttl|overlimit|token|signature|credential|unrecognizedclient/i;
  if ($fault === 'client' && !passing.test(name)) return `reply refused by SQS (${name})`;
  return null;
}
