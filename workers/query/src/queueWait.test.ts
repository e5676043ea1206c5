import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { queueWaitOf, waitedTooLong } from './queueWait.js';
import { readSearchEnvelope } from './searchEnvelope.js';

const NOW = Date.parse('2026-11-24T09:30:00Z');

const received = (attributes: Record<string, string>) =>
  readSearchEnvelope({ MessageId: 'm', Attributes: attributes } satisfies Message);

describe('queueWaitOf', () => {
  it('measures the wait from the send by the given clock', () => {
    const wait = queueWaitOf(
      received({ SentTimestamp: String(NOW - 2_500), ApproximateReceiveCount: '1' }),
      NOW,
    );

    expect(wait).toEqual({ waitedMs: 2_500, receiveCount: 1 });
  });

  it('counts a redelivered request from its first send, not from its latest receive', () => {
    const wait = queueWaitOf(
      received({
        SentTimestamp: String(NOW - 95_000),
        ApproximateFirstReceiveTimestamp: String(NOW - 94_000),
        ApproximateReceiveCount: '3',
      }),
      NOW,
    );

    expect(wait).toEqual({ waitedMs: 95_000, receiveCount: 3 });
  });

  it('never reports a negative wait when the queue clock runs ahead', () => {
    expect(queueWaitOf(received({ SentTimestamp: String(NOW + 40) }), NOW).waitedMs).toBe(0);
  });

  it.each([
    ['no attributes at all', {}],
    ['a SentTimestamp that is not a number', { SentTimestamp: 'yesterday' }],
    ['an empty SentTimestamp', { SentTimestamp: '' }],
  ])('does not know the wait with %s', (_case, attributes) => {
    expect(queueWaitOf(received(attributes), NOW)).toEqual({ waitedMs: null, receiveCount: 1 });
  });
});

describe('waitedTooLong', () => {
  it.each([
    [0, false],
    [999, false],
    [1_000, false],
    [1_001, true],
    [60_000, true],
  ])('a wait of %i ms against a limit of 1000 ms: %s', (waitedMs, busy) => {
    expect(waitedTooLong({ waitedMs, receiveCount: 1 }, 1_000)).toBe(busy);
  });

  it('answers a request whose wait is unknown', () => {
    expect(waitedTooLong({ waitedMs: null, receiveCount: 5 }, 100)).toBe(false);
  });
});
