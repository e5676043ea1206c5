import type { Message, SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import { signSearchRequest } from '@rireki/contracts';
import type { ObjectStore } from '@rireki/ports';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AccessConfig } from './config.js';
import { queryEvents } from './events.js';
import { handleSearchMessage, type SearchHandlerDeps } from './handleSearchMessage.js';
import { EmptyEngine } from './testing/EmptyEngine.js';
import { fixedCatalog } from './testing/fixedCatalog.js';

// Which request a body is: a v1 search (no kind), the quarantine list, the apps list, a histogram or
// top values, and the grants on each.
const REPLY_TO = 'http://127.0.0.1:4566/000000000000/rireki-reply-1';
const KEY = 'k'.repeat(32);
const SEARCH = { app: 'shop', from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };
const LIST = { kind: 'quarantine.list', app: 'shop', from: '2026-11-01', to: '2026-11-02' };

/** A lake whose quarantine is listed, holding nothing; the prefixes listed are recorded. */
function emptyLake(listed: string[]): ObjectStore {
  return {
    location: 'nowhere',
    put: () => Promise.reject(new Error('no large reply expected')),
    get: () => Promise.resolve(null),
    delete: () => Promise.reject(new Error('never deletes')),
    list: (prefix) => {
      listed.push(prefix);
      return Promise.resolve([]);
    },
    uriOf: (key) => `file:///nowhere/${key}`,
  };
}

async function answer(body: unknown, access: AccessConfig, requester?: string) {
  const sent: SendMessageCommandInput[] = [];
  const sqs = {
    send: (command: { input: SendMessageCommandInput }) => {
      sent.push(command.input);
      return Promise.resolve({});
    },
  } as unknown as SQSClient;
  const engine = new EmptyEngine();
  const listed: string[] = [];
  const deps: SearchHandlerDeps = {
    sqs,
    engine,
    store: emptyLake(listed),
    catalog: fixedCatalog([
      { app: 'shop', dt: '2026-11-01' },
      { app: 'blog', dt: '2026-11-01' },
      { app: 'shop', dt: '2026-11-02' },
    ]),
    events: queryEvents(pino({ level: 'silent' })),
    clock: { now: () => Date.parse('2026-11-24T09:30:00Z') },
    config: {
      access,
      replyQueues: null,
      maxSpanDays: 93,
      timeoutMs: 5_000,
      maxWaitMs: 10_000,
      replyInlineMaxBytes: 240 * 1024,
    },
  };
  const text = JSON.stringify(body);
  const attributes: Message['MessageAttributes'] = {
    ReplyTo: { DataType: 'String', StringValue: REPLY_TO },
    CorrelationId: { DataType: 'String', StringValue: 'corr-1' },
  };
  if (requester !== undefined) {
    attributes.Requester = { DataType: 'String', StringValue: requester };
    attributes.Signature = {
      DataType: 'String',
      StringValue: signSearchRequest(KEY, 'corr-1', REPLY_TO, text),
    };
  }
  await handleSearchMessage(deps, { MessageId: 'm-1', Body: text, MessageAttributes: attributes });
  return { replies: sent.map((input) => JSON.parse(input.MessageBody ?? '')), engine, listed };
}

const signed = (grants: Record<string, readonly string[] | '*'>): AccessConfig => ({
  mode: 'signed',
  keys: new Map(Object.keys(grants).map((name) => [name, KEY])),
  grants: new Map(Object.entries(grants)),
});

