import { waitFor } from '@rireki/adapters/testing';
import { parseLakeRow } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { INGEST_EVENTS } from './events.js';
import { event, lakeFiles, receive, send, usePipelineHarness } from './testing/pipelineHarness.js';

const createHarness = usePipelineHarness();

/** The buffer bytes the pipeline counts for these events. */
function bufferedBytesOf(events: ReadonlyArray<Record<string, unknown>>): number {
  return events.reduce((sum, value, index) => {
    const result = parseLakeRow(value, { messageId: 'm', index, receivedAtMs: Date.now() });
    if (!result.ok) throw new Error(`a test event is invalid: ${JSON.stringify(result.problems)}`);
    return sum + result.bytes;
  }, 0);
}

describe('IngestPipeline under its buffer limit', () => {
  it('writes the largest partition once the buffers are half full, without waiting for its age or pausing', async () => {
    // Prepare: three events of one partition and one of another, over half the limit and under it.
    const shop = [1, 2, 3].map((n) => event(`s${n}`, 'shop', '2026-11-23T10:00:00Z'));
    const blog = [event('b1', 'blog', '2026-11-23T10:00:00Z')];
    const h = await createHarness({
      maxBufferedBytes: Math.floor(bufferedBytesOf([...shop, ...blog]) * 1.5),
    });
    await send(
      h,
      [...shop, ...blog].map((value) => ({ value })),
    );
    const messages = await receive(h, 4);

    // Act: no tick, so no partition reaches its age.
    await h.pipeline.handleBatch(messages);

    // Assess: shop's file is written without delay; blog's one event waits for its age.
    await waitFor('shop to be written', async () => (await lakeFiles(h)).length === 1);
    expect(await lakeFiles(h)).toEqual([
      { partition: 'app=shop/dt=2026-11-23', eventIds: ['s1', 's2', 's3'] },
    ]);
    expect(h.pipeline.stats()).toMatchObject({ bufferedRows: 1 });
    expect(h.logs.some((line) => line.event === INGEST_EVENTS.backpressure)).toBe(false);
  });

  it('leaves the buffers alone below half the limit', async () => {
    const shop = [1, 2, 3].map((n) => event(`s${n}`, 'shop', '2026-11-23T10:00:00Z'));
    const h = await createHarness({ maxBufferedBytes: bufferedBytesOf(shop) * 2 + 2 });
    await send(
      h,
      shop.map((value) => ({ value })),
    );

    await h.pipeline.handleBatch(await receive(h, 3));

    expect(h.pipeline.stats()).toMatchObject({ bufferedRows: 3, filesWritten: 0 });
    expect(await lakeFiles(h)).toEqual([]);
  });
});
