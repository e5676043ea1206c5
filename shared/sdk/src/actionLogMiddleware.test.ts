import { once } from 'node:events';
import type { Server } from 'node:http';
import { waitFor } from '@rireki/adapters/testing';
import { ActionLogEventSchema, type RirekiError } from '@rireki/contracts';
import express, { type Request } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { actionLogMiddleware } from './actionLogMiddleware.js';
import { createActionLogger } from './createActionLogger.js';
import { ActionLogRejectedError } from './errors.js';
import { REDACTED } from './redact.js';
import { receiveEvents, type SqsHarness, startSqsHarness } from './testing/sqsHarness.js';
import type { ActionLogger, ActionLogInput } from './types.js';

/** A logger that keeps what it is given: the middleware's output, before any SQS. */
function recordingLogger(): Pick<ActionLogger, 'log'> & { readonly events: ActionLogInput[] } {
  const events: ActionLogInput[] = [];
  return { events, log: (event) => void events.push(event) };
}

const servers: Server[] = [];
let harness: SqsHarness;

beforeAll(async () => {
  harness = await startSqsHarness();
});

afterAll(async () => {
  await harness.stop();
});

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server has no port');
  return `http://127.0.0.1:${address.port}`;
}

function shopApp(logger: Pick<ActionLogger, 'log'>, onSlow: () => void = () => undefined) {
  const app = express();
  app.use(express.json());
  app.use(
    actionLogMiddleware(logger, {
      getUserId: (req: Request) => req.header('x-user-id'),
      attributes: (req: Request) => ({ tenant: req.header('x-tenant') ?? 'none' }),
    }),
  );
  const orders = express.Router();
  orders.post('/:id/items', (_req, res) => {
    res.status(201).json({ ok: true });
  });
  app.use('/orders', orders);
  // Never answers: the client gives up first.
  app.get('/slow', () => onSlow());
  return app;
}

describe('actionLogMiddleware', () => {
  it('logs method, path without query, status, user, duration, params and the route as action', async () => {
    // Prepare
    const logger = recordingLogger();
    const base = await serve(shopApp(logger));

    // Act
    const response = await fetch(`${base}/orders/42/items?ref=mail&password=q`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'u-7', 'user-agent': 'vitest-agent' },
      body: JSON.stringify({ sku: 'A-1', quantity: 2 }),
    });
    await response.text();
    await waitFor('one logged event', () => logger.events.length === 1, { timeoutMs: 5_000, intervalMs: 10 });

    // Assess
    expect(response.status).toBe(201);
    const [event] = logger.events;
    expect(event).toMatchObject({
      method: 'POST',
      path: '/orders/42/items',
      status: 201,
      userId: 'u-7',
      userAgent: 'vitest-agent',
      action: '/orders/:id/items',
      params: { ref: 'mail', password: 'q', sku: 'A-1', quantity: 2 },
      attributes: { tenant: 'none' },
    });
    expect(event?.durationMs).toBeGreaterThanOrEqual(0);
    expect(event?.ip).toMatch(/127\.0\.0\.1/);
    expect(ActionLogEventSchema.safeParse({ app: 'shop', ...event }).success).toBe(true);
  });

  it('logs a 404 with no action when no route matched', async () => {
    // Prepare
    const logger = recordingLogger();
    const base = await serve(shopApp(logger));

    // Act
    const response = await fetch(`${base}/nowhere?x=1`);
    await response.text();
    await waitFor('one logged event', () => logger.events.length === 1, { timeoutMs: 5_000, intervalMs: 10 });

    // Assess
    expect(response.status).toBe(404);
    expect(logger.events[0]).toMatchObject({
      method: 'GET',
      path: '/nowhere',
      status: 404,
      action: null,
      userId: null,
      params: { x: '1' },
    });
  });

  it('logs a request the client abandoned, marked aborted, with the status as it was', async () => {
    // Prepare
    const logger = recordingLogger();
    let arrived = false;
    const base = await serve(shopApp(logger, () => (arrived = true)));
    const controller = new AbortController();

    // Act
    const request = fetch(`${base}/slow`, { signal: controller.signal }).catch(() => undefined);
    await waitFor('the request to reach its handler', () => arrived, { timeoutMs: 5_000, intervalMs: 10 });
    controller.abort();
    await request;
    await waitFor('the aborted request to be logged', () => logger.events.length === 1, {
      timeoutMs: 5_000,
      intervalMs: 10,
    });

    // Assess
    expect(logger.events[0]).toMatchObject({
      path: '/slow',
      status: 200,
      attributes: { tenant: 'none', aborted: true },
    });
  });

  it('never throws into the request when a callback or the logger throws', async () => {
    // Prepare
    const errors: RirekiError[] = [];
    const logger = {
      log: () => {
        throw new Error('logger broke');
      },
    };
    const app = express();
    app.use(
      actionLogMiddleware(logger, {
        getUserId: () => {
          throw new Error('no session store');
        },
        onError: (error) => errors.push(error),
      }),
    );
    app.get('/ok', (_req, res) => {
      res.send('fine');
    });
    const base = await serve(app);

    // Act
    const response = await fetch(`${base}/ok`);
    const text = await response.text();
    await waitFor('both errors to be reported', () => errors.length === 2, {
      timeoutMs: 5_000,
      intervalMs: 10,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(text).toBe('fine');
    expect(errors.map((error) => error.message)).toEqual(['no session store', 'logger broke']);
  });

  it('feeds the real logger: events reach SQS valid and redacted', async () => {
    // Prepare
    const queueUrl = await harness.createQueue();
    const logger = createActionLogger({ sqs: harness.sqs, queueUrl, app: 'shop', flushIntervalMs: 60_000 });
    const base = await serve(shopApp(logger));

    // Act
    for (const id of [1, 2, 3]) {
      const response = await fetch(`${base}/orders/${id}/items?token=t-${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': String(id) },
        body: JSON.stringify({ password: 'hunter2', quantity: id }),
      });
      await response.text();
    }
    await waitFor('three logged requests', () => logger.stats().logged === 3, {
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    await logger.close();
    const { events } = await receiveEvents(harness.sqs, queueUrl, (got) => got.length >= 3);

    // Assess
    expect(events.map((event) => event.path).sort()).toEqual([
      '/orders/1/items',
      '/orders/2/items',
      '/orders/3/items',
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ app: 'shop', method: 'POST', status: 201, action: '/orders/:id/items' });
      expect(event.params).toMatchObject({ token: REDACTED, password: REDACTED });
    }
  });

  it('a request whose event breaks the contract is answered, and its event rejected, not sent', async () => {
    // Prepare: a user id longer than the contract's 256 characters, from the app's own callback.
    const errors: RirekiError[] = [];
    const queueUrl = await harness.createQueue();
    const logger = createActionLogger({
      sqs: harness.sqs,
      queueUrl,
      app: 'shop',
      flushIntervalMs: 60_000,
      onError: (error) => errors.push(error),
    });
    const base = await serve(shopApp(logger));

    // Act
    const response = await fetch(`${base}/orders/1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': 'u'.repeat(300) },
      body: '{}',
    });
    await response.text();
    await waitFor('the logged request', () => logger.stats().logged === 1, {
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    await logger.close();

    // Assess
    expect(response.status).toBe(201);
    expect(logger.stats()).toMatchObject({ logged: 1, rejected: 1, sent: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ActionLogRejectedError);
    expect((errors[0] as ActionLogRejectedError).problems.map((problem) => problem.path)).toEqual(['userId']);
  });
});
