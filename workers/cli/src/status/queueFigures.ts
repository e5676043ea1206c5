import type { SQSClient } from '@aws-sdk/client-sqs';
import { QueueEndpointUnreachableError, queueDepth, resolveQueueUrl } from '@rireki/adapters';
import type { QueueStatus } from './statusReport.js';

/** Why a local queue's oldest-message age is not shown. */
export const LOCAL_AGE_UNKNOWN =
  'SQS queue attributes give no message age (on AWS it comes from CloudWatch); reading a message to find it would count as a receive';

/** Depth of each queue by its attributes; whether the endpoint answered at all. */
export async function queueFigures(
  sqs: SQSClient,
  names: readonly string[],
): Promise<{ reachable: boolean; queues: QueueStatus[] }> {
  const queues: QueueStatus[] = [];
  for (const name of names) {
    try {
      const url = await resolveQueueUrl(sqs, name);
      const depth = await queueDepth(sqs, url);
      const empty = depth.visible + depth.inFlight + depth.delayed === 0;
      queues.push({
        name,
        url,
        ...depth,
        oldestAge: empty ? { seconds: 0 } : { seconds: null, why: LOCAL_AGE_UNKNOWN },
      });
    } catch (error) {
      if (error instanceof QueueEndpointUnreachableError) return { reachable: false, queues: [] };
      queues.push({
        name,
        url: null,
        visible: null,
        inFlight: null,
        delayed: null,
        oldestAge: { seconds: null, why: (error as Error).message },
      });
    }
  }
  return { reachable: true, queues };
}
