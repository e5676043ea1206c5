import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { queueDepth } from '@rireki/adapters/testing';
import { describe, expect, it } from 'vitest';
import { INGEST_EVENTS } from './events.js';
import { event, FLUSH, lakeFiles, receive, send, usePipelineHarness } from './testing/pipelineHarness.js';

// The visibility timeout of the messages the pipeline holds: kept while their rows wait, and a
// stall past it noticed; the rest of the pipeline is tested in IngestPipeline.test.ts.
const createHarness = usePipelineHarness();

describe('IngestPipeline', () => {
  it('keeps a buffered message invisible past its visibility timeout, then deletes it once written', async () => {
    // Prepare: a 2 s visibility timeout, and a flush age far beyond it.
    const h = await createHarness({ visibilityTimeoutS: 2, flush: { ...FLUSH, maxAgeMs: 60_000 } });
    await send(h, [{ value: event('slow', 'shop', '2026-11-23T10:00:00Z') }]);
    const messages = await receive(h, 1, 2);
    const start = Date.now();
    h.clock.t = start;
    await h.pipeline.handleBatch(messages);

    // Act: tick like the worker's timer for 5 s of real time, more than twice the timeout.
    while (Date.now() - start < 5_000) {
      h.clock.t = Date.now();
      await h.pipeline.tick();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // Assess: nobody else can receive it right after the last tick, and it is not written yet...
    h.clock.t = Date.now();
    await h.pipeline.tick();
    const rival = await h.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: h.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    expect(rival.Messages ?? []).toEqual([]);
    expect(h.pipeline.stats()).toMatchObject({ filesWritten: 0, trackedMessages: 1 });
    // ...and deleted once its row is durable.
    await h.pipeline.flushAll();
    expect(await queueDepth(h.sqs, h.queueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(h.pipeline.stats()).toMatchObject({ filesWritten: 1, messagesDeleted: 1 });
  });

  it('after a stall past the visibility timeout, reports the lapse once, writes the rows and deletes without extending', async () => {
    // Prepare: a 2 s visibility timeout; the worker receives two messages, then stalls.
    const h = await createHarness({ visibilityTimeoutS: 2 });
    await send(
      h,
      [1, 2].map((n) => ({ value: event(`s${n}`, 'shop', '2026-11-23T10:00:00Z') })),
    );
    const messages = await receive(h, 2, 2);
    h.clock.t = Date.now();
    await h.pipeline.handleBatch(messages);
    // While it stalls, the queue hands both messages to another worker with new receipt handles.
    const rival = await receive(h, 2, 30);
    expect(rival.map((m) => m.MessageId).sort()).toEqual(messages.map((m) => m.MessageId).sort());

    // Act: the worker resumes; its timer and its flush both see the lapse.
    h.clock.t = Date.now();
    await h.pipeline.tick();
    await h.pipeline.flushAll();

    // Assess: reported once, with how late; no extension tried with the stale handles...
    const lapses = h.logs.filter((line) => line.event === INGEST_EVENTS.visibilityLapsed);
    expect(lapses).toEqual([
      expect.objectContaining({ level: 40, messages: 2, overdueMs: expect.any(Number) }),
    ]);
    expect(Number(lapses[0]?.overdueMs)).toBeGreaterThan(0);
    const extensions: string[] = [INGEST_EVENTS.visibilityExtended, INGEST_EVENTS.visibilityFailed];
    expect(h.logs.filter((line) => extensions.includes(String(line.event)))).toEqual([]);
    // ...the rows are durable, and the stale delete finished without an error or a leftover.
    expect(await lakeFiles(h)).toEqual([{ partition: 'app=shop/dt=2026-11-23', eventIds: ['s1', 's2'] }]);
    expect(h.logs.some((line) => line.event === INGEST_EVENTS.deleteFailed)).toBe(false);
    expect(h.pipeline.stats()).toMatchObject({ trackedMessages: 0, bufferedRows: 0, messagesAbandoned: 0 });
  });
});
