import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSqs, startEmbeddedSqs } from '../local/startEmbeddedSqs.js';
import { createSqsClient } from './createSqsClient.js';
import { QueueEndpointUnreachableError } from './queueEndpoint.js';
import { resolveQueueUrl } from './resolveQueueUrl.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const client = (endpoint: string) => createSqsClient({ endpoint, region: 'us-east-1', credentials });

describe('resolveQueueUrl', () => {
  let server: EmbeddedSqs;
  let sqs: SQSClient;
  // A port that nothing listens on: the port of a stopped endpoint.
  let stoppedEndpoint: string;

  beforeAll(async () => {
    const stopped = await startEmbeddedSqs({ port: 0 });
    stoppedEndpoint = stopped.endpoint;
    await stopped.stop();
    server = await startEmbeddedSqs({ port: 0 });
    sqs = client(server.endpoint);
  });

  afterAll(async () => {
    sqs.destroy();
    await server.stop();
  });

  it('looks a queue name up and passes a URL through', async () => {
    const created = await sqs.send(new CreateQueueCommand({ QueueName: `resolve-${Date.now()}` }));
    const name = created.QueueUrl?.split('/').pop() ?? '';

    await expect(resolveQueueUrl(sqs, name)).resolves.toBe(created.QueueUrl);
    await expect(resolveQueueUrl(sqs, 'http://elsewhere/1/q')).resolves.toBe('http://elsewhere/1/q');
  });

  it('says a missing queue was not found, and where it looked', async () => {
    const lookup = resolveQueueUrl(sqs, 'no-such-queue');

    await expect(lookup).rejects.toThrow(`queue "no-such-queue" was not found at ${server.endpoint}`);
    await expect(lookup).rejects.not.toBeInstanceOf(QueueEndpointUnreachableError);
  });

  it('says a local endpoint that does not answer cannot be reached, and how to start it', async () => {
    const down = client(stoppedEndpoint);

    const lookup = resolveQueueUrl(down, 'rireki-search');

    await expect(lookup).rejects.toBeInstanceOf(QueueEndpointUnreachableError);
    await expect(lookup).rejects.toThrow(
      `the SQS endpoint ${stoppedEndpoint} cannot be reached (is the local stack running? start it with \`rireki up\`)`,
    );
    await expect(lookup).rejects.not.toThrow(/not found/);
    down.destroy();
  });

  it('names a remote endpoint without suggesting the local stack', async () => {
    const remote = client('http://sqs.invalid:4566');

    const lookup = resolveQueueUrl(remote, 'rireki-search');

    await expect(lookup).rejects.toThrow(
      'the SQS endpoint http://sqs.invalid:4566 cannot be reached (check the endpoint URL, the region and the network)',
    );
    remote.destroy();
  });
});
