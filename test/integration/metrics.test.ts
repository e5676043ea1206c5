import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { readPrometheusText } from '@rireki/adapters';
import { waitFor } from '@rireki/adapters/testing';
import { INGEST_METRICS } from '@rireki/ingest';
import { QUERY_METRICS } from '@rireki/query';
import { createSearchClient, SearchReplyError } from '@rireki/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ObservedStack, startObservedStack } from '../support/observedStack.js';
import { stackQueueUrls } from '../support/stackClient.js';

/** The stack's workers' Prometheus endpoints, scraped as an operator's Prometheus would. */
describe('worker metrics on the local stack', () => {
  let observed: ObservedStack;
  let sqs: SQSClient;
  let port: number;
  let ports: ObservedStack['metricsPorts'];
  const scrape = async (worker: keyof typeof ports) => {
    const response = await fetch(`http://127.0.0.1:${ports[worker]}/metrics`);
    return readPrometheusText(await response.text());
  };
  const sample = async (worker: keyof typeof ports, series: string) =>
    (await scrape(worker)).get(series) ?? 0;

  beforeAll(async () => {
    observed = await startObservedStack('rireki-metrics-');
    ({ sqs, port, metricsPorts: ports } = observed);
  }, 90_000);

  afterAll(async () => {
    await observed?.close();
  });

  it('prints each endpoint in the banner, and every worker reports itself up', async () => {
    expect(observed.stack.output()).toContain(
      `metrics        ingest http://127.0.0.1:${ports.ingest}/metrics  query http://127.0.0.1:${ports.query}/metrics  maintenance http://127.0.0.1:${ports.maintenance}/metrics`,
    );
    for (const worker of ['ingest', 'query', 'maintenance'] as const) {
      expect(await sample(worker, 'rireki_worker_up')).toBe(1);
      const health = await fetch(`http://127.0.0.1:${ports[worker]}/health`);
      expect(await health.json()).toMatchObject({ worker, status: 'ok' });
    }
  });

  it('counts accepted and quarantined events, deleted messages, flushes and receive lag', async () => {
    const now = Date.now();
    const valid = Array.from({ length: 5 }, (_, i) => ({
      app: 'shop',
      occurredAt: now - i,
      path: `/metrics/${i}`,
      status: 200,
    }));
    const invalid = [
      { app: 'shop', path: '/no-time' },
      { app: 'NOT AN APP', occurredAt: now },
    ];

    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stackQueueUrls(port).ingest,
        Entries: [
          { Id: 'packed', MessageBody: JSON.stringify({ events: valid }) },
          { Id: 'bad', MessageBody: JSON.stringify({ events: invalid }) },
          { Id: 'unreadable', MessageBody: 'not json' },
        ],
      }),
    );
    expect(result.Failed ?? []).toEqual([]);

    await waitFor(
      'the three messages deleted',
      async () => (await sample('ingest', INGEST_METRICS.messagesDeleted.name)) === 3,
    );
    const samples = await scrape('ingest');
    expect(samples.get(INGEST_METRICS.eventsAccepted.name)).toBe(5);
    // Two invalid events and one undecodable message: three quarantine records.
    expect(samples.get(INGEST_METRICS.eventsQuarantined.name)).toBe(3);
    expect(samples.get(`${INGEST_METRICS.flushDuration.name}_count`)).toBeGreaterThanOrEqual(1);
    expect(samples.get(`${INGEST_METRICS.receiveLag.name}_count`)).toBeGreaterThanOrEqual(1);
    expect(samples.get(INGEST_METRICS.lastReceiveLag.name)).toBeLessThan(30);
    expect(samples.get(INGEST_METRICS.bufferedBytes.name)).toBe(0);
  });

  it('counts searches by outcome, with their duration and queue wait', async () => {
    const searches = QUERY_METRICS.searches.name;
    const client = await createSearchClient({ sqs, searchQueueUrl: stackQueueUrls(port).search });
    try {
      const page = await client.search({
        app: 'shop',
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(page.rows).toHaveLength(5);
      const refused = client.search({
        app: 'shop',
        from: '2020-01-01T00:00:00Z',
        to: '2026-01-01T00:00:00Z',
      });
      await expect(refused).rejects.toBeInstanceOf(SearchReplyError);
    } finally {
      await client.close();
    }

    const samples = await scrape('query');
    expect(samples.get(`${searches}{code="OK"}`)).toBe(1);
    expect(samples.get(`${searches}{code="INVALID_REQUEST"}`)).toBe(1);
    expect(samples.get(`${QUERY_METRICS.searchDuration.name}_count`)).toBe(2);
    expect(samples.get(`${QUERY_METRICS.queueWait.name}_count`)).toBe(2);
  });
});
