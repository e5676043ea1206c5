// The SQS side of the adapters alone: a command that only talks to queues loads the SQS client,
// not the S3, Glue, Athena and DuckDB clients of the package's main entry.
export { createSqsClient, type SqsClientOptions } from './createSqsClient.js';
export { createWorkerSqsClient } from './createWorkerSqsClient.js';
export { resolveQueueUrl } from './resolveQueueUrl.js';
