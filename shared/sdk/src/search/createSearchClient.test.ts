import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  type QuarantineListReply,
  SEARCH_ATTRIBUTES,
  type SearchReply,
  verifySearchSignature,
} from '@rireki/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SqsHarness, startSqsHarness } from '../testing/sqsHarness.js';
import { createSearchClient, type SearchClient } from './createSearchClient.js';
import { SearchReplyError } from './SearchReplyError.js';

const REQUEST = { app: 'shop', from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };

/**
 * A stand-in query worker on the real embedded endpoint: answers each request on its ReplyTo queue
 * with whatever `answer` returns, so the client is tested through real SQS.
 */
function startResponder(
  h: SqsHarness,
  queueUrl: string,
  answer: (message: Message) => SearchReply | QuarantineListReply | null,
) {
  let running = true;
  const seen: Message[] = [];
  const loop = (async () => {
    while (running) {
      const received = await h.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      await Promise.all(
        (received.Messages ?? []).map(async (message) => {
          seen.push(message);
          const reply = answer(message);
          const replyTo = message.MessageAttributes?.[SEARCH_ATTRIBUTES.replyTo]?.StringValue ?? '';
          const correlationId =
            message.MessageAttributes?.[SEARCH_ATTRIBUTES.correlationId]?.StringValue ?? '';
          if (reply !== null) {
            await h.sqs.send(
              new SendMessageCommand({
                QueueUrl: replyTo,
                MessageBody: JSON.stringify(reply),
                MessageAttributes: {
                  [SEARCH_ATTRIBUTES.correlationId]: { DataType: 'String', StringValue: correlationId },
                },
              }),
            );
          }
          await h.sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle ?? '' }),
          );
        }),
      );
    }
  })();
  return {
    seen,
    async stop() {
      running = false;
      await loop;
    },
  };
}

const ok = (rows: Array<Record<string, unknown>>, nextCursor: string | null = null): SearchReply => ({
  ok: true,
  rows: rows.map((row) => ({
    app: 'shop',
    occurredAt: '2026-11-01T00:00:00.000Z',
    receivedAt: '2026-11-01T00:00:00.000Z',
    ...row,
  })) as never,
  nextCursor,
  stats: { engine: 'test', elapsedMs: 1 },
});

