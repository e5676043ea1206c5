export { CachedPartitionCatalog } from './CachedPartitionCatalog.js';
export { createLogger, LOG_LEVELS, type Logger } from './createLogger.js';
export { DirectoryObjectStore } from './local/DirectoryObjectStore.js';
export { DuckDbParquetEncoder, type DuckDbParquetEncoderOptions } from './local/DuckDbParquetEncoder.js';
export {
  DUCKDB_DIALECT,
  DuckDbQueryEngine,
  type DuckDbQueryEngineOptions,
} from './local/DuckDbQueryEngine.js';
export { LocalPartitionCatalog } from './local/LocalPartitionCatalog.js';
export { type EmbeddedSqs, type EmbeddedSqsOptions, startEmbeddedSqs } from './local/startEmbeddedSqs.js';
export type { ObjectStore } from './ports/ObjectStore.js';
export type { ParquetEncoder } from './ports/ParquetEncoder.js';
export type { PartitionCatalog } from './ports/PartitionCatalog.js';
export {
  type QueryEngine,
  QueryEngineError,
  type QueryEngineErrorOptions,
  type QueryOptions,
  type QueryResult,
  type SqlDialect,
  type SqlStatement,
  type SqlValue,
} from './ports/QueryEngine.js';
export { runWorkerProcess, type StartedWorker } from './runtime/runWorkerProcess.js';
export { createSqsClient, type SqsClientOptions } from './sqs/createSqsClient.js';
export { createWorkerSqsClient } from './sqs/createWorkerSqsClient.js';
export { type ProvisionedQueues, type ProvisionOptions, provisionQueues } from './sqs/provisionQueues.js';
export { resolveQueueUrl } from './sqs/resolveQueueUrl.js';
export { stopConsumers } from './sqs/stopConsumers.js';
