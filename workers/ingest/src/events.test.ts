import { createLogger, createWorkerMetrics, readPrometheusText, workerProcessEvents } from '@rireki/adapters';
import { describe, expect, it } from 'vitest';
import { INGEST_EVENTS, INGEST_METRICS, ingestEvents } from './events.js';

describe('ingest event names', () => {
  // Operators grep and alert on these names, and every other suite matches them through the
  // constants: the one place that spells them out, so that renaming one is a conscious change.
  it('are the names operators know', () => {
    expect(INGEST_EVENTS).toEqual({
      started: 'ingest.started',
      received: 'ingest.batch.received',
      quarantined: 'ingest.quarantined',
      writing: 'ingest.partition.writing',
      flushed: 'ingest.partition.flushed',
      registered: 'ingest.partition.registered',
      flushFailed: 'ingest.flush.failed',
      flushAbandoned: 'ingest.flush.abandoned',
      deleted: 'ingest.messages.deleted',
      deleteFailed: 'ingest.delete.failed',
      visibilityExtended: 'ingest.visibility.extended',
      visibilityFailed: 'ingest.visibility.failed',
      visibilityLapsed: 'ingest.visibility.lapsed',
      receiveFailed: 'ingest.receive.failed',
      backpressure: 'ingest.backpressure',
      draining: 'ingest.draining',
      handedBack: 'ingest.messages.handed_back',
      stopped: 'ingest.stopped',
    });
    expect(workerProcessEvents('ingest')).toEqual({
      signal: 'ingest.signal',
      startFailed: 'ingest.start.failed',
      stopFailed: 'ingest.stop.failed',
    });
  });
});

describe('ingest metrics', () => {
  it('are recorded by the events they go with', async () => {
    const metrics = createWorkerMetrics('ingest', INGEST_METRICS);
    const events = ingestEvents(createLogger('test', 'silent'), metrics);

    events.received({ messages: 2, accepted: 7, lagMs: 1_500 });
    events.received({ messages: 1, accepted: 3, lagMs: null });
    events.quarantined({ records: 2, key: 'quarantine/x.jsonl', first: undefined });
    events.flushed({ app: 'shop', dt: '2026-12-01', rows: 10, fileBytes: 100, key: 'k', ms: 250 });
    events.deleted({ messages: 3 });

    const samples = readPrometheusText(await metrics.registry.metrics());
    expect(samples.get(INGEST_METRICS.eventsAccepted.name)).toBe(10);
    expect(samples.get(INGEST_METRICS.eventsQuarantined.name)).toBe(2);
    expect(samples.get(INGEST_METRICS.messagesDeleted.name)).toBe(3);
    expect(samples.get(`${INGEST_METRICS.flushDuration.name}_sum`)).toBe(0.25);
    // A batch without SentTimestamp is not a lag of zero: it is not observed.
    expect(samples.get(`${INGEST_METRICS.receiveLag.name}_count`)).toBe(1);
    expect(samples.get(INGEST_METRICS.lastReceiveLag.name)).toBe(1.5);
  });
});
