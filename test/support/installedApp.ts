// An app that installed rireki from tarballs: the packages integration test copies this file into
// a scratch directory outside the workspace and runs it there with Node's type stripping, so it
// imports only what an app can (the published packages) and uses only erasable TypeScript.
// Prints one JSON line: the eventIds the search client found.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  ActionLogRejectedError,
  actionLogMiddleware,
  createActionLogger,
  createSearchClient,
} from '@rireki/sdk';
import express, { type Request } from 'express';

const run = process.env.RUN_ID ?? 'run';
const ingestQueueUrl = process.env.INGEST_QUEUE_URL ?? '';
const searchQueueUrl = process.env.SEARCH_QUEUE_URL ?? '';
// An endpoint set in code, not only AWS_ENDPOINT_URL_SQS, makes the AWS SDK send to it rather
// than to the host in the queue URL (sqs.us-east-1.localhost, which not every resolver knows).
const endpoint = process.env.AWS_ENDPOINT_URL_SQS;
const sqs = new SQSClient(endpoint === undefined ? {} : { endpoint });
const problems: string[] = [];
const logger = createActionLogger({
  sqs,
  queueUrl: ingestQueueUrl,
  app: 'shop',
  flushIntervalMs: 100,
  onError: (error) =>
    problems.push(error instanceof ActionLogRejectedError ? `rejected ${error.eventId}` : error.message),
});

// The logger alone, and one event it must refuse.
logger.log({ eventId: `${run}-direct`, path: '/direct', status: 200 });
logger.log({ eventId: `${run}-bad`, path: '/bad', status: '200' } as unknown as Parameters<
  typeof logger.log
>[0]);

// The middleware, on a real server.
const app = express();
app.use(express.json());
app.use(actionLogMiddleware(logger, { getUserId: (req: Request) => req.header('x-user-id') }));
app.post('/orders/:id', (_req, res) => {
  res.status(201).json({ ok: true });
});
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
const response = await fetch(`http://127.0.0.1:${port}/orders/${run}`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-user-id': `${run}-user` },
  body: JSON.stringify({ quantity: 2 }),
});
await response.text();
server.close();
await logger.close();

// The search client, until both events have landed.
const client = await createSearchClient({ sqs, searchQueueUrl, timeoutMs: 10_000 });
const from = new Date(Date.now() - 3_600_000).toISOString();
const to = new Date(Date.now() + 60_000).toISOString();
const deadline = Date.now() + 30_000;
let found: string[] = [];
let middlewarePath: unknown;
while (Date.now() < deadline) {
  const direct = await client.search({ app: 'shop', from, to, filters: { eventId: `${run}-direct` } });
  const viaMiddleware = await client.search({ app: 'shop', from, to, filters: { userId: `${run}-user` } });
  found = [...direct.rows, ...viaMiddleware.rows].map((row) => String(row.eventId));
  middlewarePath = viaMiddleware.rows[0]?.path;
  if (direct.rows.length === 1 && viaMiddleware.rows.length === 1) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
await client.close();
sqs.destroy();
process.stdout.write(`${JSON.stringify({ found, middlewarePath, problems, stats: logger.stats() })}\n`);
