import { describe, expect, it } from 'vitest';
import { readSearchEnvelope } from './searchEnvelope.js';

const text = (value: string) => ({ DataType: 'String', StringValue: value });

describe('readSearchEnvelope', () => {
  it('reads the body, the search attributes and the queue attributes of a request', () => {
    const envelope = readSearchEnvelope({
      MessageId: 'm-1',
      Body: '{"app":"shop"}',
      MessageAttributes: {
        ReplyTo: text('http://127.0.0.1:4566/000000000000/reply'),
        CorrelationId: text('c-1'),
        Requester: text('console'),
        Signature: text('c2ln'),
      },
      Attributes: { SentTimestamp: '1764000000000', ApproximateReceiveCount: '2' },
    });

    expect(envelope).toEqual({
      messageId: 'm-1',
      body: '{"app":"shop"}',
      replyTo: 'http://127.0.0.1:4566/000000000000/reply',
      correlationId: 'c-1',
      requester: 'console',
      signature: 'c2ln',
      sentAtMs: 1764000000000,
      receiveCount: 2,
    });
  });

  it('leaves out what the message does not carry, and never invents a wait or a receive count', () => {
    const envelope = readSearchEnvelope({
      Attributes: { SentTimestamp: 'yesterday', ApproximateReceiveCount: '0' },
    });

    expect(envelope).toEqual({
      messageId: undefined,
      body: '',
      replyTo: undefined,
      correlationId: undefined,
      requester: undefined,
      signature: undefined,
      sentAtMs: null,
      receiveCount: 1,
    });
  });
});
