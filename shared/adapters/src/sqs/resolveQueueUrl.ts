import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueueError } from '@rireki/contracts';

/** Accepts a queue URL or a queue name (looked up with GetQueueUrl), so config can use either. */
export async function resolveQueueUrl(sqs: SQSClient, nameOrUrl: string): Promise<string> {
  if (/^https?:\/\//.test(nameOrUrl)) return nameOrUrl;
  try {
    const result = await sqs.send(new GetQueueUrlCommand({ QueueName: nameOrUrl }));
    if (result.QueueUrl === undefined) throw new Error('no QueueUrl in the answer');
    return result.QueueUrl;
  } catch (error) {
    throw new QueueError(`queue "${nameOrUrl}" was not found: ${String(error)}`, { cause: error });
  }
}
