// Over 250 lines: one suite over one lake of a million rows, written once in beforeAll; split, each
// file would write it again.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS, type SearchOkReply, type SearchReply, type SearchRequestInput } from '@rireki/contracts';
import { QUERY_EVENTS } from '@rireki/query';
import { createSearchClient, type SearchClient, SearchReplyError } from '@rireki/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalQueues, queueDepth, startLocalQueues, waitForDrain } from '../support/localQueues.js';
import {
  collectReplies,
  type RawSearchRequest,
  replyAttributes,
  sendRequests,
} from '../support/searchTraffic.js';
import { writeSyntheticPartition } from '../support/syntheticLake.js';
import { loggedAtLeast, startQueryProcess, type WorkerProcess } from '../support/workerProcess.js';
import { type BadSearchRequest, badSearchCorpus } from './badSearchCorpus.js';

const FLOOD = 1_000;
const FLOOD_MAX_WAIT_MS = 500;
const TIMEOUT_MS = 300;
const SHOP_ROWS = 5_000;
const USERS = 50;
const HEAVY_ROWS = 1_000_000;
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'] as const;
const HEAVY_DAY = '2026-11-10';

const range = (dt: string, days = 1) => ({
  from: `${dt}T00:00:00Z`,
  to: new Date(Date.parse(`${dt}T00:00:00Z`) + days * 86_400_000).toISOString(),
});

/** The newest `limit` event ids of one user on one day of the synthetic shop partitions. */
function newestOfUser(dt: string, user: number, limit: number): string[] {
  const last = SHOP_ROWS - USERS + user;
  return Array.from({ length: limit }, (_, n) => `shop-${dt}-${last - n * USERS}`);
}

/** One user's newest five of one day, with a total. */
function userSearch(dt: string, user: number): SearchRequestInput {
  return { app: 'shop', ...range(dt), filters: { userId: `u${user}` }, limit: 5, includeTotal: true };
}

/** Whether a page is exactly the answer to userSearch(dt, user). */
function isRightPage(reply: Omit<SearchOkReply, 'ok'>, dt: string, user: number): boolean {
  const ids = reply.rows.map((row) => row.eventId);
  return (
    reply.total === SHOP_ROWS / USERS &&
    JSON.stringify(ids) === JSON.stringify(newestOfUser(dt, user, 5)) &&
    reply.rows.every((row) => row.userId === `u${user}`)
  );
}

/**
 * The query side under faults, through the real query worker process and the embedded SQS
 * endpoint: a flood of 1,000 searches at once, corrupt Parquet files, searches past their time
 * budget, and several hundred malformed requests. Every request with a usable ReplyTo and
 * CorrelationId gets exactly one reply with a clear code, and the worker never dies.
 */
