/**
 * Names shared by the workers, the local stack and the CDK app, so deploy and code cannot drift.
 */

export const QUEUE_NAMES = {
  ingest: 'rireki-ingest',
  ingestDlq: 'rireki-ingest-dlq',
  search: 'rireki-search',
  searchDlq: 'rireki-search-dlq',
} as const;

/** Limits of Amazon SQS that rireki's senders and workers build their batch calls around. */
export const SQS_LIMITS = {
  /** Entries per SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch call. */
  batchEntries: 10,
  /** Bytes of one message, and of all the messages of one SendMessageBatch together. */
  batchBytes: 1024 * 1024,
} as const;

/** Receives before SQS moves a message to the DLQ. Content problems never count: they are quarantined. */
export const DLQ_MAX_RECEIVE_COUNT = 5;

/** Lake areas under the lake prefix. */
export const LAKE_AREAS = {
  table: 'action_logs',
  quarantine: 'quarantine',
  /** Search replies too large for SQS; short-lived (the CDK lifecycle rule expires them). */
  results: 'results',
  catalog: '_catalog',
  /** What lake maintenance records: which files a rewrite replaced, until they are removed. */
  maintenance: '_maintenance',
  /** The digest chains that account for every file of the table and quarantine areas. */
  digests: 'digests',
} as const;

/** Local stack defaults. */
export const LOCAL_STACK = {
  host: '127.0.0.1',
  port: 4566,
  region: 'us-east-1',
  dataDir: './.rireki',
  /** The embedded endpoint accepts any credentials; the SDK still wants some. */
  accessKeyId: 'rireki-local',
  secretAccessKey: 'rireki-local',
  /** Prometheus endpoint of each worker on `host` (`RIREKI_<WORKER>_METRICS_PORT`). */
  metricsPorts: { ingest: 9466, query: 9467, maintenance: 9468 },
  /** The web console's port on `host` (`RIREKI_CONSOLE_PORT`). */
  consolePort: 4580,
} as const;

/** Environment variables rireki reads (besides the AWS SDK's own). */
export const ENV_KEYS = {
  mode: 'RIREKI_MODE',
  dataDir: 'RIREKI_DATA_DIR',
  lake: 'RIREKI_LAKE',
  ingestQueue: 'RIREKI_INGEST_QUEUE',
  logLevel: 'RIREKI_LOG_LEVEL',
  flushMaxRows: 'RIREKI_FLUSH_MAX_ROWS',
  flushMaxBytes: 'RIREKI_FLUSH_MAX_BYTES',
  flushMaxAgeMs: 'RIREKI_FLUSH_MAX_AGE_MS',
  maxBufferedBytes: 'RIREKI_MAX_BUFFERED_BYTES',
  digests: 'RIREKI_DIGESTS',
  digestIntervalMs: 'RIREKI_DIGEST_INTERVAL_MS',
  digestKmsKey: 'RIREKI_DIGEST_KMS_KEY',
  visibilityTimeoutS: 'RIREKI_VISIBILITY_TIMEOUT_S',
  receivers: 'RIREKI_RECEIVERS',
  receiveWaitS: 'RIREKI_RECEIVE_WAIT_S',
  drainTimeoutMs: 'RIREKI_DRAIN_TIMEOUT_MS',
  port: 'RIREKI_PORT',
  ingestMetricsPort: 'RIREKI_INGEST_METRICS_PORT',
  queryMetricsPort: 'RIREKI_QUERY_METRICS_PORT',
  maintenanceMetricsPort: 'RIREKI_MAINTENANCE_METRICS_PORT',
  queueSync: 'RIREKI_QUEUE_SYNC',
  searchQueue: 'RIREKI_SEARCH_QUEUE',
  searchAccess: 'RIREKI_SEARCH_ACCESS',
  searchGrants: 'RIREKI_SEARCH_GRANTS',
  requesterKeys: 'RIREKI_REQUESTER_KEYS',
  consoleHost: 'RIREKI_CONSOLE_HOST',
  consolePort: 'RIREKI_CONSOLE_PORT',
  consoleToken: 'RIREKI_CONSOLE_TOKEN',
  replyQueues: 'RIREKI_REPLY_QUEUES',
  searchMaxSpanDays: 'RIREKI_SEARCH_MAX_SPAN_DAYS',
  searchTimeoutMs: 'RIREKI_SEARCH_TIMEOUT_MS',
  searchMaxWaitMs: 'RIREKI_SEARCH_MAX_WAIT_MS',
  replyInlineMaxBytes: 'RIREKI_REPLY_INLINE_MAX_BYTES',
  searchConcurrency: 'RIREKI_SEARCH_CONCURRENCY',
  catalog: 'RIREKI_CATALOG',
  engine: 'RIREKI_ENGINE',
  glueDatabase: 'RIREKI_GLUE_DATABASE',
  athenaWorkgroup: 'RIREKI_ATHENA_WORKGROUP',
  s3Sse: 'RIREKI_S3_SSE',
  s3KmsKeyId: 'RIREKI_S3_KMS_KEY_ID',
  maintenanceIntervalMs: 'RIREKI_MAINTENANCE_INTERVAL_MS',
  compactQuietMs: 'RIREKI_COMPACT_QUIET_MS',
  compactMinFiles: 'RIREKI_COMPACT_MIN_FILES',
  compactMaxRowsPerFile: 'RIREKI_COMPACT_MAX_ROWS_PER_FILE',
  replacedGraceMs: 'RIREKI_REPLACED_GRACE_MS',
  rewriteMemoryLimit: 'RIREKI_REWRITE_MEMORY_LIMIT',
  compactZstdLevel: 'RIREKI_COMPACT_ZSTD_LEVEL',
  retention: 'RIREKI_RETENTION',
  quarantineRetentionDays: 'RIREKI_QUARANTINE_RETENTION_DAYS',
  resultsRetentionDays: 'RIREKI_RESULTS_RETENTION_DAYS',
} as const;
