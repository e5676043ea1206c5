import { describe, expect, it } from 'vitest';
import { mergeFilters, type ParsedFilter } from './mergeFilters.js';
import { parseFilter } from './parseFilter.js';

const parsed = (...argumentsGiven: string[]): ParsedFilter[] =>
  argumentsGiven.map((argument) => {
    const [field, value] = parseFilter(argument);
    return { argument, field, value };
  });

describe('mergeFilters', () => {
  it.each([[['status>=300', 'status<600']], [['status<600', 'status>=300']]])(
    'merges comparisons on one field whatever their order: %o',
    (given) => {
      expect(mergeFilters(parsed(...given))).toEqual({
        filters: { status: { gte: 300, lt: 600 } },
        problems: [],
      });
    },
  );

  it('makes repeated negations one "none of"', () => {
    expect(mergeFilters(parsed('status!=200', 'status!=304|200', 'status>=100')).filters).toEqual({
      status: { not: [200, 304], gte: 100 },
    });
  });

  it('keeps filters on different fields apart', () => {
    expect(mergeFilters(parsed('status=500', 'path^=/orders', 'path*=pay')).filters).toEqual({
      status: 500,
      path: { prefix: '/orders', contains: 'pay' },
    });
  });

  it.each([
    [
      'two equality filters',
      ['status=200', 'status=404'],
      /"status=404" and "status=200" both filter status/,
    ],
    ['an equality beside a comparison', ['status=200', 'status>=300'], /both filter status/],
    ['the same comparison twice', ['status>=300', 'status>=400'], /"status>=400" repeats gte of status/],
    ['an empty range', ['status>=600', 'status<300'], /"status>=600" and "status<300" match no status/],
    ['a bound excluded on both sides', ['status>300', 'status<300'], /match no status/],
  ])('refuses %s instead of keeping the last', (_name, given, message) => {
    const { problems } = mergeFilters(parsed(...given));

    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('--filter');
    expect(problems[0]?.message).toMatch(message);
  });
});
