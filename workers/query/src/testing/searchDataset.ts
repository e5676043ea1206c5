import type { LakeRow } from '@rireki/contracts';
import type { SearchLake } from './searchLake.js';

/**
 * A varied, deterministic history of three apps over four UTC days (2026-11-22..25), written with
 * copies the way at-least-once delivery leaves them, and a brute-force oracle over it.
 */

export const APPS = ['admin', 'blog', 'shop'] as const;
export const BASE_MS = Date.UTC(2026, 10, 22);
/** After every row's received_at. */
export const NOW_MS = Date.UTC(2026, 11, 1);
export const RANGE = { from: '2026-11-22T00:00:00Z', to: '2026-11-26T00:00:00Z' } as const;

export interface DatasetEvent {
  readonly app: string;
  readonly row: LakeRow;
}

const ACTIONS = [
  'OrderController@store',
  "it's 100%_done",
  'Search',
  null,
  '注文を確定する',
  'C:\\temp\\back',
];

/** Event i: groups of four share occurred_at; the first two of a group also share event_id (in two apps). */
export function datasetEvent(i: number): DatasetEvent {
  const group = Math.floor(i / 4);
  const occurredAt = BASE_MS + group * 460_800 + (i % 4 === 3 ? 1 : 0);
  const app = APPS[i % 3] ?? 'admin';
  const row: LakeRow = {
    event_id: i % 4 < 2 ? `g${group}` : `e${i}`,
    occurred_at: occurredAt,
    received_at: occurredAt + 500 + (i % 7) * 1_000,
    action: ACTIONS[i % ACTIONS.length] ?? null,
    method: ['GET', 'POST', 'PUT', null][i % 4] ?? null,
    path: i % 13 === 0 ? null : i % 50 === 0 ? `/search?q=50%_off&i=${i}` : `/orders/${i}`,
    status: [200, 201, 404, 500, null][i % 5] ?? null,
    duration_ms: i % 11 === 0 ? null : (i % 1000) / 4,
    user_id: i % 6 === 0 ? null : String(i % 50),
    ip: `10.0.${i % 3}.${i % 250}`,
    user_agent: i % 2 === 0 ? "curl/8.0 O'Reilly" : 'Mozilla/5.0',
    params:
      i % 3 === 0 ? null : JSON.stringify({ q: `Term${i % 17}`, note: i % 5 === 0 ? 'Quote\'s "x"' : 'ok' }),
    attributes:
      i % 4 === 3
        ? null
        : {
            orderId: `ORD-${i}`,
            amount: String((i % 200) * 1.5),
            paid: i % 2 === 0 ? 'true' : 'false',
            tier: i % 9 === 0 ? '100%_gold' : 'std',
          },
    extra: i % 10 === 0 ? JSON.stringify({ tenant: 'acme', trace: { id: `t-${i}` } }) : null,
  };
  return { app, row };
}

export function datasetEvents(count: number): DatasetEvent[] {
  return Array.from({ length: count }, (_, i) => datasetEvent(i));
}

/** How many times event i is in the lake: mostly once, every 17th twice, a burst thrice, one 40 times (more than the smallest fetch size). */
export function copiesOf(i: number): number {
  if (i === 1200) return 40;
  if (i >= 1500 && i < 1525) return 3;
  return i % 17 === 0 ? 2 : 1;
}

/**
 * Writes the events: per app, the first copies in two files per day (even and odd events), every
 * further copy in later files, received a minute later each time.
 */
export async function writeDataset(lake: SearchLake, events: readonly DatasetEvent[]): Promise<void> {
  for (const app of APPS) {
    const mine = events.map((event, i) => ({ ...event, i })).filter((event) => event.app === app);
    await lake.write(
      app,
      mine.filter((event) => event.i % 2 === 0).map((event) => event.row),
    );
    await lake.write(
      app,
      mine.filter((event) => event.i % 2 === 1).map((event) => event.row),
    );
    for (let copy = 1; copy < 40; copy++) {
      const copies = mine
        .filter((event) => copiesOf(event.i) > copy)
        .map((event) => ({ ...event.row, received_at: event.row.received_at + copy * 60_000 }));
      if (copies.length > 0) await lake.write(app, copies);
    }
  }
}

/** `app/eventId` of a row, the identity the tests compare. */
export function keyOf(event: { readonly app: string; readonly eventId: string }): string {
  return `${event.app}/${event.eventId}`;
}

/** The brute-force answer: the matching events in search order, by keyOf. */
export function expectedKeys(
  events: readonly DatasetEvent[],
  query: {
    readonly apps: readonly string[];
    readonly fromMs?: number;
    readonly toMs?: number;
    readonly order?: 'asc' | 'desc';
    readonly match?: (event: DatasetEvent) => boolean;
  },
): string[] {
  const fromMs = query.fromMs ?? Date.parse(RANGE.from);
  const toMs = query.toMs ?? Date.parse(RANGE.to);
  const matching = events.filter(
    (event) =>
      query.apps.includes(event.app) &&
      event.row.occurred_at >= fromMs &&
      event.row.occurred_at < toMs &&
      (query.match?.(event) ?? true),
  );
  const sign = query.order === 'asc' ? 1 : -1;
  matching.sort(
    (a, b) =>
      sign *
      (a.row.occurred_at - b.row.occurred_at ||
        compareText(a.row.event_id, b.row.event_id) ||
        compareText(a.app, b.app)),
  );
  return matching.map((event) => keyOf({ app: event.app, eventId: event.row.event_id }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
