import { type Env, envString, envUrl, LOCAL_STACK, parseEnv } from '@rireki/contracts';
import { z } from 'zod';

/** The AWS SDK settings a worker reads itself; credentials stay with the SDK's default chain. */
export interface AwsSettings {
  /** AWS_REGION; unset means the SDK's chain in aws mode, and the local stack's region locally. */
  readonly region: string | undefined;
  /** AWS_ENDPOINT_URL_SQS, else AWS_ENDPOINT_URL. */
  readonly sqsEndpoint: string | undefined;
}

const schema = z.object({
  AWS_REGION: envString(''),
  AWS_ENDPOINT_URL_SQS: envUrl(),
  AWS_ENDPOINT_URL: envUrl(),
});

/** Reads AWS_REGION, AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL; throws ConfigError naming a bad one. */
export function loadAwsSettings(env: Env, mode: 'local' | 'aws'): AwsSettings {
  const parsed = parseEnv(schema, env);
  return {
    region:
      parsed.AWS_REGION === '' ? (mode === 'local' ? LOCAL_STACK.region : undefined) : parsed.AWS_REGION,
    sqsEndpoint: parsed.AWS_ENDPOINT_URL_SQS ?? parsed.AWS_ENDPOINT_URL,
  };
}
