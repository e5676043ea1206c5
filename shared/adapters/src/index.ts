export {
  AthenaDdlPartitionCatalog,
  type AthenaDdlPartitionCatalogOptions,
} from './aws/AthenaDdlPartitionCatalog.js';
export {
  ATHENA_DIALECT,
  AthenaQueryEngine,
  type AthenaQueryEngineOptions,
} from './aws/AthenaQueryEngine.js';
export type { AthenaClock, AthenaPolling } from './aws/AthenaQueryRunner.js';
export {
  type ActionLogTableOptions,
  actionLogTableColumns,
  actionLogTableDdl,
  glueTableInput,
  PARQUET_STORAGE,
} from './aws/actionLogTableDdl.js';
export { GluePartitionCatalog, type GluePartitionCatalogOptions } from './aws/GluePartitionCatalog.js';
export { KmsDigestSigner, kmsKeyring } from './aws/KmsDigestSigner.js';
export { type S3Encryption, S3ObjectStore, type S3ObjectStoreOptions } from './aws/S3ObjectStore.js';
export { formatS3Uri, parseS3Uri, type S3Location } from './aws/s3Uri.js';
export { CachedPartitionCatalog } from './CachedPartitionCatalog.js';
export { type AwsSettings, loadAwsSettings } from './config/awsSettings.js';
export {
  type DigestSettings,
  digestSettingsOf,
  digestSettingsProblems,
  digestSettingsShape,
} from './config/digestSettings.js';
export { type LakeSettings, loadLakeSettings } from './config/lakeSettings.js';
export { loadWorkerEnv, type WorkerEnv, type WorkerMode } from './config/loadWorkerEnv.js';
export { type MetricsWorker, metricsPortSetting } from './config/metricsSettings.js';
export { createLogger, type EventLoggers, LOG_LEVELS, type Logger } from './createLogger.js';
export { inScope, type VerifyScope } from './digests/accountFiles.js';
export {
  DigestLedger,
  type DigestLedgerEvents,
  type DigestLedgerOptions,
  type FileLedger,
  NO_LEDGER,
} from './digests/DigestLedger.js';
export { DIGEST_EVENTS, digestEvents } from './digests/digestEvents.js';
export { addRecord, describeFile } from './digests/digestRecords.js';
export {
  Ed25519DigestSigner,
  LOCAL_KEY_FILES,
  openLocalSigningKey,
  readLocalPublicKey,
} from './digests/localSigningKey.js';
export { type OpenLedger, openDigestLedger } from './digests/openDigestLedger.js';
export { readDigest, readPendingRecord, readSignedEnvelope } from './digests/readEnvelopes.js';
export { resolveAgainstLake, storedSha256 } from './digests/resolveAgainstLake.js';
export { keyIdOf, signatureProblem, signPayload, TrustedKeyring } from './digests/signatures.js';
export {
  type ChainsRead,
  type FoundRecord,
  type VerifyFailure,
  verifyChains,
} from './digests/verifyChains.js';
export {
  type VerifyOptions,
  type VerifyProgress,
  type VerifyReport,
  verifyLake,
} from './digests/verifyLake.js';
export {
  isDuplicateFree,
  livePartitionFiles,
  type PartitionFiles,
  readReplacements,
  readReplacementsOfPartitions,
} from './lake/livePartitionFiles.js';
export {
  markReplayed,
  type QuarantinedRecord,
  type QuarantinePlace,
  type QuarantineSelection,
  readQuarantine,
  readQuarantineFile,
} from './lake/quarantineArea.js';
export { DirectoryObjectStore } from './local/DirectoryObjectStore.js';
export { DuckDbParquetEncoder, type DuckDbParquetEncoderOptions } from './local/DuckDbParquetEncoder.js';
export {
  DuckDbPartitionRewriter,
  type DuckDbPartitionRewriterOptions,
  REWRITE_SORT_KEY,
} from './local/DuckDbPartitionRewriter.js';
export {
  DUCKDB_DIALECT,
  DuckDbQueryEngine,
  type DuckDbQueryEngineOptions,
} from './local/DuckDbQueryEngine.js';
export type { QueueSync } from './local/fauxqsPersistence.js';
export { LocalPartitionCatalog } from './local/LocalPartitionCatalog.js';
export { type EmbeddedSqs, type EmbeddedSqsOptions, startEmbeddedSqs } from './local/startEmbeddedSqs.js';
export { EMF_MAX_VALUES, type EmfDocument } from './metrics/EmfBuffer.js';
export {
  type CounterDefinition,
  DURATION_BUCKETS_S,
  type GaugeDefinition,
  type HistogramDefinition,
  type MetricDefinition,
  type MetricDefinitions,
  type MetricUnit,
  WORKER_UP_METRIC,
} from './metrics/metricDefinitions.js';
export { readPrometheusText } from './metrics/readPrometheusText.js';
export { type MetricsServer, serveMetrics, type WorkerHealth } from './metrics/serveMetrics.js';
export { type StartedMetrics, startWorkerMetrics } from './metrics/startWorkerMetrics.js';
export { createWorkerMetrics, type EmfOptions, type WorkerMetrics } from './metrics/WorkerMetrics.js';
export { type AwsClients, openObjectStore, openPartitionCatalog, openQueryEngine } from './openLake.js';
export { runWorkerProcess, type StartedWorker, workerProcessEvents } from './runtime/runWorkerProcess.js';
export { createSqsClient, type SqsClientOptions } from './sqs/createSqsClient.js';
export { createWorkerSqsClient } from './sqs/createWorkerSqsClient.js';
export { type ProvisionedQueues, type ProvisionOptions, provisionQueues } from './sqs/provisionQueues.js';
export { messagesOn, queueDepth } from './sqs/queueDepth.js';
export {
  isConnectionError,
  isLocalEndpoint,
  QueueEndpointUnreachableError,
  sqsEndpointUrl,
} from './sqs/queueEndpoint.js';
export { resolveQueueUrl } from './sqs/resolveQueueUrl.js';
export { stopConsumers } from './sqs/stopConsumers.js';
