import { describe, expect, it } from 'vitest';
import { ACTION_LOG_FIELDS, ACTION_LOG_LIMITS, ActionLogEventSchema } from './actionLog.js';

/** The smallest event contract v1 accepts, with any field replaced. */
function eventWith(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { app: 'shop', occurredAt: '2026-11-24T09:30:00+09:00', ...fields };
}

function issuePaths(input: unknown): string[] {
  const result = ActionLogEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.map(String).join('.'));
}

describe('ActionLogEventSchema', () => {
  describe.each([
    { example: 'RFC 3339 in UTC (Z)', fields: { occurredAt: '2026-11-24T00:30:00Z' } },
    { example: 'RFC 3339 with +09:00', fields: { occurredAt: '2026-11-24T09:30:00+09:00' } },
    { example: 'RFC 3339 with fractional seconds', fields: { occurredAt: '2026-11-24T09:30:00.123+09:00' } },
    { example: 'epoch milliseconds', fields: { occurredAt: 1_795_998_600_000 } },
    { example: 'a string userId', fields: { userId: 'u-42' } },
    { example: 'an integer userId', fields: { userId: 42 } },
    {
      example: 'string, number and boolean attributes',
      fields: { attributes: { orderId: 'A-1', total: 12.5, paid: true } },
    },
    {
      example: 'every optional field null',
      fields: {
        eventId: null,
        action: null,
        method: null,
        path: null,
        status: null,
        durationMs: null,
        userId: null,
        ip: null,
        userAgent: null,
        params: null,
        attributes: null,
      },
    },
    {
      example: 'every field set',
      fields: {
        eventId: 'evt-1',
        action: 'OrderController@store',
        method: 'POST',
        path: '/orders',
        status: 201,
        durationMs: 12.5,
        userId: 42,
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
        params: { items: [{ sku: 'A', qty: 2 }] },
        attributes: { orderId: 'A-1' },
      },
    },
    { example: 'an unknown top-level field', fields: { tenant: 'acme' } },
  ])('accepts $example', ({ fields }) => {
    it('parses without issues and keeps every field', () => {
      // Prepare
      const input = eventWith(fields);

      // Act
      const result = ActionLogEventSchema.safeParse(input);

      // Assess
      expect(result.success ? [] : result.error.issues).toEqual([]);
      expect(result.data).toEqual(input);
    });
  });

  describe.each([
    { field: 'app (upper case)', fields: { app: 'Shop' }, path: 'app' },
    { field: 'app (starts with a digit)', fields: { app: '1shop' }, path: 'app' },
    { field: 'app (64 characters)', fields: { app: `a${'b'.repeat(63)}` }, path: 'app' },
    { field: 'occurredAt without offset', fields: { occurredAt: '2026-11-24T09:30:00' }, path: 'occurredAt' },
    { field: 'occurredAt as a date only', fields: { occurredAt: '2026-11-24' }, path: 'occurredAt' },
    { field: 'occurredAt as negative epoch ms', fields: { occurredAt: -1 }, path: 'occurredAt' },
    { field: 'status 1000', fields: { status: 1000 }, path: 'status' },
    { field: 'status 2.5', fields: { status: 2.5 }, path: 'status' },
    { field: 'durationMs -1', fields: { durationMs: -1 }, path: 'durationMs' },
    { field: "eventId ''", fields: { eventId: '' }, path: 'eventId' },
    {
      field: 'eventId of 129 characters',
      fields: { eventId: 'e'.repeat(ACTION_LOG_LIMITS.eventIdLength + 1) },
      path: 'eventId',
    },
    { field: 'userId 1.5', fields: { userId: 1.5 }, path: 'userId' },
    {
      field: 'attributes with a nested object',
      fields: { attributes: { order: { id: 1 } } },
      path: 'attributes.order',
    },
    {
      field: 'attributes with an array value',
      fields: { attributes: { ids: [1, 2] } },
      path: 'attributes.ids',
    },
    { field: 'params as an array', fields: { params: [1, 2] }, path: 'params' },
  ])('rejects $field', ({ fields, path }) => {
    it(`names the field "${path}" in the only issue`, () => {
      // Prepare
      const input = eventWith(fields);

      // Act
      const paths = issuePaths(input);

      // Assess
      expect(paths).toEqual([path]);
    });
  });

  it('accepts an eventId of exactly the limit', () => {
    // Prepare
    const input = eventWith({ eventId: 'e'.repeat(ACTION_LOG_LIMITS.eventIdLength) });

    // Act
    const paths = issuePaths(input);

    // Assess
    expect(paths).toEqual([]);
  });

  it('reports every bad field of one event at once', () => {
    // Prepare
    const input = eventWith({ app: 'Shop', status: 1000, durationMs: -1, eventId: '' });

    // Act
    const paths = issuePaths(input);

    // Assess
    expect([...paths].sort()).toEqual(['app', 'durationMs', 'eventId', 'status']);
  });

  it.each([
    { missing: 'app', input: { occurredAt: '2026-11-24T09:30:00Z' } },
    { missing: 'occurredAt', input: { app: 'shop' } },
  ])('rejects an event without $missing', ({ missing, input }) => {
    // Act
    const paths = issuePaths(input);

    // Assess
    expect(paths).toEqual([missing]);
  });

  it('names exactly the contract fields in ACTION_LOG_FIELDS', () => {
    // Act
    const fields = [...ACTION_LOG_FIELDS].sort();

    // Assess
    expect(fields).toEqual(
      [
        'app',
        'occurredAt',
        'eventId',
        'action',
        'method',
        'path',
        'status',
        'durationMs',
        'userId',
        'ip',
        'userAgent',
        'params',
        'attributes',
      ].sort(),
    );
  });
});
