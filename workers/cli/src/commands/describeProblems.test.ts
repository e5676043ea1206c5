import { actionLogProblems } from '@rireki/contracts';
import { describe, expect, it } from 'vitest';
import { describeProblems } from './describeProblems.js';

const NOW = Date.parse('2026-11-24T00:00:00Z');

describe('describeProblems', () => {
  it.each([
    {
      event: { app: 'shop', occurredAt: NOW, status: '200' },
      shows: /^status: must be an integer \(got "200"\)$/,
    },
    { event: { occurredAt: NOW, path: '/a' }, shows: /^app: is required$/ },
    {
      event: { app: 'shop', occurredAt: NOW, attributes: { order: { id: 1 } } },
      shows: /^attributes\.order: must be a string .+ \(got an object\)$/,
    },
    {
      event: { app: 'shop', occurredAt: NOW, params: { blob: 'x'.repeat(300 * 1024) } },
      shows: /^event: is about \d+ bytes as JSON, over the 262144-byte limit$/,
    },
  ])('names the field, what it accepts and what was given: $shows', ({ event, shows }) => {
    // Act
    const described = describeProblems(actionLogProblems(event, NOW));

    // Assess
    expect(described).toMatch(shows);
  });

  it('shortens a long value and lists every problem of the line', () => {
    // Prepare
    const event = { app: 'Shop', occurredAt: NOW, method: 'M'.repeat(100) };

    // Act
    const described = describeProblems(actionLogProblems(event, NOW));

    // Assess
    expect(described.split('; ').map((part) => part.split(':')[0])).toEqual(['app', 'method']);
    expect(described).toContain(`(got a string of 100 characters, "${'M'.repeat(40)}…")`);
  });
});
