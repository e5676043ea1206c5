import { workerProcessEvents } from '@rireki/adapters';
import { describe, expect, it } from 'vitest';
import { INGEST_EVENTS } from './events.js';

describe('ingest event names', () => {
  // Operators grep and alert on these names, and every other suite matches them through the
  // constants: the one place that spells them out, so that renaming one is a conscious change.
  it('are the names operators know', () => {
    expect(INGEST_EVENTS).toEqual({
      started: 'ingest.started',
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
