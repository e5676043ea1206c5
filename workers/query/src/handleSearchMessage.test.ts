import {
  InvalidMessageContents,
  type Message,
  QueueDoesNotExist,
  type SendMessageCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SearchReply } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { QUERY_EVENTS, queryEvents } from './events.js';
import { handleSearchMessage, type SearchHandlerDeps } from './handleSearchMessage.js';
import { EmptyEngine } from './testing/EmptyEngine.js';
import { fixedCatalog } from './testing/fixedCatalog.js';

const NOW = Date.parse('2026-11-24T09:30:00Z');
const MAX_WAIT_MS = 1_000;
const REPLY_TO = 'http://127.0.0.1:4566/000000000000/rireki-reply-1';
const SEARCH = { app: 'shop', from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };

/** An SQS client whose SendMessage records its input, or throws what `fail` returns. */
function fakeSqs(fail: () => unknown = () => null) {
  const sent: SendMessageCommandInput[] = [];
  const sqs = {
    send: (command: { input: SendMessageCommandInput }) => {
      const error = fail();
      if (error) return Promise.reject(error);
      sent.push(command.input);
      return Promise.resolve({});
    },
  };
  return { sqs: sqs as unknown as SQSClient, sent };
}

const noStore: ObjectStore = {
  location: 'nowhere',
  put: () => Promise.reject(new Error('no large reply expected')),
  get: () => Promise.resolve(null),
  delete: () => Promise.reject(new Error('the query worker never deletes')),
  list: () => Promise.resolve([]),
  uriOf: (key) => `file:///nowhere/${key}`,
};

function setup(fail?: () => unknown) {
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const engine = new EmptyEngine();
  const { sqs, sent } = fakeSqs(fail);
  const deps: SearchHandlerDeps = {
    sqs,
    engine,
    store: noStore,
    catalog: fixedCatalog(),
    events: queryEvents(logger),
    clock: { now: () => NOW },
    config: {
      access: { mode: 'open' },
      replyQueues: null,
      maxSpanDays: 93,
      timeoutMs: 5_000,
      maxWaitMs: MAX_WAIT_MS,
      replyInlineMaxBytes: 240 * 1024,
    },
  };
  const replies = () => sent.map((input) => JSON.parse(input.MessageBody ?? '') as SearchReply);
  const events = (name: string) => logs.filter((line) => line.event === name);
  return { deps, engine, sent, replies, events };
}

function request(options: { waitedMs?: number; receiveCount?: number; body?: string } = {}): Message {
  const attributes: Record<string, string> = {};
  if (options.waitedMs !== undefined) attributes.SentTimestamp = String(NOW - options.waitedMs);
  if (options.receiveCount !== undefined) attributes.ApproximateReceiveCount = String(options.receiveCount);
  return {
    MessageId: 'request-1',
    Body: options.body ?? JSON.stringify(SEARCH),
    Attributes: attributes,
    MessageAttributes: {
      ReplyTo: { DataType: 'String', StringValue: REPLY_TO },
      CorrelationId: { DataType: 'String', StringValue: 'corr-1' },
    },
  };
}

