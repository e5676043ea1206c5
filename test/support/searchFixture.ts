import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { encodeBody } from '@rireki/contracts';

export const FIXTURE_START = Date.parse('2026-11-01T00:00:00Z');
export const FIXTURE_DAYS = 10;
const DAY = 86_400_000;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
const STATUSES = [200, 201, 200, 404, 200, 500] as const;

export interface FixtureEvent {
  app: string;
  eventId: string;
  occurredAt: string;
  action: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  userId: string | number;
  ip: string;
  userAgent: string;
  params: Record<string, unknown>;
  attributes: Record<string, string | number | boolean>;
  tenant: string;
}

/** 10,000 events of `shop` and 600 of `blog` over ten days, varied in every searchable field. */
export function searchFixture(): FixtureEvent[] {
  const events: FixtureEvent[] = [];
  const add = (app: string, prefix: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const orders = i % 3 === 0;
      events.push({
        app,
        eventId: `${prefix}-${i}`,
        occurredAt: new Date(
          FIXTURE_START + Math.floor(((i + 0.5) / count) * FIXTURE_DAYS * DAY),
        ).toISOString(),
        action: orders ? 'OrderController@show' : 'ProductController@index',
        method: METHODS[i % METHODS.length] as string,
        path: orders ? `/orders/${i % 300}` : `/products/${i % 250}`,
        status: STATUSES[i % STATUSES.length] as number,
        durationMs: ((i * 37) % 1000) / 10,
        userId: i % 50 === 0 ? 1000 : `u${i % 50}`,
        ip: `10.0.${i % 4}.${i % 200}`,
        userAgent: i % 2 === 0 ? 'Mozilla/5.0 Firefox' : 'curl/8.0',
        params: { q: `Term${i % 20}`, page: i % 5 },
        attributes: { orderId: `ORD-${i % 400}`, total: i % 1000, vip: i % 10 === 0 },
        tenant: 'acme',
      });
    }
  };
  add('shop', 's', 10_000);
  add('blog', 'b', 600);
  return events;
}

/** Sorts fixture events as a search returns them in `order`: by time, then eventId, then app. */
export function byOrder(order: 'asc' | 'desc') {
  return (a: FixtureEvent, b: FixtureEvent) => {
    const sign = order === 'asc' ? 1 : -1;
    const time = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
    if (time !== 0) return sign * time;
    return sign * (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : a.app < b.app ? -1 : 1);
  };
}

/** Sends events packed 50 per message; `twice` events are sent again, as a redelivery would. */
export async function sendFixture(
  sqs: SQSClient,
  queueUrl: string,
  events: readonly unknown[],
): Promise<void> {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += 50)
    bodies.push(encodeBody({ events: events.slice(i, i + 50) }, { gzip: false }).body);
  const sends: Array<Promise<unknown>> = [];
  for (let i = 0; i < bodies.length; i += 10) {
    sends.push(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: bodies.slice(i, i + 10).map((body, n) => ({ Id: String(n), MessageBody: body })),
        }),
      ),
    );
  }
  await Promise.all(sends);
}
