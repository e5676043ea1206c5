import { describe, expect, it } from 'vitest';
import { selectionProblems } from './maintenanceFlags.js';

describe('selectionProblems', () => {
  it('refuses dates that do not exist, which Date.parse would move to the next month', () => {
    expect(selectionProblems({ from: '2026-02-30', to: '2026-04-31' })).toEqual([
      { path: '--from', message: 'must be a UTC date, YYYY-MM-DD (got "2026-02-30")' },
      { path: '--to', message: 'must be a UTC date, YYYY-MM-DD (got "2026-04-31")' },
    ]);
    expect(selectionProblems({ from: '2026-02-29' })).toHaveLength(1);
    expect(selectionProblems({ from: '2024-02-29', to: '2026-12-31' })).toEqual([]);
  });
});
