import { describe, expect, it } from 'vitest';
import { validateSearchRequest } from './search.js';

const valid = { app: 'shop', from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };

function problemsOf(body: unknown) {
  const result = validateSearchRequest(body);
  if (result.ok) throw new Error('expected the request to be refused');
  return result.problems;
}

describe('contract messages: the field, what is accepted, what was given', () => {
  it.each([
    {
      given: { ...valid, to: 'garbage' },
      path: 'to',
      message: 'must be an RFC 3339 timestamp with offset, e.g. 2026-11-24T09:30:00+09:00 (got "garbage")',
    },
    { given: { ...valid, limit: null }, path: 'limit', message: 'must be an integer (got null)' },
    { given: { ...valid, limit: 2.5 }, path: 'limit', message: 'must be an integer (got 2.5)' },
    { given: { ...valid, limit: 5000 }, path: 'limit', message: 'must be at most 1000 (got 5000)' },
    { given: { ...valid, order: 'up' }, path: 'order', message: 'must be one of "desc", "asc" (got "up")' },
    { given: { ...valid, text: '' }, path: 'text', message: 'must not be empty (got "")' },
    { given: { app: 'shop', to: valid.to }, path: 'from', message: 'is required' },
  ])('$path: $message', ({ given, path, message }) => {
    expect(problemsOf(given)).toContainEqual({ path, message });
  });

  it('names an unknown field by its own path and lists the accepted ones', () => {
    const [problem] = problemsOf({ ...valid, limt: 5 });

    expect(problem?.path).toBe('limt');
    expect(problem?.message).toMatch(
      /^is not a field here: accepted fields are app, from, to, filters, text/,
    );
  });

  it('keeps a long value short', () => {
    const [problem] = problemsOf({ ...valid, text: 'x'.repeat(300) });

    expect(problem?.message).toBe(
      `must be at most 256 characters (got a string of 300 characters, "${'x'.repeat(40)}…")`,
    );
  });
});
