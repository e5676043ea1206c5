import { describe, expect, it } from 'vitest';
import { ACTION_LOG_LIMITS } from './actionLog.js';
import { actionLogProblems } from './actionLogProblems.js';
import { actionLogFactory, RECEIVED_AT_MS } from './testing/actionLogFactory.js';

describe('actionLogProblems', () => {
  it('finds nothing in an event the worker stores', () => {
    // Act
    const problems = actionLogProblems(actionLogFactory(), RECEIVED_AT_MS);

    // Assess
    expect(problems).toEqual([]);
  });

  it.each([
    { breaks: 'no app', fields: { app: undefined }, path: 'app' },
    { breaks: 'a status sent as text', fields: { status: '200' }, path: 'status' },
    {
      breaks: 'occurredAt a day and a minute after receipt',
      fields: { occurredAt: RECEIVED_AT_MS + ACTION_LOG_LIMITS.maxFutureSkewMs + 60_000 },
      path: 'occurredAt',
    },
    {
      breaks: 'an event over 256 KiB',
      fields: { params: { blob: 'x'.repeat(300 * 1024) } },
      path: '',
    },
  ])('names the field of $breaks, as the worker does', ({ fields, path }) => {
    // Act
    const problems = actionLogProblems(actionLogFactory(fields), RECEIVED_AT_MS);

    // Assess
    expect(problems.map((problem) => problem.path)).toEqual([path]);
  });
});
