// Over 250 lines: every rule of contract v1 that the ingest worker checks, one case each.
import { describe, expect, it } from 'vitest';
import { ACTION_LOG_LIMITS } from './actionLog.js';
import { FIELD_COLUMNS } from './columns.js';
import { type EventOrigin, parseLakeRow, type RowResult } from './parseLakeRow.js';
import { actionLogFactory, RECEIVED_AT_MS } from './testing/actionLogFactory.js';

const origin: EventOrigin = { messageId: 'msg-1', index: 0, receivedAtMs: RECEIVED_AT_MS };

function accepted(result: RowResult) {
  if (!result.ok) throw new Error(`expected a row, got problems ${JSON.stringify(result.problems)}`);
  return result;
}

function problemsOf(result: RowResult) {
  if (result.ok) throw new Error(`expected problems, got the row ${JSON.stringify(result.row)}`);
  return result.problems;
}

/** `levels` nested objects: nested(1) is `{ leaf: 1 }`, nested(2) is `{ child: { leaf: 1 } }`. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < levels; level++) value = { child: value };
  return value;
}

describe('parseLakeRow', () => {
  it('stores each field in the column the contract table names for it, and nowhere else', () => {
    // Prepare: every field of the table with a value of its own.
    const event: Record<string, unknown> = { app: 'shop', occurredAt: '2026-11-24T09:30:00.123Z' };
    for (const column of FIELD_COLUMNS) {
      if (column.field === 'occurredAt') continue;
      event[column.field] = column.json
        ? { of: column.field }
        : column.kind === 'stringMap'
          ? { of: column.field }
          : column.kind === 'int' || column.kind === 'double'
            ? FIELD_COLUMNS.indexOf(column) + 100
            : `value of ${column.field}`;
    }

    // Act
    const { row } = accepted(parseLakeRow(event, origin));

    // Assess
    for (const column of FIELD_COLUMNS) {
      const sent = event[column.field];
      const expected =
        column.field === 'occurredAt' ? Date.parse(String(sent)) : column.json ? JSON.stringify(sent) : sent;
      expect({ [column.name]: row[column.name] }).toEqual({ [column.name]: expected });
    }
    expect(row.extra).toBeNull();
  });

  it('maps every field of an event to its column', () => {
    // Prepare
    const params = { items: [{ sku: 'A-1', qty: 2 }], note: '至急', empty: null };
    const event = actionLogFactory({
      eventId: 'evt-42',
      userId: 42,
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      params,
      attributes: { orderId: 'ORD-1', total: 1234.5, count: 3, paid: true, gift: false },
      tenant: 'acme',
      trace: { id: 't-1', sampled: true },
    });

    // Act
    const { row, partition, bytes } = accepted(parseLakeRow(event, origin));

    // Assess
    expect(partition).toEqual({ app: 'shop', dt: '2026-11-23' });
    expect({ ...row, params: null, extra: null }).toEqual({
      event_id: 'evt-42',
      occurred_at: Date.parse('2026-11-23T23:30:00Z'),
      received_at: RECEIVED_AT_MS,
      action: 'OrderController@store',
      method: 'POST',
      path: '/orders',
      status: 201,
      duration_ms: 12.5,
      user_id: '42',
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0',
      params: null,
      attributes: { orderId: 'ORD-1', total: '1234.5', count: '3', paid: 'true', gift: 'false' },
      extra: null,
    });
    expect(JSON.parse(row.params ?? 'null')).toEqual(params);
    expect(JSON.parse(row.extra ?? 'null')).toEqual({ tenant: 'acme', trace: { id: 't-1', sampled: true } });
    expect(bytes).toBeGreaterThan(0);
  });

  it('puts interleaved events of different days in their own UTC day', () => {
    const instants = [
      '2026-11-23T23:59:59.999Z',
      '2026-11-24T00:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
      '2026-11-24T08:59:59+09:00',
      '2026-11-24T09:00:00+09:00',
      '2025-02-28T12:00:00Z',
    ];
    const days = instants.map(
      (occurredAt) => accepted(parseLakeRow(actionLogFactory({ occurredAt }), origin)).partition.dt,
    );
    expect(days).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-23',
      '2026-11-23',
      '2026-11-24',
      '2025-02-28',
    ]);
  });

  it('counts the UTF-8 bytes of text and attributes, not their length', () => {
    const ascii = accepted(
      parseLakeRow(actionLogFactory({ action: 'aaaa', attributes: { k: 'vvvv' } }), origin),
    );
    const japanese = accepted(
      parseLakeRow(actionLogFactory({ action: '注文確定', attributes: { k: '至急対応' } }), origin),
    );
    // Each of the 8 characters takes 3 bytes instead of 1.
    expect(japanese.bytes - ascii.bytes).toBe(16);
  });

  it('maps absent and null optional fields to null columns', () => {
    // Prepare
    const event = {
      app: 'shop',
      occurredAt: '2026-11-23T23:30:00Z',
      eventId: 'evt-1',
      action: null,
      method: null,
      status: null,
      durationMs: null,
      userId: null,
      params: null,
      attributes: null,
    };

    // Act
    const { row } = accepted(parseLakeRow(event, origin));

    // Assess
    expect(row).toEqual({
      event_id: 'evt-1',
      occurred_at: Date.parse('2026-11-23T23:30:00Z'),
      received_at: RECEIVED_AT_MS,
      action: null,
      method: null,
      path: null,
      status: null,
      duration_ms: null,
      user_id: null,
      ip: null,
      user_agent: null,
      params: null,
      attributes: null,
      extra: null,
    });
  });

  it.each([
    { userId: 42, column: '42' },
    { userId: 0, column: '0' },
    { userId: -7, column: '-7' },
    { userId: 'u-42', column: 'u-42' },
    { userId: '山田', column: '山田' },
  ])('stores userId $userId as the text "$column"', ({ userId, column }) => {
    // Act
    const { row } = accepted(parseLakeRow(actionLogFactory({ userId }), origin));

    // Assess
    expect(row.user_id).toBe(column);
  });

  describe.each([
    { occurredAt: '2026-11-24T08:30:00+09:00', dt: '2026-11-23' },
    { occurredAt: '2026-11-24T09:00:00+09:00', dt: '2026-11-24' },
    { occurredAt: '2026-11-23T23:59:59.999Z', dt: '2026-11-23' },
    { occurredAt: '2026-11-23T20:00:00-05:00', dt: '2026-11-24' },
    { occurredAt: Date.UTC(2026, 10, 24, 0, 0, 0, 0), dt: '2026-11-24' },
    { occurredAt: Date.UTC(2026, 10, 23, 23, 59, 59, 999), dt: '2026-11-23' },
  ])('occurredAt $occurredAt', ({ occurredAt, dt }) => {
    it(`lands in the partition of the UTC date ${dt}, with occurred_at the same instant`, () => {
      // Act
      const { partition, row } = accepted(parseLakeRow(actionLogFactory({ occurredAt }), origin));

      // Assess
      expect(partition).toEqual({ app: 'shop', dt });
      expect(row.occurred_at).toBe(typeof occurredAt === 'number' ? occurredAt : Date.parse(occurredAt));
    });
  });

  describe('a derived event id', () => {
    it.each([
      { given: 'absent', fields: { eventId: undefined } },
      { given: 'null', fields: { eventId: null } },
    ])('is "<messageId>:<index>" when eventId is $given', ({ fields }) => {
      // Prepare
      const { eventId: _dropped, ...event } = actionLogFactory();
      const input = { ...event, ...fields };

      // Act
      const { row } = accepted(parseLakeRow(input, { ...origin, messageId: 'abc-123', index: 7 }));

      // Assess
      expect(row.event_id).toBe('abc-123:7');
    });

    it('is the same for the same origin and differs for another index or message', () => {
      // Prepare
      const { eventId: _dropped, ...event } = actionLogFactory();

      // Act
      const ids = [
        origin,
        { ...origin, receivedAtMs: origin.receivedAtMs + 5_000 },
        { ...origin, index: 1 },
        { ...origin, messageId: 'msg-2' },
      ].map((from) => accepted(parseLakeRow(event, from)).row.event_id);

      // Assess
      expect(ids[0]).toBe(ids[1]);
      expect(new Set(ids).size).toBe(3);
    });
  });

  it('reports every schema problem of an event at once, each with its path', () => {
    // Prepare
    const event = actionLogFactory({
      app: 'Shop',
      status: 1000,
      durationMs: -1,
      eventId: '',
      attributes: { ok: 'yes', order: { id: 1 } },
    });

    // Act
    const problems = problemsOf(parseLakeRow(event, origin));

    // Assess
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      'app',
      'attributes.order',
      'durationMs',
      'eventId',
      'status',
    ]);
    for (const problem of problems) expect(problem.message).not.toBe('');
  });

  describe.each([
    { check: 'occurredAt before 2000', fields: { occurredAt: '1999-12-31T23:59:59Z' }, path: 'occurredAt' },
    {
      check: 'params nested too deep',
      fields: { params: nested(ACTION_LOG_LIMITS.maxDepth + 1) },
      path: 'params',
    },
    { check: 'a lone surrogate', fields: { action: 'bad \ud800' }, path: 'action' },
  ])('with $check and a schema problem', ({ fields, path }) => {
    it('reports both problems at once', () => {
      // Prepare
      const event = actionLogFactory({ ...fields, status: 1000 });

      // Act
      const problems = problemsOf(parseLakeRow(event, origin));

      // Assess
      expect(problems.map((problem) => problem.path).sort()).toEqual([path, 'status'].sort());
    });
  });

  it.each([
    {
      given: '1999-12-31T23:59:59Z',
      message: 'is before 2000-01-01, the earliest accepted (got "1999-12-31T23:59:59Z")',
    },
    {
      given: 1_795_998_600,
      message:
        'is before 2000-01-01, the earliest accepted: epoch seconds sent as milliseconds? (got 1795998600)',
    },
  ])('hints at epoch seconds only for a number: $given', ({ given, message }) => {
    // Act
    const problems = problemsOf(parseLakeRow(actionLogFactory({ occurredAt: given }), origin));

    // Assess
    expect(problems).toEqual([{ path: 'occurredAt', message }]);
  });

  describe.each([
    {
      problem: 'occurredAt before 2000-01-01',
      fields: { occurredAt: '1999-12-31T23:59:59.999Z' },
      path: 'occurredAt',
    },
    { problem: 'occurredAt in epoch seconds', fields: { occurredAt: 1_795_998_600 }, path: 'occurredAt' },
    {
      problem: 'occurredAt more than 24 h after receipt',
      fields: { occurredAt: RECEIVED_AT_MS + ACTION_LOG_LIMITS.maxFutureSkewMs + 1 },
      path: 'occurredAt',
    },
    {
      problem: 'params nested deeper than 32 levels',
      fields: { params: nested(ACTION_LOG_LIMITS.maxDepth + 1) },
      path: 'params',
    },
    {
      problem: 'params arrays nested deeper than 32 levels',
      fields: { params: { list: JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`) } },
      path: 'params',
    },
    {
      problem: 'an extra field nested 1000 levels deep',
      fields: { meta: nested(1000) },
      path: 'extra fields',
    },
    { problem: 'a lone high surrogate in action', fields: { action: 'order \ud83d' }, path: 'action' },
    { problem: 'a lone low surrogate in userId', fields: { userId: '\udc00user' }, path: 'userId' },
    { problem: 'a lone surrogate in userAgent', fields: { userAgent: 'UA \udfff' }, path: 'userAgent' },
    { problem: 'a lone surrogate in eventId', fields: { eventId: 'evt-\ud800' }, path: 'eventId' },
    {
      problem: 'a lone surrogate in an attribute value',
      fields: { attributes: { note: 'x\ud800y' } },
      path: 'attributes.note',
    },
    {
      problem: 'an event over 256 KiB',
      fields: { params: { blob: 'x'.repeat(ACTION_LOG_LIMITS.maxEventBytes) } },
      path: '',
    },
    {
      problem: 'an event over 256 KiB as UTF-8 JSON, in Japanese',
      fields: { params: { note: '日'.repeat(100_000) } },
      path: '',
    },
  ])('$problem', ({ fields, path }) => {
    it(`is refused with the path "${path}"`, () => {
      // Prepare
      const event = actionLogFactory(fields);

      // Act
      const problems = problemsOf(parseLakeRow(event, origin));

      // Assess
      expect(problems.map((problem) => problem.path)).toEqual([path]);
    });
  });

  describe.each([
    { limit: 'occurredAt exactly 2000-01-01', fields: { occurredAt: '2000-01-01T00:00:00Z' } },
    {
      limit: 'occurredAt exactly 24 h after receipt',
      fields: { occurredAt: RECEIVED_AT_MS + ACTION_LOG_LIMITS.maxFutureSkewMs },
    },
    { limit: 'params nested exactly 32 levels', fields: { params: nested(ACTION_LOG_LIMITS.maxDepth) } },
    { limit: 'a well-formed surrogate pair', fields: { action: 'emoji 😀 𠮷' } },
    { limit: 'an event just under 256 KiB', fields: { params: { blob: 'x'.repeat(200 * 1024) } } },
  ])('at the limit: $limit', ({ fields }) => {
    it('is accepted', () => {
      // Act
      const result = parseLakeRow(actionLogFactory(fields), origin);

      // Assess
      expect(result.ok ? [] : result.problems).toEqual([]);
    });
  });

  it.each([
    { input: null, kind: 'null' },
    { input: [actionLogFactory()], kind: 'an array' },
    { input: 'shop', kind: 'a string' },
    { input: 42, kind: 'a number' },
  ])('refuses $kind as an event, at the root path', ({ input, kind }) => {
    // Act
    const problems = problemsOf(parseLakeRow(input, origin));

    // Assess
    expect(problems).toEqual([{ path: '', message: expect.stringContaining(kind) }]);
  });
});