describe('handleSearchMessage: BUSY by queue wait', () => {
  it('refuses a request that waited past the limit with BUSY, on its reply queue, without engine work', async () => {
    const { deps, engine, sent, replies, events } = setup();

    await handleSearchMessage(deps, request({ waitedMs: 4_200, receiveCount: 1 }));

    expect(engine.sources).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.QueueUrl).toBe(REPLY_TO);
    expect(sent[0]?.MessageAttributes?.CorrelationId?.StringValue).toBe('corr-1');
    expect(replies()).toEqual([
      {
        ok: false,
        error: {
          code: 'BUSY',
          message:
            'the search service is overloaded; the request waited 4200 ms in the queue (limit 1000 ms); try again later',
          details: { waitedMs: 4_200, maxWaitMs: 1_000 },
        },
      },
    ]);
    expect(events(QUERY_EVENTS.busy)).toMatchObject([
      { correlationId: 'corr-1', waitedMs: 4_200, maxWaitMs: 1_000, receiveCount: 1 },
    ]);
    expect(events(QUERY_EVENTS.answered)).toEqual([]);
  });

  it('answers a request within the limit on the engine', async () => {
    const { deps, engine, replies, events } = setup();

    await handleSearchMessage(deps, request({ waitedMs: MAX_WAIT_MS, receiveCount: 1 }));

    expect(engine.sources).toHaveLength(1);
    expect(replies()).toMatchObject([{ ok: true, rows: [], nextCursor: null }]);
    expect(events(QUERY_EVENTS.busy)).toEqual([]);
  });

  it('judges a redelivered request by the time since its first send', async () => {
    const young = setup();
    const old = setup();

    await handleSearchMessage(young.deps, request({ waitedMs: 300, receiveCount: 4 }));
    await handleSearchMessage(old.deps, request({ waitedMs: 61_000, receiveCount: 2 }));

    expect(young.replies()).toMatchObject([{ ok: true }]);
    expect(old.replies()).toMatchObject([{ ok: false, error: { code: 'BUSY' } }]);
    expect(old.events(QUERY_EVENTS.busy)).toMatchObject([{ receiveCount: 2, waitedMs: 61_000 }]);
  });

  it('decides BUSY before reading the body', async () => {
    const { deps, replies } = setup();

    await handleSearchMessage(deps, request({ waitedMs: 5_000, body: '{not json' }));

    expect(replies()).toMatchObject([{ ok: false, error: { code: 'BUSY' } }]);
  });

  it('answers a request whose wait the queue did not report', async () => {
    const { deps, engine, replies } = setup();

    await handleSearchMessage(deps, request({}));

    expect(engine.sources).toHaveLength(1);
    expect(replies()).toMatchObject([{ ok: true }]);
  });
});

describe('handleSearchMessage: replies that cannot be sent', () => {
  it('drops, with its reason logged, a request whose reply queue no longer exists', async () => {
    const gone = new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} });
    const { deps, events } = setup(() => gone);

    await handleSearchMessage(deps, request({ waitedMs: 10 }));

    expect(events(QUERY_EVENTS.dropped)).toMatchObject([
      { correlationId: 'corr-1', reason: `reply queue does not exist: ${REPLY_TO}` },
    ]);
  });

  it('drops, with its reason logged, a reply SQS refuses for its content', async () => {
    const refused = new InvalidMessageContents({ message: 'Invalid characters found.', $metadata: {} });
    const { deps, events } = setup(() => refused);

    await handleSearchMessage(deps, request({ waitedMs: 10 }));

    expect(events(QUERY_EVENTS.dropped)).toMatchObject([
      { reason: `reply refused by SQS (InvalidMessageContents): ${REPLY_TO}` },
    ]);
  });

  it('logs a failure that may pass and throws, so the queue brings the request back', async () => {
    const { deps, events } = setup(() => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    await expect(handleSearchMessage(deps, request({ waitedMs: 10, receiveCount: 2 }))).rejects.toThrow(
      'socket hang up',
    );

    expect(events(QUERY_EVENTS.replyFailed)).toMatchObject([
      { correlationId: 'corr-1', receiveCount: 2, error: 'Error: socket hang up' },
    ]);
    expect(events(QUERY_EVENTS.dropped)).toEqual([]);
  });

  it.each([
    ['no ReplyTo', {}, 'ReplyTo is missing or not a queue URL'],
    ['a ReplyTo that is not a URL', { ReplyTo: 'rireki-reply-1' }, 'ReplyTo is missing or not a queue URL'],
    ['no CorrelationId', { ReplyTo: REPLY_TO }, 'CorrelationId is missing'],
    ['an empty CorrelationId', { ReplyTo: REPLY_TO, CorrelationId: '' }, 'CorrelationId is missing'],
  ])('drops a request with %s, even a late one, and sends nothing', async (_case, attributes, reason) => {
    const { deps, sent, events } = setup();
    const message: Message = {
      ...request({ waitedMs: 60_000 }),
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
    };

    await handleSearchMessage(deps, message);

    expect(sent).toEqual([]);
    expect(events(QUERY_EVENTS.dropped)).toMatchObject([{ reason }]);
  });
});
