import { seededRandom } from '@rireki/contracts/testing';

/** Realistic events for benchmarks: the shape a web app's middleware records, varied like real traffic. */
const ROUTES = [
  ['GET', '/products/{id}', 'ProductController@show'],
  ['GET', '/search', 'SearchController@index'],
  ['POST', '/cart/items', 'CartController@store'],
  ['POST', '/orders', 'OrderController@store'],
  ['GET', '/orders/{id}', 'OrderController@show'],
  ['PUT', '/users/{id}', 'UserController@update'],
] as const;

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];

export function benchEvents(
  count: number,
  options: { apps?: readonly string[]; startMs?: number; seed?: number; days?: number } = {},
) {
  const random = seededRandom(options.seed ?? 42);
  const apps = options.apps ?? ['shop', 'blog', 'admin'];
  const days = options.days ?? 3;
  const start = options.startMs ?? Date.now() - days * 86_400_000;
  const events: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const [method, route, action] = ROUTES[Math.floor(random() * ROUTES.length)] as (typeof ROUTES)[number];
    const id = 1 + Math.floor(random() * 100_000);
    events.push({
      app: apps[i % apps.length],
      occurredAt: start + Math.floor((i / count) * days * 86_400_000),
      eventId: `bench-${options.seed ?? 42}-${i}`,
      action,
      method,
      path: route.replace('{id}', String(id)),
      status: random() < 0.05 ? 404 : 200,
      durationMs: Math.round(random() ** 3 * 8000) / 10,
      userId: String(1 + Math.floor(random() * 5000)),
      ip: `198.51.100.${Math.floor(random() * 255)}`,
      userAgent: AGENTS[Math.floor(random() * AGENTS.length)],
      params:
        method === 'GET'
          ? { page: 1 + Math.floor(random() * 5) }
          : { id, quantity: 1 + Math.floor(random() * 3) },
      ...(route.startsWith('/orders') ? { attributes: { orderId: `ORD-${id}`, total: id % 997 } } : {}),
    });
  }
  return events;
}