describe('createSearchClient', () => {
  let h: SqsHarness;
  let client: SearchClient | undefined;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    h = await startSqsHarness();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    for (const stop of stops.splice(0)) await stop();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('matches 100 concurrent searches to their own replies by CorrelationId', async () => {
    const searchQueue = await h.createQueue();
    const responder = startResponder(h, searchQueue, (message) => {
      const body = JSON.parse(message.Body ?? '{}') as { filters: { userId: string } };
      return ok([{ eventId: `for-${body.filters.userId}` }]);
    });
    stops.push(responder.stop);
    client = await createSearchClient({ sqs: h.sqs, searchQueueUrl: searchQueue });

    const pages = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client?.search({ ...REQUEST, filters: { userId: `u${i}` } })),
    );

    expect(pages.map((page) => page?.rows[0]?.eventId)).toEqual(
      Array.from({ length: 100 }, (_, i) => `for-u${i}`),
    );
  });

  it('follows nextCursor through every page and every row', async () => {
    const searchQueue = await h.createQueue();
    const responder = startResponder(h, searchQueue, (message) => {
      const cursor = (JSON.parse(message.Body ?? '{}') as { cursor?: string }).cursor;
      const page = cursor === undefined ? 0 : Number(cursor);
      return ok([{ eventId: `p${page}-a` }, { eventId: `p${page}-b` }], page < 2 ? String(page + 1) : null);
    });
    stops.push(responder.stop);
    client = await createSearchClient({ sqs: h.sqs, searchQueueUrl: searchQueue });

    const ids: string[] = [];
    for await (const row of client.rows(REQUEST)) ids.push(String(row.eventId));

    expect(ids).toEqual(['p0-a', 'p0-b', 'p1-a', 'p1-b', 'p2-a', 'p2-b']);
  });

  it('reads a reply stored behind a file:// pointer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rireki-pointer-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const stored = join(dir, 'reply.json');
    await writeFile(stored, JSON.stringify(ok([{ eventId: 'big' }])));
    const searchQueue = await h.createQueue();
    const responder = startResponder(h, searchQueue, () => ({
      ok: true,
      pointer: { location: pathToFileURL(stored).href, bytes: 10 },
    }));
    stops.push(responder.stop);
    client = await createSearchClient({ sqs: h.sqs, searchQueueUrl: searchQueue });

    const page = await client.search(REQUEST);

    expect(page.rows.map((row) => row.eventId)).toEqual(['big']);
  });

  it('lists the quarantine with kind quarantine.list, following a pointer, and rejects FORBIDDEN', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'rireki-pointer-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const stored = join(dir, 'reply.json');
    const record = {
      file: 'quarantine/dt=2026-11-01/a.jsonl',
      line: 3,
      app: 'shop',
      quarantinedAt: '2026-11-01T00:00:00.000Z',
      messageId: 'm-1',
      index: 0,
      reason: 'invalid-event',
      problems: [{ path: 'status', message: 'must be an integer' }],
      eventId: null,
      raw: '{"app":"shop"}',
      rawBytes: 14,
      rawTruncated: false,
      replayed: null,
    };
    await writeFile(
      stored,
      JSON.stringify({ ok: true, kind: 'quarantine.list', records: [record], nextCursor: null }),
    );
    const searchQueue = await h.createQueue();
    const responder = startResponder(h, searchQueue, (message) =>
      JSON.parse(message.Body ?? '{}').app === 'blog'
        ? { ok: false, error: { code: 'FORBIDDEN', message: 'no' } }
        : { ok: true, pointer: { location: pathToFileURL(stored).href, bytes: 10 } },
    );
    stops.push(responder.stop);
    client = await createSearchClient({ sqs: h.sqs, searchQueueUrl: searchQueue });

    // Act
    const page = await client.quarantine({ app: 'shop', from: '2026-11-01', to: '2026-11-02' });
    const refused = await client
      .quarantine({ app: 'blog', from: '2026-11-01', to: '2026-11-02' })
      .catch((error: unknown) => error);

    // Assess
    expect(page).toEqual({ records: [record], nextCursor: null });
    expect(JSON.parse(responder.seen[0]?.Body ?? '{}')).toEqual({
      app: 'shop',
      from: '2026-11-01',
      to: '2026-11-02',
      kind: 'quarantine.list',
    });
    expect(refused).toBeInstanceOf(SearchReplyError);
    expect(refused).toMatchObject({ searchCode: 'FORBIDDEN' });
  });

  it('rejects with the reply error code and details, and with TIMEOUT when no reply comes', async () => {
    const searchQueue = await h.createQueue();
    const responder = startResponder(h, searchQueue, (message) =>
      JSON.parse(message.Body ?? '{}').app === 'silent'
        ? null
        : {
            ok: false,
            error: {
              code: 'INVALID_REQUEST',
              message: 'limit: too big',
              details: [{ path: 'limit', message: 'too big' }],
            },
          },
    );
    stops.push(responder.stop);
    client = await createSearchClient({ sqs: h.sqs, searchQueueUrl: searchQueue });

    const invalid = await client.search(REQUEST).catch((e: unknown) => e);
    const silent = await client
      .search({ ...REQUEST, app: 'silent' }, { timeoutMs: 500 })
      .catch((e: unknown) => e);

    expect(invalid).toBeInstanceOf(SearchReplyError);
    expect(invalid).toMatchObject({
      searchCode: 'INVALID_REQUEST',
      details: [{ path: 'limit', message: 'too big' }],
      retryable: false,
    });
    expect(silent).toMatchObject({ searchCode: 'TIMEOUT', retryable: true });
  });

  it('signs requests with its key when given a requester', async () => {
    const searchQueue = await h.createQueue();
    const responder = startResponder(h, searchQueue, () => ok([]));
    stops.push(responder.stop);
    client = await createSearchClient({
      sqs: h.sqs,
      searchQueueUrl: searchQueue,
      requester: 'console',
      key: 'k'.repeat(20),
    });

    await client.search(REQUEST);

    const [sent] = responder.seen;
    const attr = (name: string) => sent?.MessageAttributes?.[name]?.StringValue ?? '';
    expect(attr('Requester')).toBe('console');
    expect(
      verifySearchSignature(
        'k'.repeat(20),
        attr('CorrelationId'),
        attr('ReplyTo'),
        sent?.Body ?? '',
        attr('Signature'),
      ),
    ).toBe(true);
  });

  it('deletes its reply queue on close', async () => {
    const searchQueue = await h.createQueue();
    client = await createSearchClient({
      sqs: h.sqs,
      searchQueueUrl: searchQueue,
      replyQueueName: 'rireki-reply-closing',
    });

    await client.close();
    client = undefined;

    const lookup = await h.sqs
      .send(new GetQueueUrlCommand({ QueueName: 'rireki-reply-closing' }))
      .catch((e: unknown) => e);
    expect(lookup).toBeInstanceOf(Error);
  });

  it('rejects a search whose request is still being sent when it closes, and nothing else', async () => {
    // Prepare: a client whose SendMessage waits until released, as on a slow network.
    const searchQueue = await h.createQueue();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sending: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      sending = resolve;
    });
    const slowSqs = new Proxy(h.sqs, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: Parameters<typeof target.send>[0]) => {
          if (command instanceof SendMessageCommand) {
            sending();
            await held;
          }
          return target.send(command);
        };
      },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const closing = await createSearchClient({ sqs: slowSqs, searchQueueUrl: searchQueue });

    // Act
    const search = closing.search(REQUEST).catch((error: unknown) => error);
    await sent;
    await closing.close();
    release();

    // Assess
    expect(await search).toMatchObject({ message: 'the search client was closed before the reply arrived' });
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
