// Over 250 lines: one suite over one query worker process and one lake, which every case shares;
// split, each file would start them again.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS, type SearchFilterValue, type SearchRequestInput, type SearchRow } from '@rireki/contracts';
import { QUERY_EVENTS } from '@rireki/query';
import { createSearchClient, type SearchClient, SearchReplyError } from '@rireki/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCount } from '../support/lake.js';
import { type LocalQueues, messagesOn, startLocalQueues } from '../support/localQueues.js';
import {
  byOrder,
  FIXTURE_DAYS,
  FIXTURE_START,
  type FixtureEvent,
  searchFixture,
  sendFixture,
} from '../support/searchFixture.js';
import {
  loggedAtLeast,
  startIngestProcess,
  startQueryProcess,
  type WorkerProcess,
} from '../support/workerProcess.js';

const FROM = new Date(FIXTURE_START).toISOString();
const TO = new Date(FIXTURE_START + FIXTURE_DAYS * 86_400_000).toISOString();
const ALL: SearchRequestInput = { app: ['shop', 'blog'], from: FROM, to: TO };

const events = searchFixture();
/** Events that were sent twice: the lake holds two rows for each. */
const duplicated = events.filter((_, i) => i % 97 === 0);

async function everyRow(
  client: SearchClient,
  request: SearchRequestInput,
): Promise<{ rows: SearchRow[]; total: number | undefined }> {
  const rows: SearchRow[] = [];
  let total: number | undefined;
  for await (const page of client.pages({ limit: 1000, ...request, includeTotal: true })) {
    total ??= page.total;
    rows.push(...page.rows);
  }
  return { rows, total };
}

