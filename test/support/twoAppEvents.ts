import { FIXTURE_START } from './searchFixture.js';

const DAY = 86_400_000;

/**
 * Events `first` … `first + count - 1`, alternating between the apps shop and blog (one day each,
 * so two partitions), each with its own eventId `<prefix>-<n>` and occurredAt.
 */
export function twoAppEvents(prefix: string, first: number, count: number) {
  return Array.from({ length: count }, (_, n) => {
    const i = first + n;
    return {
      app: i % 2 === 0 ? 'shop' : 'blog',
      eventId: `${prefix}-${i}`,
      occurredAt: new Date(FIXTURE_START + (i % 2) * DAY + i).toISOString(),
      path: `/p/${i % 100}`,
    };
  });
}

/** A search that matches every event twoAppEvents makes, 1,000 per page. */
export const TWO_APP_SEARCH = {
  app: ['shop', 'blog'],
  from: new Date(FIXTURE_START).toISOString(),
  to: new Date(FIXTURE_START + 3 * DAY).toISOString(),
  limit: 1000,
};
