import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueueError } from '@rireki/contracts';
import { awsErrorName, messageOf } from '../aws/awsErrors.js';
import { isConnectionError, QueueEndpointUnreachableError, sqsEndpointUrl } from './queueEndpoint.js';

/**
 * Accepts a queue URL or a queue name (looked up with GetQueueUrl), so config can use either.
 * An endpoint that does not answer is a QueueEndpointUnreachableError naming it, not a missing queue.
 */
export async function resolveQueueUrl(sqs: SQSClient, nameOrUrl: string): Promise<string> {
  if (/^https?:\/\//.test(nameOrUrl)) return nameOrUrl;
  try {
    const result = await sqs.send(new GetQueueUrlCommand({ QueueName: nameOrUrl }));
    if (result.QueueUrl === undefined) throw new Error('no QueueUrl in the answer');
    return result.QueueUrl;
  } catch (error) {
    if (isConnectionError(error)) {
      throw new QueueEndpointUnreachableError(await sqsEndpointUrl(sqs), { cause: error });
    }
    if (awsErrorName(error) === 'QueueDoesNotExist') {
      throw new QueueError(`queue "${nameOrUrl}" was not found at ${await sqsEndpointUrl(sqs)}`, {
        cause: error,
        retryable: false,
      });
    }
    throw new QueueError(`queue "${nameOrUrl}" could not be looked up: ${messageOf(error)}`, {
      cause: error,
    });
  }
}
