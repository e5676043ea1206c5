import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** The messages on a queue by state; an attribute the endpoint leaves out is an error, not a zero. */
export async function queueDepth(
  sqs: SQSClient,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number; delayed: number }> {
  const names = [
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
    'ApproximateNumberOfMessagesDelayed',
  ] as const;
  const result = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...names] }),
  );
  const [visible, inFlight, delayed] = names.map((name) => {
    const value = result.Attributes?.[name];
    if (value === undefined) throw new Error(`${queueUrl}: GetQueueAttributes returned no ${name}`);
    return Number(value);
  }) as [number, number, number];
  return { visible, inFlight, delayed };
}

/** Every message a queue still holds, visible, in flight or delayed. */
export async function messagesOn(sqs: SQSClient, queueUrl: string): Promise<number> {
  const depth = await queueDepth(sqs, queueUrl);
  return depth.visible + depth.inFlight + depth.delayed;
}
