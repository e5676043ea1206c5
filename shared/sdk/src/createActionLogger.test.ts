// Over 250 lines: the logger's packing, limits, retries and shutdown, against the embedded endpoint
// that every case shares.
import { waitFor } from '@rireki/adapters/testing';
import { ConfigError, GZIP_ENCODING, type RirekiError } from '@rireki/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionLogger } from './createActionLogger.js';
import { ActionLogDroppedError, ActionLogRejectedError } from './errors.js';
import type { ActionLoggerOptions } from './options.js';
import { REDACTED } from './redact.js';
import { receiveEvents, type SqsHarness, startSqsHarness } from './testing/sqsHarness.js';
import type { ActionLogInput } from './types.js';

let harness: SqsHarness;

beforeAll(async () => {
  harness = await startSqsHarness();
});

afterAll(async () => {
  await harness.stop();
});

/** An event as a typical app logs it, numbered so the test can tell events apart. */
function actionLogFactory(n: number, overrides: Partial<ActionLogInput> = {}): ActionLogInput {
  return {
    action: 'OrderController@store',
    method: 'POST',
    path: `/orders/${n}`,
    status: 201,
    durationMs: 12.5,
    userId: n % 50,
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    params: { sku: `SKU-${n}`, quantity: (n % 5) + 1 },
    attributes: { orderId: `o-${n}` },
    ...overrides,
  };
}

async function newLogger(overrides: Partial<ActionLoggerOptions> = {}) {
  const errors: RirekiError[] = [];
  const queueUrl = await harness.createQueue();
  const logger = createActionLogger({
    sqs: harness.sqs,
    queueUrl,
    app: 'shop',
    // Long enough that only flush(), close() or a full batch sends, unless a test says otherwise.
    flushIntervalMs: 60_000,
    onError: (error) => errors.push(error),
    ...overrides,
  });
  return { logger, queueUrl, errors };
}

