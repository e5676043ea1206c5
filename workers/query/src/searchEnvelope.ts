import type { Message } from '@aws-sdk/client-sqs';
import { SEARCH_ATTRIBUTES } from '@rireki/contracts';

/**
 * A received search request as the worker reads it: the body, the message attributes of the search
 * contract and the system attributes of the queue, each read once, here. Values SQS or the
 * requester left out are undefined (null for the numbers); handleSearchMessage decides what that means.
 */
export interface SearchEnvelope {
  readonly messageId: string | undefined;
  readonly body: string;
  readonly replyTo: string | undefined;
  readonly correlationId: string | undefined;
  readonly requester: string | undefined;
  readonly signature: string | undefined;
  /** The queue's SentTimestamp (epoch ms), or null when it is missing or not a positive number. */
  readonly sentAtMs: number | null;
  /** ApproximateReceiveCount; 1 when SQS did not say. */
  readonly receiveCount: number;
}

/** Reads a received SQS message into its envelope. */
export function readSearchEnvelope(message: Message): SearchEnvelope {
  const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  const sent = Number(message.Attributes?.SentTimestamp);
  const received = Number(message.Attributes?.ApproximateReceiveCount);
  return {
    messageId: message.MessageId,
    body: message.Body ?? '',
    replyTo: attribute(SEARCH_ATTRIBUTES.replyTo),
    correlationId: attribute(SEARCH_ATTRIBUTES.correlationId),
    requester: attribute(SEARCH_ATTRIBUTES.requester),
    signature: attribute(SEARCH_ATTRIBUTES.signature),
    sentAtMs: Number.isFinite(sent) && sent > 0 ? sent : null,
    receiveCount: Number.isInteger(received) && received > 0 ? received : 1,
  };
}
