import type { SearchRequestInput } from '@rireki/contracts';

const DAY = 86_400_000;

export interface BenchSearch {
  readonly name: string;
  readonly request: SearchRequestInput;
}

/** The typical history searches, over a lake whose last day ends at `endMs`. */
export function benchSearches(endMs: number): BenchSearch[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const week = { app: 'shop', from: iso(endMs - 7 * DAY), to: iso(endMs) };
  return [
    { name: 'one user, 7 days, newest first', request: { ...week, filters: { userId: '1234' }, limit: 50 } },
    {
      name: '31-day count',
      request: { app: 'shop', from: iso(endMs - 31 * DAY), to: iso(endMs), limit: 1, includeTotal: true },
    },
    {
      name: 'path contains, 7 days',
      request: { ...week, filters: { path: { contains: 'orders/777' } }, limit: 50 },
    },
  ];
}