describe('createActionLogger', () => {
  it('delivers 2,500 events exactly once, packed in a few messages', async () => {
    // Prepare
    const { logger, queueUrl, errors } = await newLogger();
    const count = 2500;

    // Act
    for (let n = 0; n < count; n += 1) logger.log(actionLogFactory(n));
    await logger.close();
    const { messages, events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= count);

    // Assess
    expect(errors).toEqual([]);
    expect(events).toHaveLength(count);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(count);
    expect(new Set(events.map((event) => event.path))).toEqual(
      new Set(Array.from({ length: count }, (_, n) => `/orders/${n}`)),
    );
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.length).toBeLessThanOrEqual(10);
    expect(logger.stats()).toEqual({
      logged: count,
      sent: count,
      dropped: 0,
      rejected: 0,
      failed: 0,
      buffered: 0,
      messagesSent: messages.length,
    });
  });

  it('fills app, occurredAt and eventId when missing and keeps the ones given', async () => {
    // Prepare
    const now = Date.UTC(2026, 10, 24, 9, 30);
    const clock = { now: () => now, sleep: async () => undefined };
    const { logger, queueUrl } = await newLogger({ clock });

    // Act
    logger.log({ path: '/defaults' });
    logger.log({ path: '/given', app: 'admin', occurredAt: '2026-11-24T18:30:00+09:00', eventId: 'e-1' });
    await logger.flush();
    const { events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 2);

    // Assess
    const byPath = new Map(events.map((event) => [event.path, event]));
    expect(byPath.get('/defaults')).toMatchObject({ app: 'shop', occurredAt: '2026-11-24T09:30:00.000Z' });
    expect(byPath.get('/defaults')?.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(byPath.get('/given')).toMatchObject({
      app: 'admin',
      occurredAt: '2026-11-24T18:30:00+09:00',
      eventId: 'e-1',
    });
    await logger.close();
  });

  it('redacts listed keys at any depth of params and attributes, whatever their case', async () => {
    // Prepare
    const { logger, queueUrl } = await newLogger();
    const params = {
      email: 'a@example.com',
      Password: 'hunter2',
      user: { profile: { API_KEY: 'k-123', name: 'Ann' }, cards: [{ card_number: '4111', label: 'main' }] },
    };

    // Act
    logger.log(actionLogFactory(1, { params, attributes: { token: 'abc', orderId: 'o-1' } }));
    await logger.close();
    const { events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 1);

    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]?.params).toEqual({
      email: 'a@example.com',
      Password: REDACTED,
      user: {
        profile: { API_KEY: REDACTED, name: 'Ann' },
        cards: [{ card_number: REDACTED, label: 'main' }],
      },
    });
    expect(events[0]?.attributes).toEqual({ token: REDACTED, orderId: 'o-1' });
    // The app's own object is left as it was.
    expect(params.Password).toBe('hunter2');
  });

  it('gzips large packs and keeps each message within maxMessageBytes', async () => {
    // Prepare
    const maxMessageBytes = 16 * 1024;
    const { logger, queueUrl } = await newLogger({ maxMessageBytes });
    const note = 'lorem ipsum dolor sit amet '.repeat(40);

    // Act
    for (let n = 0; n < 400; n += 1) logger.log(actionLogFactory(n, { params: { note, n } }));
    await logger.close();
    const { messages, events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 400);

    // Assess
    expect(events).toHaveLength(400);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.contentEncoding).toBe(GZIP_ENCODING);
      expect(Buffer.byteLength(message.body)).toBeLessThanOrEqual(maxMessageBytes);
    }
    // Gzip is what makes the pack dense: each message holds far more than 16 KiB of JSON.
    const rawBytes = Buffer.byteLength(JSON.stringify(events));
    expect(rawBytes / messages.length).toBeGreaterThan(maxMessageBytes * 2);
  });

  it('sends on its timer without flush()', async () => {
    // Prepare
    const { logger, queueUrl } = await newLogger({ flushIntervalMs: 50 });

    // Act
    logger.log(actionLogFactory(1));
    logger.log(actionLogFactory(2));
    await waitFor('the timer to send two events', () => logger.stats().sent === 2, {
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    const { events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 2);

    // Assess
    expect(events.map((event) => event.path).sort()).toEqual(['/orders/1', '/orders/2']);
    await logger.close();
  });

  it('sends early, without flush() or the timer, once the buffer fills up', async () => {
    // Prepare
    const { logger, queueUrl } = await newLogger({ maxBufferedEvents: 10 });

    // Act
    for (let n = 0; n < 6; n += 1) logger.log(actionLogFactory(n));
    await waitFor('an early flush of six events', () => logger.stats().sent === 6, {
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    const { events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 6);

    // Assess
    expect(events).toHaveLength(6);
    expect(logger.stats()).toMatchObject({ dropped: 0, buffered: 0 });
    await logger.close();
  });

  it('drops the oldest events when the buffer is full, and says so once', async () => {
    // Prepare
    const { logger, queueUrl, errors } = await newLogger({ maxBufferedEvents: 5 });

    // Act
    for (let n = 0; n < 8; n += 1) logger.log(actionLogFactory(n));
    await logger.flush();
    const { events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 5);

    // Assess
    expect(events.map((event) => event.path).sort()).toEqual([
      '/orders/3',
      '/orders/4',
      '/orders/5',
      '/orders/6',
      '/orders/7',
    ]);
    expect(logger.stats()).toMatchObject({ logged: 8, sent: 5, dropped: 3, buffered: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ActionLogDroppedError);
    expect(errors[0]).toMatchObject({ reason: 'bufferFull', count: 3 });
    await logger.close();
  });

  it('close() sends what is buffered; log() after close drops and never throws', async () => {
    // Prepare
    const { logger, queueUrl, errors } = await newLogger();
    for (let n = 0; n < 3; n += 1) logger.log(actionLogFactory(n));

    // Act
    const closed = logger.close();
    logger.log(actionLogFactory(3));
    logger.log(actionLogFactory(4));
    await closed;
    await logger.close();
    const { events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 3);

    // Assess
    expect(events).toHaveLength(3);
    expect(logger.stats()).toMatchObject({ logged: 5, sent: 3, dropped: 2, buffered: 0 });
    expect(
      errors.map((error) => (error instanceof ActionLogDroppedError ? error.reason : error.name)),
    ).toEqual(['closed']);
  });

  const rejections: ReadonlyArray<{ breaks: string; event: Record<string, unknown>; path: string }> = [
    { breaks: 'a status sent as text', event: { status: '200' }, path: 'status' },
    { breaks: 'an event of 300 KiB', event: { params: { blob: 'x'.repeat(300 * 1024) } }, path: '' },
    { breaks: 'occurredAt in epoch seconds', event: { occurredAt: 1_795_998_600 }, path: 'occurredAt' },
    {
      breaks: 'params nested 40 levels deep',
      event: { params: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) },
      path: 'params',
    },
  ];

  describe.each(rejections)('an event with $breaks', ({ event, path }) => {
    it('is counted as rejected, not sent, and reported with its problems before log() returns', async () => {
      // Prepare
      const { logger, queueUrl, errors } = await newLogger();
      const log = logger.log as (event: unknown) => void;

      // Act
      logger.log(actionLogFactory(1, { path: '/good' }));
      log({ ...event, eventId: 'bad-1' });
      const heardBeforeReturn = errors.length;
      await logger.close();
      const { events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 1);

      // Assess
      expect(events.map((sent) => sent.path)).toEqual(['/good']);
      expect(logger.stats()).toMatchObject({ logged: 2, sent: 1, rejected: 1, dropped: 0, buffered: 0 });
      expect(heardBeforeReturn).toBe(1);
      expect(errors).toHaveLength(1);
      const error = errors[0];
      expect(error).toBeInstanceOf(ActionLogRejectedError);
      if (!(error instanceof ActionLogRejectedError)) return;
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false, eventId: 'bad-1' });
      expect(error.problems.map((problem) => problem.path)).toEqual([path]);
      expect(error.message).toContain(path === '' ? '(root)' : `${path}: `);
    });
  });

  it('rejects an event without app when the options give none', async () => {
    // Prepare
    const errors: RirekiError[] = [];
    const logger = createActionLogger({
      sqs: harness.sqs,
      queueUrl: await harness.createQueue(),
      flushIntervalMs: 60_000,
      onError: (error) => errors.push(error),
    });

    // Act
    logger.log({ path: '/no-app' });
    await logger.close();

    // Assess
    expect(logger.stats()).toMatchObject({ logged: 1, sent: 0, rejected: 1 });
    expect(errors.map((error) => (error instanceof ActionLogRejectedError ? error.problems : error))).toEqual(
      [[{ path: 'app', message: expect.any(String) }]],
    );
  });

  it('drops an event that JSON cannot write as unserializable', async () => {
    // Prepare
    const { logger, errors } = await newLogger();

    // Act
    logger.log({ path: '/bigint', params: { amount: 10n } });
    await logger.close();

    // Assess
    expect(logger.stats()).toMatchObject({ logged: 1, sent: 0, rejected: 0, dropped: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason: 'unserializable', code: 'VALIDATION_FAILED' });
  });

  it('counts and reports values that are not events instead of throwing', async () => {
    // Prepare
    const { logger, errors } = await newLogger();
    const log = logger.log as (event: unknown) => void;

    // Act
    const act = () => {
      log(null);
      log('GET /');
      log([1, 2]);
    };

    // Assess
    expect(act).not.toThrow();
    expect(logger.stats()).toMatchObject({ logged: 3, dropped: 3, buffered: 0 });
    expect(errors.map((error) => error.code)).toEqual([
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
    await logger.close();
  });
});

describe('createActionLogger options', () => {
  it.each([
    ['app', { app: 'Shop!' }],
    ['maxMessageBytes', { maxMessageBytes: 2 * 1024 * 1024 }],
    ['flushIntervalMs', { flushIntervalMs: 0 }],
    ['maxBufferedEvents', { maxBufferedEvents: 1.5 }],
    ['retry.attempts', { retry: { attempts: 0 } }],
    ['queueUrl', { queueUrl: 'rireki-ingest' }],
  ])('refuses a bad %s with a ConfigError naming it', (option, overrides) => {
    // Prepare
    const options = { sqs: harness.sqs, queueUrl: 'http://127.0.0.1:4566/000000000000/q', ...overrides };

    // Act
    const act = () => createActionLogger(options);

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(new RegExp(`^invalid configuration:\\n  ${option.replace('.', '\\.')}: `));
  });
});