describe('query side under faults', () => {
  let local: LocalQueues;
  let dataDir: string;
  let worker: WorkerProcess | undefined;
  let client: SearchClient | undefined;

  const startWorker = async (env: Record<string, string>) => {
    const started = startQueryProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.search,
      dataDir,
      env: { [ENV_KEYS.logLevel]: 'info', ...env },
    });
    await waitFor('the query worker', () => started.logs.some((l) => l.event === QUERY_EVENTS.started));
    worker = started;
    return started;
  };
  /** The worker must still be running; it then drains and exits 0 on SIGTERM. */
  const stopWorker = async () => {
    const running = worker;
    worker = undefined;
    if (running === undefined) return;
    expect(running.child.exitCode).toBeNull();
    running.child.kill('SIGTERM');
    expect((await running.exited).code).toBe(0);
  };
  const replyQueue = async (name: string) =>
    (await local.sqs.send(new CreateQueueCommand({ QueueName: `${name}-${randomBytes(3).toString('hex')}` })))
      .QueueUrl ?? '';
  const search = (request: SearchRequestInput) =>
    (client as SearchClient).search(request, { timeoutMs: 20_000 }).catch((error: unknown) => error);
  /** A search through the SDK that must come back with exactly its rows. */
  const expectRightPage = async (dt: string, user: number) => {
    const page = await search(userSearch(dt, user));
    expect(page).not.toBeInstanceOf(Error);
    expect(isRightPage(page as Omit<SearchOkReply, 'ok'>, dt, user)).toBe(true);
  };

  beforeAll(async () => {
    local = await startLocalQueues();
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-query-faults-'));
    for (const dt of DAYS) await writeSyntheticPartition(dataDir, { app: 'shop', dt, rows: SHOP_ROWS });
    await writeSyntheticPartition(dataDir, { app: 'blog', dt: DAYS[0], rows: 600 });
    // Rows with long params, so that a text search with a total reads about half a gigabyte.
    await writeSyntheticPartition(dataDir, {
      app: 'heavy',
      dt: HEAVY_DAY,
      rows: HEAVY_ROWS,
      columns: { params: `'{"q":"' || repeat('lorem ipsum dolor ', 30) || i || '"}'` },
    });
    client = await createSearchClient({ sqs: local.sqs, searchQueueUrl: local.queues.search });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await local?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  describe('requests that waited past the limit before a worker could take them', () => {
    afterAll(stopWorker);

    it('are all refused BUSY, with their wait, and none runs on the engine', async () => {
      // No worker runs while they are sent, so each one's wait is known to pass the limit whatever
      // the machine's speed: this is the deterministic half of the flood below.
      const replyQueues = [await replyQueue('aged-reply')];
      const requests: RawSearchRequest[] = Array.from({ length: 20 }, (_, k) => ({
        body: JSON.stringify(userSearch(DAYS[0] as string, k % USERS)),
        attributes: replyAttributes(replyQueues[0] as string, `aged-${k}`),
      }));
      const sentAt = Date.now();
      expect((await sendRequests(local.sqs, local.queues.search, requests)).size).toBe(0);
      await waitFor(
        'every request older than the limit',
        () => Date.now() - sentAt > FLOOD_MAX_WAIT_MS + 100,
        {
          intervalMs: 20,
        },
      );

      const aged = await startWorker({ [ENV_KEYS.searchMaxWaitMs]: String(FLOOD_MAX_WAIT_MS) });
      const collected = await collectReplies(
        local.sqs,
        replyQueues,
        new Set(requests.map((_, k) => `aged-${k}`)),
        30_000,
      );

      expect(collected.byId.size).toBe(20);
      for (const [reply] of collected.byId.values()) {
        expect(reply && !reply.ok && reply.error.code).toBe('BUSY');
      }
      const busyLogs = await loggedAtLeast(aged, QUERY_EVENTS.busy, 20);
      expect(busyLogs).toHaveLength(20);
      expect(busyLogs.every((l) => Number(l.waitedMs) > FLOOD_MAX_WAIT_MS)).toBe(true);
      expect(aged.logs.filter((l) => l.event === QUERY_EVENTS.answered)).toEqual([]);
    });
  });

  describe(`a flood of ${FLOOD} searches sent at once`, () => {
    let flood: WorkerProcess;
    beforeAll(async () => {
      flood = await startWorker({ [ENV_KEYS.searchMaxWaitMs]: String(FLOOD_MAX_WAIT_MS) });
    });
    afterAll(stopWorker);

    it('answers every one exactly once, correct or BUSY, drains the queue, and keeps answering', async () => {
      const replyQueues = await Promise.all([1, 2, 3, 4].map((n) => replyQueue(`flood-reply-${n}`)));
      const requests: RawSearchRequest[] = Array.from({ length: FLOOD }, (_, k) => ({
        body: JSON.stringify(userSearch(DAYS[k % 2] as string, k % USERS)),
        attributes: replyAttributes(replyQueues[k % replyQueues.length] as string, `flood-${k}`),
      }));
      const ids = new Set(requests.map((_, k) => `flood-${k}`));

      const started = Date.now();
      const refused = await sendRequests(local.sqs, local.queues.search, requests);
      const sentMs = Date.now() - started;
      const collected = await collectReplies(local.sqs, replyQueues, ids, 60_000);
      const answeredMs = Date.now() - started;
      await waitForDrain(local.sqs, local.queues.search, 30_000);
      // Anything still on its way after the drain would be a second reply.
      const late = await collectReplies(local.sqs, replyQueues, new Set(['none']), 1_500);

      expect(refused.size).toBe(0);
      const replies = [...collected.byId.values()];
      const counts = { ok: 0, busy: 0, wrong: 0, other: 0 };
      for (const [id, [reply]] of collected.byId) {
        const k = Number(id.slice('flood-'.length));
        if (reply?.ok && 'rows' in reply) {
          if (isRightPage(reply, DAYS[k % 2] as string, k % USERS)) counts.ok++;
          else counts.wrong++;
        } else if (reply && !reply.ok && reply.error.code === 'BUSY') counts.busy++;
        else counts.other++;
      }
      console.info(
        `query flood: ${FLOOD} sent in ${sentMs} ms; ${collected.byId.size} answered within ${answeredMs} ms: ` +
          `${counts.ok} ok, ${counts.busy} BUSY (limit ${FLOOD_MAX_WAIT_MS} ms), ${counts.wrong} wrong, ${counts.other} other`,
      );
      expect(collected.byId.size).toBe(FLOOD);
      expect(collected.unexpected).toBe(0);
      expect(replies.filter((r) => r.length !== 1)).toEqual([]);
      expect(late.byId.size).toBe(0);
      expect(counts.wrong).toBe(0);
      expect(counts.other).toBe(0);
      expect(counts.ok).toBeGreaterThan(0);
      expect(counts.busy).toBeGreaterThan(0);
      expect(counts.ok + counts.busy).toBe(FLOOD);
      // Each refusal is logged once, with how long the request waited.
      const busyLogs = await loggedAtLeast(flood, QUERY_EVENTS.busy, counts.busy);
      expect(busyLogs).toHaveLength(counts.busy);
      expect(busyLogs.every((l) => Number(l.waitedMs) > FLOOD_MAX_WAIT_MS)).toBe(true);
      expect(await loggedAtLeast(flood, QUERY_EVENTS.answered, counts.ok)).toHaveLength(counts.ok);
      const busyReply = replies.flat().find((r) => !r.ok) as Extract<SearchReply, { ok: false }>;
      expect(busyReply.error.message).toMatch(
        /^the search service is overloaded; the request waited \d+ ms in the queue \(limit 500 ms\); try again later$/,
      );

      await expectRightPage(DAYS[1], 7);
      expect(flood.child.exitCode).toBeNull();
    });
  });

  describe('engine errors and malformed requests', () => {
    let general: WorkerProcess;
    beforeAll(async () => {
      general = await startWorker({});
    });
    afterAll(stopWorker);

    it('answers ENGINE_ERROR for a corrupt Parquet file, without engine text, and keeps serving other partitions', async () => {
      const [garbageDay, truncatedDay] = [DAYS[2], DAYS[3]];
      const intact = await search({ app: 'shop', ...range(truncatedDay), includeTotal: true, limit: 1 });
      expect((intact as { total?: number }).total).toBe(SHOP_ROWS);
      const shopDir = join(dataDir, 'lake', 'action_logs', 'app=shop');
      await writeFile(join(shopDir, `dt=${garbageDay}`, 'zz-garbage.parquet'), randomBytes(4096));
      const whole = await writeSyntheticPartition(dataDir, { app: 'shop', dt: truncatedDay, rows: 10 });
      const bytes = await readFile(whole);
      await writeFile(join(dirname(whole), 'zz-truncated.parquet'), bytes.subarray(0, bytes.length >> 1));

      const outcomes = await Promise.all([
        search({ app: 'shop', ...range(garbageDay) }),
        search({ app: 'shop', ...range(truncatedDay), includeTotal: true }),
        search({ app: ['shop', 'blog'], ...range(DAYS[0], 4), text: 'orders' }),
      ]);
      const healthy = await Promise.all([
        search({ app: 'shop', ...range(DAYS[0], 2), includeTotal: true, limit: 1 }),
        search({ app: 'blog', ...range(DAYS[0]), includeTotal: true, limit: 1 }),
      ]);

      for (const outcome of outcomes) {
        expect(outcome).toBeInstanceOf(SearchReplyError);
        const error = outcome as SearchReplyError;
        expect(error.searchCode).toBe('ENGINE_ERROR');
        for (const leak of [dataDir, '.parquet', 'zz-', 'duckdb', 'DuckDB', 'magic', 'Error:', 'IO']) {
          expect(error.message).not.toContain(leak);
        }
      }
      expect(healthy.map((page) => (page as { total?: number }).total)).toEqual([2 * SHOP_ROWS, 600]);
      const failed = general.logs.filter((l) => l.event === QUERY_EVENTS.failed && l.code === 'ENGINE_ERROR');
      expect(failed).toHaveLength(outcomes.length);
      // The operator's log keeps the engine's own words.
      expect(failed.every((l) => String(l.cause).includes('parquet'))).toBe(true);
      expect(general.child.exitCode).toBeNull();
    });

    it('answers every malformed request once with the right code, drops the unanswerable with a reason, and survives', async () => {
      const replyTo = await replyQueue('malformed-reply');
      const cursorPage = await search({ app: 'shop', ...range(DAYS[0]), limit: 1 });
      const corpus = badSearchCorpus({
        replyTo,
        missingQueueUrl: replyTo.replace(/[^/]+$/, 'no-such-reply-queue'),
        app: 'shop',
        ...range(DAYS[0]),
        cursor: (cursorPage as { nextCursor: string }).nextCursor,
      });
      const answerable = corpus.filter(
        (r): r is BadSearchRequest & { correlationId: string } =>
          r.correlationId !== null && !('refusedBySqs' in r.outcome),
      );
      const droppedBefore = general.logs.filter((l) => l.event === QUERY_EVENTS.dropped).length;

      const refused = await sendRequests(local.sqs, local.queues.search, corpus);
      const collected = await collectReplies(
        local.sqs,
        [replyTo],
        new Set(answerable.map((r) => r.correlationId)),
        60_000,
      );
      await waitForDrain(local.sqs, local.queues.search, 30_000);
      const late = await collectReplies(local.sqs, [replyTo], new Set(['none']), 1_500);

      const mismatches: string[] = [];
      corpus.forEach((request, index) => {
        const outcome = request.outcome;
        if ('refusedBySqs' in outcome) {
          if (!refused.has(index)) mismatches.push(`${index} ${request.kind}: SQS took it`);
          return;
        }
        if (refused.has(index)) {
          mismatches.push(`${index} ${request.kind}: SQS refused it (${refused.get(index)})`);
          return;
        }
        if ('dropped' in outcome) return;
        const replies = collected.byId.get(request.correlationId ?? '') ?? [];
        const reply = replies[0];
        if (replies.length !== 1) mismatches.push(`${index} ${request.kind}: ${replies.length} replies`);
        else if ('code' in outcome && (reply?.ok !== false || reply.error.code !== outcome.code)) {
          mismatches.push(`${index} ${request.kind}: ${JSON.stringify(reply).slice(0, 200)}`);
        } else if ('empty' in outcome && !(reply?.ok && 'rows' in reply && reply.rows.length === 0)) {
          mismatches.push(`${index} ${request.kind}: ${JSON.stringify(reply).slice(0, 200)}`);
        }
      });
      const dropLogs = general.logs.filter((l) => l.event === QUERY_EVENTS.dropped).slice(droppedBefore);
      const expectedDrops = corpus.filter((r) => 'dropped' in r.outcome);
      const byCode = new Map<string, number>();
      for (const replies of collected.byId.values()) {
        const reply = replies[0];
        const code = reply === undefined ? 'none' : reply.ok ? 'ok (no rows)' : reply.error.code;
        byCode.set(code, (byCode.get(code) ?? 0) + 1);
      }
      console.info(
        `query malformed: ${corpus.length} sent (${new Set(corpus.map((r) => r.kind)).size} kinds); ` +
          `${refused.size} refused by SQS; ${collected.byId.size} answered: ${JSON.stringify(Object.fromEntries(byCode))}; ` +
          `${dropLogs.length} dropped with a logged reason`,
      );

      expect(corpus.length).toBeGreaterThanOrEqual(300);
      expect(mismatches).toEqual([]);
      expect(collected.unexpected).toBe(0);
      expect(late.byId.size).toBe(0);
      expect(dropLogs).toHaveLength(expectedDrops.length);
      const reasons = expectedDrops.map((r) => ('dropped' in r.outcome ? r.outcome.dropped : ''));
      for (const reason of new Set(reasons)) {
        const logged = dropLogs.filter((l) => String(l.reason).startsWith(reason)).length;
        expect(logged, reason).toBe(reasons.filter((r) => r === reason).length);
      }
      expect(await queueDepth(local.sqs, local.queues.searchDlq)).toEqual({
        visible: 0,
        inFlight: 0,
        delayed: 0,
      });
      expect(
        general.logs.filter((l) =>
          ([QUERY_EVENTS.replyFailed, QUERY_EVENTS.receiveFailed] as string[]).includes(String(l.event)),
        ),
      ).toEqual([]);
      await expectRightPage(DAYS[0], 3);
      expect(general.child.exitCode).toBeNull();
    });
  });

  describe('searches past their time budget', () => {
    let timed: WorkerProcess;
    beforeAll(async () => {
      timed = await startWorker({ [ENV_KEYS.searchTimeoutMs]: String(TIMEOUT_MS) });
    });
    afterAll(stopWorker);

    it('answers TIMEOUT, and the next search normally', async () => {
      await expectRightPage(DAYS[1], 8);
      const heavy = { app: 'heavy', ...range(HEAVY_DAY), text: 'needle', includeTotal: true } as const;

      const started = Date.now();
      const first = await search(heavy);
      const firstMs = Date.now() - started;
      // More heavy searches than the engine has connections: a query left running would hold one.
      const many = await Promise.all(Array.from({ length: 6 }, () => search(heavy)));

      console.info(
        `query timeout: budget ${TIMEOUT_MS} ms; a heavy search answered TIMEOUT after ${firstMs} ms`,
      );
      for (const outcome of [first, ...many]) {
        expect(outcome).toBeInstanceOf(SearchReplyError);
        expect((outcome as SearchReplyError).searchCode).toBe('TIMEOUT');
        expect((outcome as SearchReplyError).message).toBe(
          'TIMEOUT: the search did not finish within its time budget',
        );
      }
      await expectRightPage(DAYS[1], 9);
      expect(await loggedAtLeast(timed, QUERY_EVENTS.failed, 7, (l) => l.code === 'TIMEOUT')).toHaveLength(7);
      expect(timed.child.exitCode).toBeNull();
    });
  });
});