describe('search over SQS: query worker, client SDK, local lake', () => {
  let local: LocalQueues;
  let dataDir: string;
  let query: WorkerProcess;
  let client: SearchClient;

  beforeAll(async () => {
    local = await startLocalQueues();
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-search-'));
    // The lake is filled through the real ingest path, duplicates included.
    const ingest = startIngestProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.ingest,
      dataDir,
      env: { [ENV_KEYS.flushMaxAgeMs]: '300' },
    });
    await sendFixture(local.sqs, local.queues.ingest, [...events, ...duplicated]);
    const expectedRows = events.length + duplicated.length;
    await waitFor(
      'the fixture in the lake',
      async () => (await rowCount(join(dataDir, 'lake'))) === expectedRows,
      {
        timeoutMs: 60_000,
      },
    );
    ingest.child.kill('SIGTERM');
    await ingest.exited;
    query = startQueryProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.search,
      dataDir,
      env: { [ENV_KEYS.replyInlineMaxBytes]: String(64 * 1024) },
    });
    await waitFor('the query worker', () => query.logs.some((l) => l.event === QUERY_EVENTS.started));
    client = await createSearchClient({
      sqs: local.sqs,
      searchQueueUrl: local.queues.search,
      timeoutMs: 30_000,
    });
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    if (query && query.child.exitCode === null) {
      query.child.kill('SIGTERM');
      await query.exited;
    }
    await local?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the classic history search: one user, a date range, newest first, paged, with a total', async () => {
    const from = '2026-11-03T00:00:00Z';
    const to = '2026-11-10T00:00:00Z';
    const expected = events
      .filter(
        (e) =>
          e.app === 'shop' &&
          e.userId === 'u7' &&
          e.occurredAt >= from.replace('Z', '.000Z') &&
          Date.parse(e.occurredAt) < Date.parse(to),
      )
      .sort(byOrder('desc'));

    const first = await client.search({
      app: 'shop',
      from,
      to,
      filters: { userId: 'u7' },
      limit: 20,
      includeTotal: true,
    });
    const second = await client.search({
      app: 'shop',
      from,
      to,
      filters: { userId: 'u7' },
      limit: 20,
      cursor: first.nextCursor ?? '',
    });

    expect(first.total).toBe(expected.length);
    expect(first.rows.map((r) => r.eventId)).toEqual(expected.slice(0, 20).map((e) => e.eventId));
    expect(second.rows.map((r) => r.eventId)).toEqual(expected.slice(20, 40).map((e) => e.eventId));
    expect(first.stats.engine).toBe('duckdb');
    // The row is the event as the app sent it (ids and attribute values as text), plus receivedAt.
    const sent = expected[0] as FixtureEvent;
    const { receivedAt, ...row } = first.rows[0] as SearchRow;
    expect(row).toEqual({
      ...sent,
      occurredAt: new Date(sent.occurredAt).toISOString(),
      userId: String(sent.userId),
      attributes: Object.fromEntries(
        Object.entries(sent.attributes).map(([key, value]) => [key, String(value)]),
      ),
    });
    expect(typeof receivedAt).toBe('string');
  });

  it.each(['desc', 'asc'] as const)(
    'pages through 10,600 rows %s, every row exactly once, duplicates folded',
    async (order) => {
      const { rows, total } = await everyRow(client, { ...ALL, order });

      const expected = [...events].sort(byOrder(order));
      expect(total).toBe(events.length);
      expect(rows.map((r) => `${r.app}/${r.eventId}`)).toEqual(expected.map((e) => `${e.app}/${e.eventId}`));
    },
  );

  const filterCases: Array<[string, Record<string, SearchFilterValue>, (e: FixtureEvent) => boolean]> = [
    ['userId equals a string', { userId: 'u7' }, (e) => e.userId === 'u7'],
    ['userId equals a number', { userId: 1000 }, (e) => e.userId === 1000],
    ['method any of', { method: ['PUT', 'DELETE'] }, (e) => e.method === 'PUT' || e.method === 'DELETE'],
    ['status any of', { status: [404, 500] }, (e) => e.status === 404 || e.status === 500],
    ['status gte', { status: { gte: 500 } }, (e) => e.status >= 500],
    ['durationMs range', { durationMs: { gt: 50, lte: 60 } }, (e) => e.durationMs > 50 && e.durationMs <= 60],
    ['path prefix', { path: { prefix: '/orders/1' } }, (e) => e.path.startsWith('/orders/1')],
    ['path contains', { path: { contains: 'ducts/2' } }, (e) => e.path.includes('ducts/2')],
    ['eventId any of', { eventId: ['s-1', 's-2', 'b-3'] }, (e) => ['s-1', 's-2', 'b-3'].includes(e.eventId)],
    ['ip equals', { ip: '10.0.1.1' }, (e) => e.ip === '10.0.1.1'],
    ['userAgent contains', { userAgent: { contains: 'Firefox' } }, (e) => e.userAgent.includes('Firefox')],
    ['action equals', { action: 'OrderController@show' }, (e) => e.action === 'OrderController@show'],
    ['attribute equals', { 'attributes.orderId': 'ORD-17' }, (e) => e.attributes.orderId === 'ORD-17'],
    [
      'attribute numeric range',
      { 'attributes.total': { gte: 990 } },
      (e) => Number(e.attributes.total) >= 990,
    ],
    ['attribute boolean', { 'attributes.vip': true }, (e) => e.attributes.vip === true],
    ['two filters together', { method: 'POST', status: 404 }, (e) => e.method === 'POST' && e.status === 404],
  ];

  it.each(filterCases)('filters: %s', async (_name, filters, predicate) => {
    const { rows, total } = await everyRow(client, { ...ALL, filters });

    const expected = events.filter(predicate).sort(byOrder('desc'));
    expect(expected.length).toBeGreaterThan(0);
    expect(total).toBe(expected.length);
    expect(rows.map((r) => r.eventId)).toEqual(expected.map((e) => e.eventId));
  });

  it('finds text case-insensitively in path, action and params', async () => {
    const { rows, total } = await everyRow(client, { ...ALL, text: 'TERM1' });

    const expected = events.filter((e) =>
      [e.path, e.action, JSON.stringify(e.params)].some((t) => t.toLowerCase().includes('term1')),
    );
    expect(total).toBe(expected.length);
    expect(new Set(rows.map((r) => r.eventId))).toEqual(new Set(expected.map((e) => e.eventId)));
  });

  it('sends a reply too large for SQS through the results area, and the SDK follows the pointer', async () => {
    const page = await client.search({ ...ALL, limit: 500 });

    expect(page.rows).toHaveLength(500);
    const results = await readdir(join(dataDir, 'lake', 'results'), { recursive: true });
    expect(results.some((name) => name.endsWith('.json'))).toBe(true);
    expect(await loggedAtLeast(query, QUERY_EVENTS.pointer, 1)).not.toEqual([]);
  });

  it('answers 100 concurrent searches from one client, each with its own result', async () => {
    const users = Array.from({ length: 100 }, (_, i) => `u${i % 50}`);

    const pages = await Promise.all(
      users.map((userId) => client.search({ ...ALL, filters: { userId }, limit: 5, includeTotal: true })),
    );

    pages.forEach((page, i) => {
      const userId = users[i];
      expect(page.total).toBe(events.filter((e) => e.userId === userId).length);
      expect(page.rows.every((r) => r.userId === userId)).toBe(true);
    });
  });

  it('answers a histogram in Asia/Tokyo whose buckets add up to the search total, copies folded', async () => {
    const request = { ...ALL, filters: { status: { gte: 300, lt: 600 } } };
    const { total } = await everyRow(client, request);

    const histogram = await client.histogram({ ...request, interval: '1d', timeZone: 'Asia/Tokyo' });

    const failing = events.filter((e) => e.status >= 300);
    expect(total).toBe(failing.length);
    expect(histogram.total).toBe(total);
    expect(histogram.buckets).toHaveLength(FIXTURE_DAYS + 1);
    expect(histogram.buckets[0]).toMatchObject({
      start: '2026-10-31T15:00:00.000Z',
      end: '2026-11-01T15:00:00.000Z',
    });
    for (const bucket of histogram.buckets) {
      const inside = failing.filter((e) => e.occurredAt >= bucket.start && e.occurredAt < bucket.end);
      expect(bucket.count, bucket.start).toBe(inside.length);
    }
  });

  it('answers top values of the search, each event once, and lists the apps', async () => {
    const top = await client.topValues({ ...ALL, app: 'shop', fields: ['status', 'userId'], limit: 3 });
    const apps = await client.apps();

    const shop = events.filter((e) => e.app === 'shop');
    const statuses = new Map<number, number>();
    for (const e of shop) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
    const topStatuses = [...statuses]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value - b.value)
      .slice(0, 3);
    expect(top.total).toBe(shop.length);
    // Four statuses, three listed: the fourth's events are the others.
    expect(top.fields[0]).toEqual({
      field: 'status',
      values: topStatuses,
      others: shop.length - topStatuses.reduce((sum, value) => sum + value.count, 0),
    });
    expect(top.fields[0]?.others).toBeGreaterThan(0);
    expect(top.fields[1]?.values).toHaveLength(3);
    expect(apps).toEqual({ apps: ['blog', 'shop'], everyApp: true });
  });

  it('answers a bad request with every problem listed', async () => {
    const error = await client
      .search({
        app: 'Shop!',
        from: TO,
        to: FROM,
        limit: 5000,
        filters: { bogus: 1 },
      } as unknown as SearchRequestInput)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SearchReplyError);
    const { searchCode, details } = error as SearchReplyError;
    expect(searchCode).toBe('INVALID_REQUEST');
    expect((details as Array<{ path: string }>).map((p) => p.path).sort()).toEqual([
      'app',
      'filters.bogus',
      'from',
      'limit',
    ]);
  });

  it('drops a request whose ReplyTo is missing, without retrying it', async () => {
    await local.sqs.send(
      new SendMessageCommand({ QueueUrl: local.queues.search, MessageBody: JSON.stringify(ALL) }),
    );

    await waitFor('the drop to be logged', () => query.logs.some((l) => l.event === QUERY_EVENTS.dropped));
    // Deleted, not merely in flight: a message the worker kept would count as in flight here, and
    // a receive would not see it until its visibility timeout ran out.
    await waitFor(
      'the request deleted from the search queue',
      async () => (await messagesOn(local.sqs, local.queues.search)) === 0,
      { timeoutMs: 10_000 },
    );
  });

  it('returns no extra rows and no engine error text for SQL-injection strings in every string field', async () => {
    const corpus = [
      "' OR 1=1 --",
      "'; DROP TABLE action_logs; --",
      "shop' UNION SELECT * FROM read_parquet('/etc/passwd') --",
      '" OR ""="',
      "\\' OR 1=1 #",
      '%',
      '_',
      "' OR 'a'='a",
      '1); SELECT 1; --',
      '\u2019 OR 1=1 --',
      'x\u0000y',
      "$1' OR 1=1",
      `${"'".repeat(500)}`,
    ];
    for (const evil of corpus) {
      const requests: SearchRequestInput[] = [
        { ...ALL, filters: { userId: evil } },
        { ...ALL, filters: { path: { prefix: evil } } },
        { ...ALL, filters: { path: { contains: evil } } },
        { ...ALL, filters: { 'attributes.orderId': evil } },
        { ...ALL, filters: { method: [evil, 'x'] } },
        { ...ALL, text: evil },
      ];
      for (const request of requests) {
        const outcome = await client.search({ ...request, includeTotal: true }).catch((e: unknown) => e);
        if (outcome instanceof SearchReplyError) {
          expect(outcome.searchCode, `${evil}: ${outcome.message}`).toBe('INVALID_REQUEST');
          continue;
        }
        const page = outcome as Awaited<ReturnType<SearchClient['search']>>;
        // '%' and '_' are literal: no path or param of the fixture contains them.
        expect(page.total, JSON.stringify(request)).toBe(0);
        expect(page.rows).toEqual([]);
      }
    }
  });
});

