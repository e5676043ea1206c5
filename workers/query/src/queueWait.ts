import type { MessageSystemAttributeName } from '@aws-sdk/client-sqs';
import type { SearchEnvelope } from './searchEnvelope.js';

/** The SQS system attributes each receive asks for, so the worker can tell how long a request waited. */
export const QUEUE_WAIT_ATTRIBUTES: readonly MessageSystemAttributeName[] = [
  'SentTimestamp',
  'ApproximateReceiveCount',
];

export interface QueueWait {
  /**
   * Time from the requester's send to now. A redelivered request counts from its first send, not
   * from its latest receive: the requester has been waiting all along. Null when SQS did not say.
   */
  readonly waitedMs: number | null;
  /** 1 on first delivery, more when the request came back (a reply that could not be sent). */
  readonly receiveCount: number;
}

/** How long a received request has waited, by the queue's SentTimestamp and the worker's clock. */
export function queueWaitOf(
  envelope: Pick<SearchEnvelope, 'sentAtMs' | 'receiveCount'>,
  nowMs: number,
): QueueWait {
  // The queue's clock and the worker's may disagree by a little; a request never waited less than 0.
  const waitedMs = envelope.sentAtMs === null ? null : Math.max(0, nowMs - envelope.sentAtMs);
  return { waitedMs, receiveCount: envelope.receiveCount };
}

/**
 * Whether a request waited longer than `maxWaitMs` and is refused BUSY. A request whose wait is
 * unknown is answered: refusing work the worker cannot judge would turn a missing attribute into an outage.
 */
export function waitedTooLong(wait: QueueWait, maxWaitMs: number): wait is QueueWait & { waitedMs: number } {
  return wait.waitedMs !== null && wait.waitedMs > maxWaitMs;
}