describe('handleSearchMessage: request kinds', () => {
  it('answers a v1 search without a kind as a search, exactly as before', async () => {
    const { replies, engine, listed } = await answer(SEARCH, { mode: 'open' });

    expect(replies).toEqual([{ ok: true, rows: [], nextCursor: null, stats: expect.any(Object) }]);
    expect(Object.keys(replies[0])).toEqual(['ok', 'rows', 'nextCursor', 'stats']);
    expect(engine.sources).toHaveLength(1);
    expect(listed).toEqual([]);
  });

  it('answers the quarantine list from the lake, day by day, without the engine', async () => {
    const { replies, engine, listed } = await answer(LIST, signed({ ops: ['shop'] }), 'ops');

    expect(replies).toEqual([{ ok: true, kind: 'quarantine.list', records: [], nextCursor: null }]);
    expect(engine.sources).toEqual([]);
    expect(listed).toEqual(['quarantine/dt=2026-11-01/', 'quarantine/dt=2026-11-02/']);
  });

  it.each([
    ['an app not granted', LIST, { ops: ['blog'] }, 'ops'],
    ['every app without a grant of "*"', { ...LIST, app: undefined }, { ops: ['shop', 'blog'] }, 'ops'],
    ['an unsigned request', LIST, { ops: '*' as const }, undefined],
  ])('refuses %s FORBIDDEN, reading nothing', async (_name, body, grants, requester) => {
    const { replies, listed } = await answer(body, signed(grants), requester);

    expect(replies).toMatchObject([{ ok: false, error: { code: 'FORBIDDEN' } }]);
    expect(listed).toEqual([]);
  });

  it('lists every app, app-less records included, for a grant of "*"', async () => {
    const { replies, listed } = await answer({ ...LIST, app: undefined }, signed({ ops: '*' }), 'ops');

    expect(replies).toMatchObject([{ ok: true, records: [] }]);
    expect(listed).toHaveLength(2);
  });

  it('refuses an unknown kind as an INVALID_REQUEST naming it', async () => {
    const { replies } = await answer({ ...SEARCH, kind: 'erase' }, { mode: 'open' });

    expect(replies).toMatchObject([{ ok: false, error: { code: 'INVALID_REQUEST' } }]);
    expect(JSON.stringify(replies[0].error.details)).toContain('kind');
  });

  it.each([
    ['a grant of "*"', signed({ ops: '*' }), 'ops', { apps: ['blog', 'shop'], everyApp: true }],
    ['open access', { mode: 'open' } as const, undefined, { apps: ['blog', 'shop'], everyApp: true }],
    ['a list of apps', signed({ ops: ['zoo', 'shop'] }), 'ops', { apps: ['shop', 'zoo'], everyApp: false }],
  ])('lists the apps of %s', async (_name, access, requester, expected) => {
    const { replies, engine } = await answer({ kind: 'apps.list' }, access, requester);

    expect(replies).toEqual([{ ok: true, kind: 'apps.list', ...expected }]);
    expect(engine.sources).toEqual([]);
  });

  it.each([
    ['the apps list', { kind: 'apps.list' }],
    ['a histogram', { ...SEARCH, kind: 'histogram' }],
    ['top values', { ...SEARCH, kind: 'topValues' }],
  ])('refuses %s of an unsigned request FORBIDDEN', async (_name, body) => {
    const { replies, engine } = await answer(body, signed({ ops: '*' }));

    expect(replies).toMatchObject([{ ok: false, error: { code: 'FORBIDDEN' } }]);
    expect(engine.sources).toEqual([]);
  });

  it.each([
    ['a histogram', { ...SEARCH, kind: 'histogram' }],
    ['top values', { ...SEARCH, kind: 'topValues' }],
  ])('refuses %s of an app not granted FORBIDDEN, reading nothing', async (_name, body) => {
    const { replies, engine } = await answer(body, signed({ ops: ['blog'] }), 'ops');

    expect(replies).toMatchObject([{ ok: false, error: { code: 'FORBIDDEN' } }]);
    expect(engine.sources).toEqual([]);
  });

  it("answers a histogram of a granted app with its buckets, on the zone's clock", async () => {
    const body = { ...SEARCH, kind: 'histogram', interval: '1d', timeZone: 'Asia/Tokyo' };
    const { replies, engine } = await answer(body, signed({ ops: ['shop'] }), 'ops');

    expect(replies).toEqual([
      {
        ok: true,
        kind: 'histogram',
        interval: '1d',
        timeZone: 'Asia/Tokyo',
        buckets: [
          { start: '2026-10-31T15:00:00.000Z', end: '2026-11-01T15:00:00.000Z', count: 0 },
          { start: '2026-11-01T15:00:00.000Z', end: '2026-11-02T15:00:00.000Z', count: 0 },
        ],
        total: 0,
        stats: expect.any(Object),
      },
    ]);
    expect(engine.sources).toEqual([[{ app: 'shop', dt: '2026-11-01' }]]);
  });

  it('refuses a histogram with a bad zone and a page field, naming both', async () => {
    const body = { ...SEARCH, kind: 'histogram', timeZone: 'Mars/Olympus', limit: 10 };
    const { replies } = await answer(body, { mode: 'open' });

    expect(replies).toMatchObject([{ ok: false, error: { code: 'INVALID_REQUEST' } }]);
    expect(replies[0].error.message).toContain('timeZone');
    expect(replies[0].error.message).toContain('limit');
  });

  it('answers top values with the default fields, empty for an empty lake', async () => {
    const { replies } = await answer({ ...SEARCH, kind: 'topValues' }, { mode: 'open' });

    expect(replies).toEqual([
      {
        ok: true,
        kind: 'topValues',
        total: 0,
        fields: ['status', 'path', 'action', 'userId'].map((field) => ({ field, values: [], others: 0 })),
        stats: expect.any(Object),
      },
    ]);
  });
});
