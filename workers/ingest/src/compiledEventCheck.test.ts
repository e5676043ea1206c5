import { ActionLogEventSchema, CONTRACT_PARSE, parseLakeRow } from '@rireki/contracts';
import { seededRandom } from '@rireki/contracts/testing';
import { describe, expect, it } from 'vitest';
import { compiledEventCheck } from './compiledEventCheck.js';

const check = compiledEventCheck();
const NOW = Date.UTC(2026, 10, 24, 12);
const EMOJI = '😀';

/** Values each field may take: valid ones, edges and wrong ones. */
const CANDIDATES: Record<string, readonly unknown[]> = {
  app: ['shop', 'a', `a${'b'.repeat(62)}`, `a${'b'.repeat(63)}`, 'Shop', '', 1, null, undefined],
  occurredAt: [
    NOW - 1000,
    '2026-11-24T09:30:00+09:00',
    '2026-11-24T09:30:00.123456Z',
    '2026-11-24T09:30:00',
    '2026-02-30T00:00:00Z',
    0,
    -1,
    1.5,
    NOW + 2 * 86_400_000,
    Number.MAX_SAFE_INTEGER + 2,
    null,
    undefined,
  ],
  eventId: [
    'e-1',
    '',
    'x'.repeat(128),
    'x'.repeat(129),
    EMOJI.repeat(64),
    EMOJI.repeat(65),
    '\uD800',
    7,
    null,
    undefined,
  ],
  action: ['OrderController@store', '', 'a'.repeat(257), null, undefined, true],
  method: ['POST', '', 'X'.repeat(17), null, undefined],
  path: ['/orders', '', 'p'.repeat(4097), `/${EMOJI.repeat(2048)}`, null, undefined, 404],
  status: [200, 0, 999, 1000, -1, 200.5, '200', null, undefined, Number.POSITIVE_INFINITY],
  durationMs: [12.5, 0, -0.1, Number.POSITIVE_INFINITY, Number.NaN, '1', null, undefined],
  userId: [
    'u1',
    42,
    -7,
    4.2,
    '',
    'u'.repeat(256),
    'u'.repeat(257),
    EMOJI.repeat(129),
    2 ** 60,
    null,
    undefined,
  ],
  ip: ['198.51.100.7', 'x'.repeat(65), null, undefined, 7],
  userAgent: ['Mozilla/5.0', 'x'.repeat(1025), null, undefined],
  params: [
    { page: 2 },
    {},
    { deep: { a: [1, 2, { b: null }] } },
    JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
    [1, 2],
    'page=2',
    null,
    undefined,
  ],
  attributes: [
    { orderId: 'ORD-1', total: 12, paid: true },
    {},
    { '': 'empty key' },
    { ['k'.repeat(129)]: 'long key' },
    { [EMOJI]: 'emoji key' },
    { big: 'v'.repeat(4097) },
    { nested: { a: 1 } },
    { n: Number.POSITIVE_INFINITY },
    Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i])),
    Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
    JSON.parse('{"__proto__": "x"}'),
    null,
    undefined,
  ],
  extraField: ['kept', { nested: true }, EMOJI, undefined],
};

/** Events that are mostly valid, with one or two fields drawn from every candidate. */
function events(count: number): Array<Record<string, unknown>> {
  const next = seededRandom(7);
  const fields = Object.keys(CANDIDATES);
  const pick = (field: string, any: boolean) => {
    const values = CANDIDATES[field] ?? [];
    return values[any ? Math.floor(next() * values.length) : 0];
  };
  return Array.from({ length: count }, () => {
    const varied = new Set([
      fields[Math.floor(next() * fields.length)],
      fields[Math.floor(next() * fields.length)],
    ]);
    const event: Record<string, unknown> = {};
    for (const field of fields) {
      const value = pick(field, varied.has(field) || next() < 0.1);
      if (value !== undefined) event[field] = value;
    }
    return event;
  });
}

describe('compiledEventCheck', () => {
  it('accepts only events the zod schema accepts, and accepts the common valid ones', () => {
    const corpus = events(20_000);
    let accepted = 0;
    for (const event of corpus) {
      if (!check(event)) continue;
      accepted++;
      expect(ActionLogEventSchema.safeParse(event, CONTRACT_PARSE).success, JSON.stringify(event)).toBe(true);
    }
    // Most of the corpus is valid; a check that refused everything would pass the loop above.
    expect(accepted).toBeGreaterThan(corpus.length / 10);
  });

  it('leaves parseLakeRow’s outcome unchanged, problems and rows alike', () => {
    for (const [index, event] of events(20_000).entries()) {
      const origin = { messageId: 'm-1', index, receivedAtMs: NOW };
      expect(parseLakeRow(event, origin, check), JSON.stringify(event)).toEqual(parseLakeRow(event, origin));
    }
  });

  it('refuses what Ajv and zod would judge apart, so zod decides', () => {
    const valid = { app: 'shop', occurredAt: NOW };
    expect(check(valid)).toBe(true);
    expect(check({ ...valid, eventId: EMOJI.repeat(65) })).toBe(false);
    expect(check({ ...valid, durationMs: Number.POSITIVE_INFINITY })).toBe(false);
    expect(
      check({
        ...valid,
        attributes: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
      }),
    ).toBe(false);
    expect(check({ ...valid, params: JSON.parse('{"__proto__": {"a": 1}}') })).toBe(false);
  });
});
