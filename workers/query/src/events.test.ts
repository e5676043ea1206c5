import { createLogger, createWorkerMetrics, readPrometheusText, workerProcessEvents } from '@rireki/adapters';
import { describe, expect, it } from 'vitest';
import { QUERY_EVENTS, QUERY_METRICS, queryEvents } from './events.js';

describe('query event names', () => {
  // Operators grep and alert on these names, and every other suite matches them through the
  // constants: the one place that spells them out, so that renaming one is a conscious change.
  it('are the names operators know', () => {
    expect(QUERY_EVENTS).toEqual({
      started: 'query.started',
      openAccess: 'query.access.open',
      anyReplyQueue: 'query.reply_queues.any',
      answered: 'query.search.answered',
      refused: 'query.search.refused',
      busy: 'query.search.busy',
      failed: 'query.search.failed',
      dropped: 'query.request.dropped',
      pointer: 'query.reply.pointer',
      replyFailed: 'query.reply.failed',
      receiveFailed: 'query.receive.failed',
      stopped: 'query.stopped',
    });
    expect(workerProcessEvents('query')).toEqual({
      signal: 'query.signal',
      startFailed: 'query.start.failed',
      stopFailed: 'query.stop.failed',
    });
  });
});

describe('query metrics', () => {
  const where = { messageId: 'm', replyTo: 'http://q', correlationId: 'c', receiveCount: 1, waitedMs: 200 };

  it('count each request once by its outcome, with its duration and queue wait', async () => {
    const metrics = createWorkerMetrics('query', QUERY_METRICS);
    const events = queryEvents(createLogger('test', 'silent'), metrics);

    events.answered({ ...where, elapsedMs: 40, rows: 3 });
    // A FORBIDDEN refusal logs why first, then the reply: one request, counted once.
    events.refused({ messageId: 'm', requester: 'app', reason: 'not granted' });
    events.refused({ ...where, elapsedMs: 10, code: 'FORBIDDEN', message: 'forbidden' });
    events.busy({ ...where, waitedMs: 20_000, maxWaitMs: 10_000 });
    events.dropped({ ...where, waitedMs: null, reason: 'CorrelationId is missing' });

    const samples = readPrometheusText(await metrics.registry.metrics());
    const searches = QUERY_METRICS.searches.name;
    expect(samples.get(`${searches}{code="OK"}`)).toBe(1);
    expect(samples.get(`${searches}{code="FORBIDDEN"}`)).toBe(1);
    expect(samples.get(`${searches}{code="BUSY"}`)).toBe(1);
    expect(samples.get(`${searches}{code="DROPPED"}`)).toBe(1);
    expect(samples.get(`${QUERY_METRICS.searchDuration.name}_count`)).toBe(2);
    expect(samples.get(`${QUERY_METRICS.searchDuration.name}_sum`)).toBeCloseTo(0.05);
    expect(samples.get(`${QUERY_METRICS.queueWait.name}_count`)).toBe(3);
    expect(samples.get(`${QUERY_METRICS.queueWait.name}_sum`)).toBeCloseTo(20.4);
  });
});
