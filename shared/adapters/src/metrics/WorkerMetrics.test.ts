import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EMF_MAX_VALUES } from './EmfBuffer.js';
import { readPrometheusText } from './readPrometheusText.js';
import { serveMetrics } from './serveMetrics.js';
import { createWorkerMetrics } from './WorkerMetrics.js';

const DEFINITIONS = {
  accepted: { name: 'test_events_accepted_total', help: 'accepted', kind: 'counter', unit: 'Count' },
  searches: {
    name: 'test_searches_total',
    help: 'searches',
    kind: 'counter',
    unit: 'Count',
    labels: ['code'],
  },
  duration: {
    name: 'test_duration_seconds',
    help: 'duration',
    kind: 'histogram',
    unit: 'Seconds',
    buckets: [0.1, 1],
  },
  buffered: { name: 'test_buffered_bytes', help: 'buffered', kind: 'gauge', unit: 'Bytes' },
} as const;

/** A logger whose lines are kept, parsed. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('createWorkerMetrics', () => {
  it('keeps counters, labelled counters, histograms and read gauges in the Prometheus registry', async () => {
    const metrics = createWorkerMetrics('test', DEFINITIONS);
    let buffered = 10;
    metrics.track('buffered', () => buffered);

    metrics.count('accepted', 3);
    metrics.count('accepted');
    metrics.count('searches', 1, { code: 'OK' });
    metrics.count('searches', 1, { code: 'FORBIDDEN' });
    metrics.count('searches', 1, { code: 'OK' });
    metrics.observe('duration', 0.5);
    buffered = 42;

    const text = await metrics.registry.metrics();
    expect(text).toContain('test_events_accepted_total 4');
    expect(text).toContain('test_searches_total{code="OK"} 2');
    expect(text).toContain('test_searches_total{code="FORBIDDEN"} 1');
    expect(text).toContain('test_duration_seconds_bucket{le="0.1"} 0');
    expect(text).toContain('test_duration_seconds_bucket{le="1"} 1');
    expect(text).toContain('test_duration_seconds_count 1');
    expect(text).toContain('test_buffered_bytes 42');
    expect(text).toContain('rireki_worker_up 1');
    metrics.close();
  });

  it('writes EMF documents, one per label set, with increases, last gauges and observed values', async () => {
    const { logger, lines } = capturedLogger();
    const metrics = createWorkerMetrics('test', DEFINITIONS, {
      emf: { logger, intervalMs: 3_600_000, clock: { now: () => 1_700_000_000_000 } },
    });
    metrics.track('buffered', () => 7);
    metrics.count('accepted', 5);
    metrics.observe('duration', 0.25);
    metrics.observe('duration', 2);
    metrics.count('searches', 1, { code: 'BUSY' });

    metrics.close();

    await expect.poll(() => lines.length).toBe(2);
    const plain = lines.find((line) => line.code === undefined);
    expect(plain).toMatchObject({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Rireki',
            Dimensions: [['worker']],
            Metrics: expect.arrayContaining([
              { Name: 'test_events_accepted_total', Unit: 'Count' },
              { Name: 'test_duration_seconds', Unit: 'Seconds' },
              { Name: 'test_buffered_bytes', Unit: 'Bytes' },
              { Name: 'rireki_worker_up', Unit: 'None' },
            ]),
          },
        ],
      },
      worker: 'test',
      test_events_accepted_total: 5,
      test_duration_seconds: [0.25, 2],
      test_buffered_bytes: 7,
      rireki_worker_up: 1,
    });
    const labelled = lines.find((line) => line.code === 'BUSY');
    expect(labelled).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Dimensions: [['worker', 'code']] }] },
      test_searches_total: 1,
    });
  });

  it('sends counter increases, not totals, and flushes early when a histogram is full', async () => {
    const { logger, lines } = capturedLogger();
    const metrics = createWorkerMetrics('test', DEFINITIONS, { emf: { logger, intervalMs: 3_600_000 } });

    for (let i = 0; i < EMF_MAX_VALUES; i++) metrics.observe('duration', i);
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]?.test_duration_seconds).toHaveLength(EMF_MAX_VALUES);

    metrics.count('accepted', 2);
    metrics.close();
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[1]).toMatchObject({ test_events_accepted_total: 2 });
    expect(lines[1]).not.toHaveProperty('test_duration_seconds');
  });
});

describe('serveMetrics', () => {
  it('serves /metrics and /health on 127.0.0.1', async () => {
    const metrics = createWorkerMetrics('test', DEFINITIONS);
    metrics.count('accepted', 9);
    const server = await serveMetrics('test', metrics.registry, 0);
    try {
      const scraped = await fetch(`${server.url}/metrics`);
      expect(scraped.headers.get('content-type')).toContain('text/plain');
      expect(await scraped.text()).toContain('test_events_accepted_total 9');
      const health = await fetch(`${server.url}/health`);
      expect(await health.json()).toMatchObject({ worker: 'test', status: 'ok', pid: process.pid });
      expect((await fetch(`${server.url}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('readPrometheusText', () => {
  it('reads the samples of a registry, by series', async () => {
    const metrics = createWorkerMetrics('test', DEFINITIONS);
    metrics.count('accepted', 2);
    metrics.count('searches', 1, { code: 'OK' });
    metrics.observe('duration', 0.05);

    const samples = readPrometheusText(await metrics.registry.metrics());

    expect(samples.get('test_events_accepted_total')).toBe(2);
    expect(samples.get('test_searches_total{code="OK"}')).toBe(1);
    expect(samples.get('test_duration_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(samples.get('test_duration_seconds_sum')).toBe(0.05);
    expect(samples.has('# HELP test_events_accepted_total accepted')).toBe(false);
  });
});
