import { ActionLogPackSchema, decodeBody, GZIP_ENCODING } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import type { ActionLogDroppedError } from './errors.js';
import { packEvents } from './packEvents.js';

function actionLogFactory(n: number, note = ''): Record<string, unknown> {
  return {
    app: 'shop',
    occurredAt: '2026-11-24T09:30:00+09:00',
    eventId: `e-${n}`,
    path: `/orders/${n}`,
    status: 200,
    params: { n, note },
  };
}

function unpack(body: string, contentEncoding: string | undefined): unknown[] {
  const decoded = decodeBody(body, contentEncoding);
  if (!decoded.ok) throw new Error(decoded.reason);
  return ActionLogPackSchema.parse(JSON.parse(decoded.text)).events;
}

describe('packEvents', () => {
  describe.each([1024, 8 * 1024, 256 * 1024, 1024 * 1024])('with maxMessageBytes %i', (maxMessageBytes) => {
    it('keeps every event, in order, in messages within the limit', () => {
      // Prepare
      const events = Array.from({ length: 3000 }, (_, n) => actionLogFactory(n, 'x'.repeat(n % 300)));

      // Act
      const messages = packEvents(events, maxMessageBytes);

      // Assess
      const unpacked = messages.flatMap((message) => unpack(message.body, message.contentEncoding));
      expect(unpacked).toEqual(events);
      for (const message of messages) {
        expect(message.sizeBytes).toBeLessThanOrEqual(maxMessageBytes);
        expect(Buffer.byteLength(message.body)).toBeLessThanOrEqual(message.sizeBytes);
      }
      expect(messages.reduce((sum, message) => sum + message.eventCount, 0)).toBe(events.length);
    });
  });

  it('fills messages well: few messages for many compressible events', () => {
    // Prepare
    const events = Array.from({ length: 5000 }, (_, n) => actionLogFactory(n, 'lorem ipsum '.repeat(20)));
    const rawBytes = Buffer.byteLength(JSON.stringify(events));

    // Act
    const messages = packEvents(events, 64 * 1024);

    // Assess
    expect(messages.every((message) => message.contentEncoding === GZIP_ENCODING)).toBe(true);
    const sent = messages.reduce((sum, message) => sum + message.sizeBytes, 0);
    expect(sent).toBeLessThan(rawBytes / 4);
    // All but the last message are at least 70% full.
    for (const message of messages.slice(0, -1)) expect(message.sizeBytes).toBeGreaterThan(0.7 * 64 * 1024);
  });

  it('sends small packs as plain JSON', () => {
    // Act
    const [message, ...rest] = packEvents([actionLogFactory(1)], 1024);

    // Assess
    expect(rest).toEqual([]);
    expect(message?.contentEncoding).toBeUndefined();
    expect(JSON.parse(message?.body ?? '')).toEqual({ events: [actionLogFactory(1)] });
  });

  it('leaves out an event too large even alone, and reports its index', () => {
    // Prepare: random text does not compress, so gzip cannot save it.
    const noise = Array.from({ length: 3000 }, () => Math.random().toString(36).slice(2)).join('');
    const events = [actionLogFactory(0), actionLogFactory(1, noise), actionLogFactory(2)];
    const rejected: [ActionLogDroppedError, number][] = [];

    // Act
    const messages = packEvents(events, 4096, (error, index) => rejected.push([error, index]));

    // Assess
    expect(messages.flatMap((message) => unpack(message.body, message.contentEncoding))).toEqual([
      events[0],
      events[2],
    ]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.[1]).toBe(1);
    expect(rejected[0]?.[0]).toMatchObject({ reason: 'tooLarge', count: 1, code: 'VALIDATION_FAILED' });
  });

  it('leaves out an event that is not JSON, and reports it', () => {
    // Prepare
    const circular: Record<string, unknown> = { app: 'shop' };
    circular.self = circular;
    const rejected: number[] = [];

    // Act
    const messages = packEvents([{ n: 1n }, circular, actionLogFactory(2)], 4096, (error, index) => {
      expect(error.reason).toBe('unserializable');
      rejected.push(index);
    });

    // Assess
    expect(rejected).toEqual([0, 1]);
    expect(messages.flatMap((message) => unpack(message.body, message.contentEncoding))).toEqual([
      actionLogFactory(2),
    ]);
  });

  it('gzips a small body holding characters SQS refuses in plain text', () => {
    // Prepare
    const event = { ...actionLogFactory(1), params: { comment: 'great 👍', odd: '\uFFFF' } };

    // Act
    const [message] = packEvents([event], 4096);

    // Assess
    expect(message?.contentEncoding).toBe(GZIP_ENCODING);
    expect(unpack(message?.body ?? '', message?.contentEncoding)).toEqual([event]);
  });

  it('returns no message for no events', () => {
    expect(packEvents([], 1024)).toEqual([]);
  });
});
