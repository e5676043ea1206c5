import { QueryEngineError } from '@rireki/ports';
import { describe, expect, it } from 'vitest';
import { toExecutionParameters } from './athenaParameters.js';
import { decodeAthenaValue, parseMapText } from './athenaValues.js';

describe('toExecutionParameters', () => {
  it('writes each value as the literal Athena reads in place of its ?', () => {
    expect(toExecutionParameters(["it's", 'a\\b', '', 7, -3, 2.5, 1e21, 1e-7, false, null])).toEqual([
      "'it''s'",
      "'a\\b'",
      "''",
      '7',
      '-3',
      "DOUBLE '2.5'",
      "DOUBLE '1e+21'",
      "DOUBLE '1e-7'",
      'false',
      'NULL',
    ]);
  });

  it('keeps text that looks like SQL inside one literal', () => {
    expect(toExecutionParameters(["x' OR '1'='1"])).toEqual(["'x'' OR ''1''=''1'"]);
  });

  it('refuses what Athena cannot bind', () => {
    expect(() => toExecutionParameters([['a']])).toThrow(QueryEngineError);
    expect(() => toExecutionParameters([Number.POSITIVE_INFINITY])).toThrow(/Infinity/);
    expect(toExecutionParameters(['x'.repeat(1022)])[0]).toHaveLength(1024);
    expect(() => toExecutionParameters(["'".repeat(512)])).toThrow(/1026 characters/);
  });
});

describe('decodeAthenaValue', () => {
  it.each([
    ['timestamp', '2026-11-24 00:30:00', Date.UTC(2026, 10, 24, 0, 30)],
    ['timestamp', '2026-11-24 00:30:00.1', Date.UTC(2026, 10, 24, 0, 30, 0, 100)],
    ['timestamp(3)', '2026-11-24 00:30:00.123', Date.UTC(2026, 10, 24, 0, 30, 0, 123)],
    ['timestamp(6)', '2026-11-24 00:30:00.123999', Date.UTC(2026, 10, 24, 0, 30, 0, 123)],
    ['timestamp(3) with time zone', '2026-11-24 00:30:00.000 UTC', Date.UTC(2026, 10, 24, 0, 30)],
    ['timestamp with time zone', '2026-11-24 09:30:00.000 +09:00', Date.UTC(2026, 10, 24, 0, 30)],
    ['decimal(10,2)', '12.50', 12.5],
    ['array(varchar)', '[a, b]', '[a, b]'],
  ])('%s %s', (type, text, expected) => {
    expect(decodeAthenaValue(type, text)).toEqual(expected);
  });

  it('refuses a timestamp it cannot place in time, and JSON it cannot parse', () => {
    expect(() => decodeAthenaValue('timestamp with time zone', '2026-11-24 09:30:00.000 Asia/Tokyo')).toThrow(
      QueryEngineError,
    );
    expect(() => decodeAthenaValue('timestamp', 'yesterday')).toThrow(QueryEngineError);
    expect(() => decodeAthenaValue('json', '{oops')).toThrow(QueryEngineError);
  });
});

describe('parseMapText', () => {
  it('reads keys and values, commas in values included', () => {
    expect(parseMapText('{a=1, city=Tokyo, Japan, b=}')).toEqual({ a: '1', city: 'Tokyo, Japan', b: '' });
    expect(parseMapText('{__proto__=x}')).toEqual(Object.fromEntries([['__proto__', 'x']]));
  });

  it('is ambiguous where the text is: a value holding ", k=v" reads as two entries', () => {
    expect(parseMapText('{q=x=1, y=2}')).toEqual({ q: 'x=1', y: '2' });
  });

  it('refuses what is not a map', () => {
    expect(() => parseMapText('a=1')).toThrow(QueryEngineError);
  });
});
