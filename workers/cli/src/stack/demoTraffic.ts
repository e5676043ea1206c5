import type { SQSClient } from '@aws-sdk/client-sqs';
import { createActionLogger } from '@rireki/sdk';

type Route = readonly [method: string, route: string, action: string];

/** Realistic traffic from three apps: a shop, a blog and an admin console, with their own routes. */
const APPS: Record<'shop' | 'blog' | 'admin', readonly Route[]> = {
  shop: [
    ['GET', '/products', 'ProductController@index'],
    ['GET', '/products/{id}', 'ProductController@show'],
    ['POST', '/cart/items', 'CartController@store'],
    ['POST', '/orders', 'OrderController@store'],
    ['GET', '/orders/{id}', 'OrderController@show'],
  ],
  blog: [
    ['GET', '/', 'HomeController@index'],
    ['GET', '/posts/{id}', 'PostController@show'],
    ['POST', '/posts/{id}/comments', 'CommentController@store'],
    ['GET', '/search', 'SearchController@index'],
  ],
  admin: [
    ['POST', '/login', 'Auth\\LoginController@login'],
    ['GET', '/users', 'UserController@index'],
    ['PUT', '/users/{id}', 'UserController@update'],
    ['DELETE', '/users/{id}', 'UserController@destroy'],
    ['GET', '/reports/sales', 'ReportController@sales'],
  ],
};

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function statusFor(method: string): number {
  const roll = Math.random();
  if (roll < 0.02) return 500;
  if (roll < 0.07) return method === 'GET' ? 404 : 422;
  return method === 'POST' ? 201 : 200;
}

/** One event as an app's middleware would record it. */
export function demoEvent(app: keyof typeof APPS, now: number): Record<string, unknown> {
  const [method, route, action] = pick(APPS[app]);
  const id = 1 + Math.floor(Math.random() * 5000);
  const userId = Math.random() < 0.15 ? null : 1 + Math.floor(Math.random() * 200);
  const event: Record<string, unknown> = {
    app,
    occurredAt: new Date(now).toISOString(),
    action,
    method,
    path: route.replace('{id}', String(id)),
    status: statusFor(method),
    durationMs: Math.round((5 + Math.random() ** 3 * 800) * 10) / 10,
    userId,
    ip: `203.0.113.${1 + Math.floor(Math.random() * 250)}`,
    userAgent: pick(AGENTS),
  };
  if (method !== 'GET') event.params = { id, note: 'demo', password: 'hunter2' };
  if (app === 'shop' && route.startsWith('/orders'))
    event.attributes = { orderId: `ORD-${id}`, total: id * 3 };
  return event;
}

/** Sends demo events at about `perSecond` until stopped; returns a stop function that flushes. */
export function startDemoTraffic(sqs: SQSClient, queueUrl: string, perSecond = 50): () => Promise<number> {
  const logger = createActionLogger({ sqs, queueUrl, flushIntervalMs: 500 });
  const apps = Object.keys(APPS) as Array<keyof typeof APPS>;
  let sent = 0;
  const timer = setInterval(() => {
    const burst = Math.max(1, Math.round(perSecond / 10));
    for (let i = 0; i < burst; i++) {
      logger.log(demoEvent(pick(apps), Date.now()));
      sent++;
    }
  }, 100);
  return async () => {
    clearInterval(timer);
    await logger.close();
    return sent;
  };
}
