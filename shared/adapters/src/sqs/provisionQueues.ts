import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DLQ_MAX_RECEIVE_COUNT, QUEUE_NAMES, QueueError } from '@rireki/contracts';

export interface ProvisionedQueues {
  readonly ingest: string;
  readonly ingestDlq: string;
  readonly search: string;
  readonly searchDlq: string;
}

export interface ProvisionOptions {
  /** Visibility timeout of the work queues, in seconds. @defaultValue 60 */
  readonly visibilityTimeoutS?: number;
  /** Appended to every queue name, for isolated test queues. @defaultValue '' */
  readonly suffix?: string;
}

/**
 * Creates rireki's queues (the work queues with their DLQs) if they are missing and returns their
 * URLs. CreateQueue is idempotent for equal attributes, so this is safe on every start.
 */
export async function provisionQueues(
  sqs: SQSClient,
  options: ProvisionOptions = {},
): Promise<ProvisionedQueues> {
  const suffix = options.suffix ?? '';
  const visibility = String(options.visibilityTimeoutS ?? 60);
  try {
    const createWithDlq = async (name: string, dlqName: string): Promise<[string, string]> => {
      const dlq = await sqs.send(
        new CreateQueueCommand({
          QueueName: dlqName + suffix,
          Attributes: { MessageRetentionPeriod: '1209600' },
        }),
      );
      const dlqUrl = required(dlq.QueueUrl, dlqName);
      const attrs = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
      );
      const dlqArn = required(attrs.Attributes?.QueueArn, `${dlqName} ARN`);
      const queue = await sqs.send(
        new CreateQueueCommand({
          QueueName: name + suffix,
          Attributes: {
            VisibilityTimeout: visibility,
            ReceiveMessageWaitTimeSeconds: '20',
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: dlqArn,
              maxReceiveCount: DLQ_MAX_RECEIVE_COUNT,
            }),
          },
        }),
      );
      return [required(queue.QueueUrl, name), dlqUrl];
    };
    const [ingest, ingestDlq] = await createWithDlq(QUEUE_NAMES.ingest, QUEUE_NAMES.ingestDlq);
    const [search, searchDlq] = await createWithDlq(QUEUE_NAMES.search, QUEUE_NAMES.searchDlq);
    return { ingest, ingestDlq, search, searchDlq };
  } catch (error) {
    if (error instanceof QueueError) throw error;
    throw new QueueError(`could not create rireki's queues: ${String(error)}`, { cause: error });
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new QueueError(`SQS returned no ${what}`);
  return value;
}
