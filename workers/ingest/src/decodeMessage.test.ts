import type { Message } from '@aws-sdk/client-sqs';
import { CONTENT_ENCODING_ATTRIBUTE } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decodeMessage.js';
import { readIngestEnvelope } from './ingestEnvelope.js';
import { actionLogFactory, sqsMessageFactory } from './testing/actionLogFactory.js';

const rawMessage = (body: string | undefined, encoding?: string): Message => ({
  MessageId: 'msg-1',
  ReceiptHandle: 'rh-1',
  ...(body === undefined ? {} : { Body: body }),
  ...(encoding === undefined
    ? {}
    : { MessageAttributes: { [CONTENT_ENCODING_ATTRIBUTE]: { DataType: 'String', StringValue: encoding } } }),
});

describe('decodeMessage', () => {
  it('reads a lone event', () => {
    // Prepare
    const event = actionLogFactory({ action: '注文を確定' });

    // Act
    const decoded = decodeMessage(readIngestEnvelope(sqsMessageFactory(event)));

    // Assess
    expect(decoded).toEqual({ ok: true, events: [event], packed: false });
  });

  it('reads a pack of events in order', () => {
    // Prepare
    const events = [1, 2, 3].map((n) => actionLogFactory({ eventId: `evt-${n}` }));

    // Act
    const decoded = decodeMessage(readIngestEnvelope(sqsMessageFactory({ events })));

    // Assess
    expect(decoded).toEqual({ ok: true, events, packed: true });
  });

  it('keeps invalid events of a pack for the validator to report', () => {
    // Prepare
    const events = [actionLogFactory(), { app: 'Shop' }, 'not an object'];

    // Act
    const decoded = decodeMessage(readIngestEnvelope(sqsMessageFactory({ events })));

    // Assess
    expect(decoded).toEqual({ ok: true, events, packed: true });
  });

  it.each([
    { body: 'a lone event', value: actionLogFactory(), events: [actionLogFactory()] },
    {
      body: 'a pack',
      value: { events: [actionLogFactory(), actionLogFactory()] },
      events: [actionLogFactory(), actionLogFactory()],
    },
  ])('gunzips $body marked by the Content-Encoding attribute', ({ value, events }) => {
    // Prepare
    const message = sqsMessageFactory(value, { gzip: true });

    // Act
    const decoded = decodeMessage(readIngestEnvelope(message));

    // Assess
    expect(message.MessageAttributes?.[CONTENT_ENCODING_ATTRIBUTE]?.StringValue).toBe('gzip');
    expect(decoded).toMatchObject({ ok: true, events });
  });

  it('does not gunzip a gzip body whose Content-Encoding attribute is missing', () => {
    // Prepare
    const { MessageAttributes: _dropped, ...message } = sqsMessageFactory(actionLogFactory(), { gzip: true });

    // Act
    const decoded = decodeMessage(readIngestEnvelope(message));

    // Assess
    expect(decoded).toEqual({ ok: false, reason: expect.stringMatching(/not JSON/) });
  });

  it('treats an object whose events is not an array as a lone event', () => {
    // Prepare
    const event = actionLogFactory({ events: 'signup' });

    // Act
    const decoded = decodeMessage(readIngestEnvelope(sqsMessageFactory(event)));

    // Assess
    expect(decoded).toEqual({ ok: true, events: [event], packed: false });
  });

  it('tells a pack whose events is no array about its events, not about a missing app', () => {
    // Act
    const decoded = decodeMessage(readIngestEnvelope(rawMessage('{"events":"nope"}')));

    // Assess
    expect(decoded).toEqual({ ok: false, reason: 'events: must be an array (got "nope")' });
  });

  describe.each([
    { refusal: 'invalid JSON', message: rawMessage('{"app": "shop",'), reason: /not JSON/ },
    { refusal: 'an empty body', message: rawMessage(''), reason: /not JSON/ },
    { refusal: 'a missing body', message: rawMessage(undefined), reason: /not JSON/ },
    { refusal: 'an empty pack', message: rawMessage('{"events": []}'), reason: /events/ },
    { refusal: 'gzip that is not base64', message: rawMessage('%%%', 'gzip'), reason: /base64/ },
    { refusal: 'an unknown Content-Encoding', message: rawMessage('{}', 'deflate'), reason: /deflate/ },
  ])('$refusal', ({ message, reason }) => {
    it('is not decodable, with a reason', () => {
      // Act
      const decoded = decodeMessage(readIngestEnvelope(message));

      // Assess
      expect(decoded).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    });
  });
});
