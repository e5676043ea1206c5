import type { SQSClient } from '@aws-sdk/client-sqs';
import { type Env, LOCAL_STACK } from '@rireki/contracts';
import { createSqsClient } from './createSqsClient.js';

/**
 * The SQS client of a worker process: region and endpoint from its configuration; in local mode,
 * without AWS credentials in the environment, the embedded endpoint's placeholder credentials
 * (it accepts any); otherwise the SDK's default credential chain.
 */
export function createWorkerSqsClient(
  config: {
    readonly mode: 'local' | 'aws';
    readonly region: string | undefined;
    readonly sqsEndpoint: string | undefined;
  },
  env: Env,
): SQSClient {
  return createSqsClient({
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.sqsEndpoint === undefined ? {} : { endpoint: config.sqsEndpoint }),
    ...(config.mode === 'local' && !env.AWS_ACCESS_KEY_ID
      ? {
          credentials: { accessKeyId: LOCAL_STACK.accessKeyId, secretAccessKey: LOCAL_STACK.secretAccessKey },
        }
      : {}),
  });
}
