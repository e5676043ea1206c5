import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createSqsClient, type EmbeddedSqs, startEmbeddedSqs } from '@rireki/adapters';
import { embeddedS3Client } from '@rireki/adapters/testing';
import { SEARCH_ATTRIBUTES } from '@rireki/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withSearchClient } from './searchSession.js';

const BUCKET = 'rireki-lake';
const KEY = 'prod/results/dt=2026-11-24/reply.json';
const ROW = {
  eventId: 'e-1',
  app: 'shop',
  occurredAt: '2026-11-24T01:02:03.000Z',
  receivedAt: '2026-11-24T01:02:04.000Z',
};

/**
 * On AWS the query worker puts a reply too large for SQS in S3 and sends its s3:// location. The
 * CLI and the console must follow it with the default credential chain, which the SDK alone
 * (file:// only) cannot: here the embedded endpoint serves both the queues and the bucket.
 */
describe('withSearchClient reads replies behind an s3:// pointer', () => {
  let server: EmbeddedSqs;
  let sqs: SQSClient;
  let s3: S3Client;
  let searchQueue: string;

  beforeAll(async () => {
    server = await startEmbeddedSqs({ port: 0 });
    sqs = createSqsClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    s3 = embeddedS3Client(server.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const body = JSON.stringify({
      ok: true,
      rows: [ROW],
      nextCursor: null,
      stats: { engine: 'athena', elapsedMs: 1 },
    });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: body }));
    searchQueue =
      (await sqs.send(new CreateQueueCommand({ QueueName: 'rireki-search-pointer' }))).QueueUrl ?? '';
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  afterAll(async () => {
    s3.destroy();
    sqs.destroy();
    await server.stop();
  });

  /** Answers the next search on the queue with a pointer to the stored reply, as the query worker does on AWS. */
  const answerWithPointer = async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: searchQueue,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      const request = Messages?.[0];
      if (request === undefined) continue;
      const attributes = request.MessageAttributes ?? {};
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: attributes[SEARCH_ATTRIBUTES.replyTo]?.StringValue ?? '',
          MessageBody: JSON.stringify({ ok: true, pointer: { location: `s3://${BUCKET}/${KEY}`, bytes: 1 } }),
          MessageAttributes: {
            [SEARCH_ATTRIBUTES.correlationId]: {
              DataType: 'String',
              StringValue: attributes[SEARCH_ATTRIBUTES.correlationId]?.StringValue ?? '',
            },
          },
        }),
      );
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: searchQueue, ReceiptHandle: request.ReceiptHandle }),
      );
      return;
    }
    throw new Error('no search arrived');
  };

  it('follows the pointer into S3 with the standard AWS endpoint variables', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', server.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'x');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'x');
    vi.stubEnv('AWS_REGION', 'us-east-1');

    const [page] = await Promise.all([
      withSearchClient(sqs, { queue: searchQueue, timeoutMs: 10_000 }, (client) =>
        client.search({ app: 'shop', from: '2026-11-24T00:00:00Z', to: '2026-11-25T00:00:00Z' }),
      ),
      answerWithPointer(),
    ]);

    expect(page.rows).toEqual([ROW]);
  });
});
