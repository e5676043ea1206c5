// Over 250 lines: the pipeline's orderings (write, register, delete) under each fault, each read from
// one timeline; the harness is in testing/pipelineHarness.ts.
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { queueDepth, waitFor } from '@rireki/adapters/testing';
import { CONTENT_ENCODING_ATTRIBUTE } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { INGEST_EVENTS } from './events.js';
import type { QuarantineRecord } from './quarantine.js';
import {
  describeTimeline,
  event,
  FLUSH,
  FLUSH_RETRY,
  lakeFiles,
  quarantineRecords,
  queueIsEmpty,
  receive,
  send,
  usePipelineHarness,
} from './testing/pipelineHarness.js';

const createHarness = usePipelineHarness();

describe('IngestPipeline', () => {
  it('buffers without deleting, then on tick past maxAgeMs writes one file per partition, registers it and deletes', async () => {
    // Prepare
    const h = await createHarness();
    const sent = [
      { value: event('e0', 'shop', '2026-11-24T08:30:00+09:00'), partitions: ['app=shop/dt=2026-11-23'] },
      {
        value: {
          events: [
            event('e1', 'shop', '2026-11-23T12:00:00Z'),
            event('e2', 'shop', '2026-11-24T10:00:00+09:00'),
            event('e3', 'blog', '2026-11-24T00:00:00Z'),
          ],
        },
        gzip: true,
        partitions: ['app=shop/dt=2026-11-23', 'app=shop/dt=2026-11-24', 'app=blog/dt=2026-11-24'],
      },
      {
        value: event('e4', 'blog', '2026-11-24T00:10:00Z'),
        gzip: true,
        partitions: ['app=blog/dt=2026-11-24'],
      },
      {
        value: {
          events: [
            event('e5', 'shop', '2026-11-24T00:20:00Z'),
            event('e6', 'shop', Date.UTC(2026, 10, 23, 1)),
          ],
        },
        partitions: ['app=shop/dt=2026-11-24', 'app=shop/dt=2026-11-23'],
      },
    ];
    const ids = await send(h, sent);
    const messages = await receive(h, sent.length);

    // Act
    await h.pipeline.handleBatch(messages);
    h.clock.t += FLUSH.maxAgeMs - 1;
    await h.pipeline.tick();

    // Assess: buffered only; the messages are still in flight.
    expect(h.pipeline.stats()).toMatchObject({
      received: 4,
      eventsAccepted: 7,
      bufferedRows: 7,
      trackedMessages: 4,
      filesWritten: 0,
      messagesDeleted: 0,
    });
    expect(await queueDepth(h.sqs, h.queueUrl)).toEqual({ visible: 0, inFlight: 4, delayed: 0 });
    expect(await h.store.list('action_logs')).toEqual([]);
    expect(await h.catalog.list()).toEqual([]);

    // Act
    h.clock.t += 2;
    await h.pipeline.tick();
    await waitFor('every message to be deleted', queueIsEmpty(h));

    // Assess: one file per partition with exactly its rows, every partition registered.
    expect(await lakeFiles(h)).toEqual([
      { partition: 'app=blog/dt=2026-11-24', eventIds: ['e3', 'e4'] },
      { partition: 'app=shop/dt=2026-11-23', eventIds: ['e0', 'e1', 'e6'] },
      { partition: 'app=shop/dt=2026-11-24', eventIds: ['e2', 'e5'] },
    ]);
    expect(await h.catalog.list()).toEqual([
      { app: 'blog', dt: '2026-11-24' },
      { app: 'shop', dt: '2026-11-23' },
      { app: 'shop', dt: '2026-11-24' },
    ]);
    await waitFor('the deletes to be counted', () => h.pipeline.stats().messagesDeleted === 4);
    expect(h.pipeline.stats()).toMatchObject({
      filesWritten: 3,
      rowsWritten: 7,
      trackedMessages: 0,
      bufferedRows: 0,
    });

    // Assess: each message was deleted once, after every partition holding its rows was registered.
    const steps = describeTimeline(h, messages);
    for (const [i, id] of ids.entries()) {
      const deletions = steps.flatMap((step, at) =>
        step.startsWith('delete') && step.includes(id) ? [at] : [],
      );
      expect(deletions, `deletions of message ${i}`).toHaveLength(1);
      for (const partition of sent[i]?.partitions ?? []) {
        expect(
          steps.indexOf(`register ${partition}`),
          `register ${partition} before deleting message ${i}`,
        ).toBeLessThan(deletions[0] ?? -1);
      }
    }
  });

  it('quarantines the invalid events of a message, writes its valid rows, and deletes it only after the flush', async () => {
    // Prepare
    const h = await createHarness();
    const invalid = { app: 'shop', occurredAt: '2026-11-24T09:30:00', status: 1000, eventId: 'bad' };
    const [id] = await send(h, [
      {
        value: {
          events: [
            event('ok-1', 'shop', '2026-11-23T10:00:00Z'),
            invalid,
            event('ok-2', 'shop', '2026-11-23T11:00:00Z'),
          ],
        },
      },
    ]);
    const messages = await receive(h, 1);

    // Act
    await h.pipeline.handleBatch(messages);

    // Assess: the bad event is kept with its problems; the message waits for its valid rows.
    const records = await quarantineRecords(h);
    expect(records).toEqual([
      expect.objectContaining({
        messageId: id,
        index: 1,
        reason: 'invalid-event',
        raw: invalid,
        problems: [
          { path: 'occurredAt', message: expect.any(String) },
          { path: 'status', message: expect.any(String) },
        ],
      } satisfies Partial<Record<keyof QuarantineRecord, unknown>>),
    ]);
    expect(await queueDepth(h.sqs, h.queueUrl)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    expect(h.pipeline.stats()).toMatchObject({ eventsAccepted: 2, eventsQuarantined: 1, messagesDeleted: 0 });

    // Act
    h.clock.t += FLUSH.maxAgeMs + 1;
    await h.pipeline.tick();
    await waitFor('the message to be deleted', queueIsEmpty(h));

    // Assess
    expect(await lakeFiles(h)).toEqual([{ partition: 'app=shop/dt=2026-11-23', eventIds: ['ok-1', 'ok-2'] }]);
    expect(describeTimeline(h, messages)).toEqual([
      'put quarantine',
      'put action_logs',
      'register app=shop/dt=2026-11-23',
      `delete ${id}`,
    ]);
  });

  it('deletes messages holding only invalid or unreadable input at once, without any flush', async () => {
    // Prepare
    const h = await createHarness();
    const bad = [
      { app: 'Shop', occurredAt: '2026-11-24T00:00:00Z' },
      { app: 'shop', occurredAt: 946_684_799_999 },
    ];
    const [packId, notJsonId] = await send(h, [{ value: { events: bad } }, 'not json {']);
    const unreadable = await h.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: h.queueUrl,
        Entries: [
          {
            Id: '0',
            MessageBody: '%%% not base64 %%%',
            MessageAttributes: { [CONTENT_ENCODING_ATTRIBUTE]: { DataType: 'String', StringValue: 'gzip' } },
          },
        ],
      }),
    );
    const gzipId = unreadable.Successful?.[0]?.MessageId;
    const messages = await receive(h, 3);

    // Act
    await h.pipeline.handleBatch(messages);
    await waitFor('every message to be deleted', queueIsEmpty(h));

    // Assess
    expect(h.pipeline.stats()).toMatchObject({
      eventsAccepted: 0,
      eventsQuarantined: 2,
      messagesQuarantined: 2,
      filesWritten: 0,
    });
    expect(await h.store.list('action_logs')).toEqual([]);
    expect(await h.catalog.list()).toEqual([]);
    const records = await quarantineRecords(h);
    expect(
      records.map(({ messageId, index, reason, raw, contentEncoding }) => ({
        messageId,
        index,
        reason,
        raw,
        contentEncoding,
      })),
    ).toEqual(
      expect.arrayContaining([
        { messageId: packId, index: 0, reason: 'invalid-event', raw: bad[0], contentEncoding: undefined },
        { messageId: packId, index: 1, reason: 'invalid-event', raw: bad[1], contentEncoding: undefined },
        {
          messageId: notJsonId,
          index: null,
          reason: 'undecodable-message',
          raw: 'not json {',
          contentEncoding: undefined,
        },
        {
          messageId: gzipId,
          index: null,
          reason: 'undecodable-message',
          raw: '%%% not base64 %%%',
          contentEncoding: 'gzip',
        },
      ]),
    );
    expect(records).toHaveLength(4);
    expect(describeTimeline(h, messages).filter((step) => !step.startsWith('delete'))).toEqual([
      'put quarantine',
    ]);
  });

  it('retries a flush the store refuses, and deletes the messages only once it succeeded', async () => {
    // Prepare
    const h = await createHarness();
    h.store.failPuts(3);
    const ids = await send(
      h,
      [1, 2, 3].map((n) => ({ value: event(`e${n}`, 'shop', '2026-11-23T10:00:00Z') })),
    );
    const messages = await receive(h, 3);
    await h.pipeline.handleBatch(messages);

    // Act
    h.clock.t += FLUSH.maxAgeMs + 1;
    await h.pipeline.tick();
    await waitFor('the messages to be deleted', queueIsEmpty(h));

    // Assess
    expect(describeTimeline(h, messages)).toEqual([
      'put-failed action_logs',
      'put-failed action_logs',
      'put-failed action_logs',
      'put action_logs',
      'register app=shop/dt=2026-11-23',
      `delete ${[...ids].sort().join(',')}`,
    ]);
    expect(await lakeFiles(h)).toEqual([
      { partition: 'app=shop/dt=2026-11-23', eventIds: ['e1', 'e2', 'e3'] },
    ]);
    expect(h.pipeline.stats()).toMatchObject({ filesWritten: 1, messagesAbandoned: 0 });
  });

  it('abandons the messages when the store keeps failing, leaving them for redelivery', async () => {
    // Prepare
    const h = await createHarness({ visibilityTimeoutS: 2 });
    h.store.failPuts(Number.POSITIVE_INFINITY);
    const ids = await send(
      h,
      [1, 2, 3].map((n) => ({ value: event(`e${n}`, 'shop', '2026-11-23T10:00:00Z') })),
    );
    const messages = await receive(h, 3, 2);
    await h.pipeline.handleBatch(messages);

    // Act
    h.clock.t += FLUSH.maxAgeMs + 1;
    await h.pipeline.tick();
    await waitFor('the flush to be abandoned', () => h.pipeline.stats().messagesAbandoned === 3);

    // Assess: every attempt failed, nothing was registered or deleted...
    expect(describeTimeline(h, messages)).toEqual(
      Array.from({ length: FLUSH_RETRY.attempts }, () => 'put-failed action_logs'),
    );
    expect(h.pipeline.stats()).toMatchObject({ filesWritten: 0, messagesDeleted: 0, trackedMessages: 0 });
    expect(await h.catalog.list()).toEqual([]);

    // ...and the queue hands the same messages out again once their visibility ends.
    const redelivered = await receive(h, 3);
    expect(redelivered.map((message) => message.MessageId).sort()).toEqual([...ids].sort());
  });

  it('gives up at once on a store error that says retrying cannot help', async () => {
    // Prepare: the store refuses every put for good (as for a key it will never accept).
    const h = await createHarness({ visibilityTimeoutS: 2 });
    h.store.failPuts(Number.POSITIVE_INFINITY, () => true, false);
    await send(h, [{ value: event('e1', 'shop', '2026-11-23T10:00:00Z') }]);
    const messages = await receive(h, 1, 2);
    await h.pipeline.handleBatch(messages);

    // Act
    h.clock.t += FLUSH.maxAgeMs + 1;
    await h.pipeline.tick();
    await waitFor('the flush to be abandoned', () => h.pipeline.stats().messagesAbandoned === 1);

    // Assess: one try, not FLUSH_RETRY.attempts, and the messages are left for redelivery.
    expect(describeTimeline(h, messages)).toEqual(['put-failed action_logs']);
    expect(h.pipeline.stats()).toMatchObject({ filesWritten: 0, messagesDeleted: 0, trackedMessages: 0 });
  });

  it('does not delete a redelivered message while rows of that delivery are still unwritten', async () => {
    // Prepare: partition alpha cannot be written; a message has one row in alpha and one in beta.
    const h = await createHarness({
      flush: { ...FLUSH, maxRows: 2 },
      flushRetry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      visibilityTimeoutS: 2,
    });
    const inAlpha = (key: string) => key.includes('/app=alpha/');
    h.store.failPuts(Number.POSITIVE_INFINITY, inAlpha);
    const [, split] = await send(h, [
      { value: event('a0', 'alpha', '2026-11-23T10:00:00Z') },
      {
        value: {
          events: [event('a1', 'alpha', '2026-11-23T10:00:00Z'), event('b1', 'beta', '2026-11-23T10:00:00Z')],
        },
      },
    ]);
    // First delivery: alpha fills up and its flush is abandoned; b1 stays buffered in beta.
    await h.pipeline.handleBatch(await receive(h, 2, 2));
    await waitFor('the alpha flush to be abandoned', () => h.pipeline.stats().messagesAbandoned === 2);

    // Act: the second delivery fills both partitions; alpha's write hangs while beta's goes through.
    h.store.hold(inAlpha);
    const again = await receive(h, 2);
    await h.pipeline.handleBatch(again);
    await waitFor('the beta file', () => h.pipeline.stats().filesWritten === 1);
    h.store.release();
    await h.pipeline.flushAll();

    // Assess: a1 never reached the lake, so the message holding it must still be on the queue.
    const inLake = (await lakeFiles(h)).flatMap((file) => file.eventIds);
    expect(inLake).not.toContain('a1');
    expect(await queueDepth(h.sqs, h.queueUrl)).toEqual({ visible: 0, inFlight: 2, delayed: 0 });
    expect(describeTimeline(h, again).filter((step) => step.startsWith('delete'))).not.toContainEqual(
      expect.stringContaining(split ?? '?'),
    );
  });

  it('retries only the registration when the catalog fails after the file was written', async () => {
    // Prepare
    const h = await createHarness();
    h.catalog.failRegistrations(2);
    const ids = await send(
      h,
      [1, 2].map((n) => ({ value: event(`e${n}`, 'shop', '2026-11-23T10:00:00Z') })),
    );
    const messages = await receive(h, 2);
    await h.pipeline.handleBatch(messages);

    // Act
    h.clock.t += FLUSH.maxAgeMs + 1;
    await h.pipeline.tick();
    await waitFor('the messages to be deleted', queueIsEmpty(h));

    // Assess: one file, never rewritten, so its rows are stored once.
    expect(describeTimeline(h, messages)).toEqual([
      'put action_logs',
      'register-failed app=shop/dt=2026-11-23',
      'register-failed app=shop/dt=2026-11-23',
      'register app=shop/dt=2026-11-23',
      `delete ${[...ids].sort().join(',')}`,
    ]);
    expect(await lakeFiles(h)).toEqual([{ partition: 'app=shop/dt=2026-11-23', eventIds: ['e1', 'e2'] }]);
    expect(
      h.logs.map((line) => line.event).filter((name) => String(name).startsWith('ingest.partition')),
    ).toEqual([INGEST_EVENTS.writing, INGEST_EVENTS.flushed, INGEST_EVENTS.registered]);
  });
});