describe('search access control (signed mode)', () => {
  const KEYS = { console: 'console-key-0123456789', ops: 'ops-key-0123456789abcd' };
  let local: LocalQueues;
  let dataDir: string;
  let query: WorkerProcess;
  let replyPrefix: string;

  beforeAll(async () => {
    local = await startLocalQueues();
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-access-'));
    const ingest = startIngestProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.ingest,
      dataDir,
      env: { [ENV_KEYS.flushMaxAgeMs]: '200' },
    });
    await sendFixture(
      local.sqs,
      local.queues.ingest,
      events.filter((_, i) => i % 20 === 0),
    );
    await waitFor(
      'rows',
      async () => (await rowCount(join(dataDir, 'lake'))) === Math.ceil(events.length / 20),
    );
    ingest.child.kill('SIGTERM');
    await ingest.exited;
    const probe = await local.sqs.send(new CreateQueueCommand({ QueueName: 'rireki-reply-probe' }));
    replyPrefix = (probe.QueueUrl ?? '').replace('rireki-reply-probe', 'rireki-reply-');
    query = startQueryProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.search,
      dataDir,
      env: {
        [ENV_KEYS.searchAccess]: 'signed',
        [ENV_KEYS.searchGrants]: JSON.stringify({ console: ['shop'], ops: '*' }),
        [ENV_KEYS.requesterKeys]: JSON.stringify(KEYS),
        [ENV_KEYS.replyQueues]: `${replyPrefix}*`,
      },
    });
    await waitFor('the query worker', () => query.logs.some((l) => l.event === QUERY_EVENTS.started));
  }, 120_000);

  afterAll(async () => {
    if (query && query.child.exitCode === null) {
      query.child.kill('SIGTERM');
      await query.exited;
    }
    await local?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const withClient = async <T>(
    options: { requester?: string; key?: string; replyQueueName?: string },
    use: (c: SearchClient) => Promise<T>,
  ) => {
    const client = await createSearchClient({
      sqs: local.sqs,
      searchQueueUrl: local.queues.search,
      timeoutMs: 10_000,
      ...(options.requester === undefined ? {} : { requester: options.requester }),
      ...(options.key === undefined ? {} : { key: options.key }),
      ...(options.replyQueueName === undefined ? {} : { replyQueueName: options.replyQueueName }),
    });
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  };
  const codeOf = (outcome: unknown) => (outcome instanceof SearchReplyError ? outcome.searchCode : 'ok');

  it('answers a granted requester for its granted apps only', async () => {
    const mine = await withClient({ requester: 'console', key: KEYS.console }, (c) =>
      c.search({ ...ALL, app: 'shop', includeTotal: true }),
    );
    const all = await withClient({ requester: 'ops', key: KEYS.ops }, (c) =>
      c.search({ ...ALL, includeTotal: true }),
    );

    expect(mine.total).toBe(events.filter((e, i) => i % 20 === 0 && e.app === 'shop').length);
    expect(all.total).toBe(Math.ceil(events.length / 20));
  });

  it.each([
    ['an unsigned request', {}, 'shop'],
    ['an unknown requester', { requester: 'intruder', key: 'intruder-key-0123456789' }, 'shop'],
    ['a signature made with another key', { requester: 'console', key: KEYS.ops }, 'shop'],
    ['an app not granted', { requester: 'console', key: KEYS.console }, 'blog'],
    ['a mix of granted and not granted apps', { requester: 'console', key: KEYS.console }, ['shop', 'blog']],
  ] as const)('refuses %s with FORBIDDEN, revealing nothing', async (_case, identity, app) => {
    const outcome = await withClient(identity, (c) =>
      c.search({ ...ALL, app: app as string | string[] }),
    ).catch((e: unknown) => e);

    expect(codeOf(outcome)).toBe('FORBIDDEN');
    expect((outcome as SearchReplyError).message).toBe(
      'FORBIDDEN: this requester may not search the requested apps',
    );
  });

  it('lists only the granted apps, and answers aggregates under the same grants', async () => {
    const viewer = { requester: 'console', key: KEYS.console };
    const listed = await withClient(viewer, (c) => c.apps());
    const everything = await withClient({ requester: 'ops', key: KEYS.ops }, (c) => c.apps());
    const histogram = await withClient(viewer, (c) => c.histogram({ ...ALL, app: 'shop' }));
    const refused = await withClient(viewer, (c) => c.topValues({ ...ALL, app: 'blog' })).catch(
      (e: unknown) => e,
    );
    const unsigned = await withClient({}, (c) => c.apps()).catch((e: unknown) => e);

    expect(listed).toEqual({ apps: ['shop'], everyApp: false });
    expect(everything).toEqual({ apps: ['blog', 'shop'], everyApp: true });
    expect(histogram.total).toBe(events.filter((e, i) => i % 20 === 0 && e.app === 'shop').length);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(codeOf(unsigned)).toBe('FORBIDDEN');
  });

  it('sends no reply to a queue outside the allowlist', async () => {
    const outcome = await withClient(
      { requester: 'ops', key: KEYS.ops, replyQueueName: 'elsewhere-reply' },
      (c) => c.search({ ...ALL }, { timeoutMs: 3_000 }),
    ).catch((e: unknown) => e);

    expect(codeOf(outcome)).toBe('TIMEOUT');
    expect(
      query.logs.some(
        (l) => l.event === QUERY_EVENTS.dropped && String(l.reason).includes('RIREKI_REPLY_QUEUES'),
      ),
    ).toBe(true);
  });
});
