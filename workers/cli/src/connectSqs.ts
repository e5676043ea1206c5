import type { SQSClient } from '@aws-sdk/client-sqs';
import { createWorkerSqsClient } from '@rireki/adapters/sqs';
import { LOCAL_STACK } from '@rireki/contracts';
import { loadStackConfig } from './stack/stackConfig.js';

/**
 * The SQS client of a command: `--endpoint`, else the standard AWS endpoint variables, else the
 * local stack. The local stack's placeholder credentials follow the same rule as a worker's.
 */
export function connectSqs(
  endpointOption: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SQSClient {
  // The local stack's port and region, validated the way `rireki up` reads them.
  const stack = loadStackConfig(env);
  const endpoint =
    endpointOption ??
    env.AWS_ENDPOINT_URL_SQS ??
    env.AWS_ENDPOINT_URL ??
    `http://${LOCAL_STACK.host}:${stack.port}`;
  const local = endpoint.startsWith(`http://${LOCAL_STACK.host}`) || endpoint.startsWith('http://localhost');
  return createWorkerSqsClient(
    { mode: local ? 'local' : 'aws', region: stack.region, sqsEndpoint: endpoint },
    env,
  );
}
