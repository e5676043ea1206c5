import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';

export interface SqsClientOptions {
  /** AWS region; unset uses the SDK's chain (AWS_REGION, profile). */
  readonly region?: string;
  /** Endpoint override; unset uses AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL, then AWS. */
  readonly endpoint?: string;
  /** Static credentials (the local stack's); unset uses the SDK's default credential chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** One SQSClient for a process, configured the AWS SDK's standard way; pass it to every SQS user. */
export function createSqsClient(options: SqsClientOptions = {}): SQSClient {
  const config: SQSClientConfig = { maxAttempts: 5 };
  if (options.region !== undefined) config.region = options.region;
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.credentials !== undefined) config.credentials = { ...options.credentials };
  return new SQSClient(config);
}
