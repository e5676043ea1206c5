export {
  ACTION_LOG_CONTRACT_VERSION,
  ACTION_LOG_FIELDS,
  ACTION_LOG_LIMITS,
  type ActionLogEvent,
  ActionLogEventSchema,
  ActionLogPackSchema,
  APP_CODE_PATTERN,
  AppCodeSchema,
  CONTENT_ENCODING_ATTRIBUTE,
  GZIP_ENCODING,
  OccurredAtSchema,
  type ParsedActionLogEvent,
} from './actionLog.js';
export { actionLogProblems } from './actionLogProblems.js';
export {
  ACTION_LOG_COLUMNS,
  ACTION_LOG_PARTITION_KEYS,
  ACTION_LOG_TABLE,
  COLUMN_KINDS,
  type ColumnDefinition,
  type ColumnKind,
  columnOfField,
  FIELD_COLUMNS,
  type FieldColumn,
  isNumericColumn,
  type LakeRow,
  type PartitionRef,
} from './columns.js';
export {
  DLQ_MAX_RECEIVE_COUNT,
  ENV_KEYS,
  LAKE_AREAS,
  LOCAL_STACK,
  QUEUE_NAMES,
  SQS_LIMITS,
} from './constants.js';
export { CONTRACT_PARSE, describeGiven } from './contractMessages.js';
export {
  collectProblems,
  type Env,
  envEnum,
  envInt,
  envString,
  envUrl,
  jsonObjectOf,
  parseAll,
  parseEnv,
} from './env.js';
export {
  CatalogError,
  ConfigError,
  EncoderError,
  ERROR_CODES,
  type ErrorCode,
  type FieldProblem,
  formatProblems,
  QueueError,
  RirekiError,
  type RirekiErrorOptions,
  StorageError,
  toRirekiError,
  ValidationError,
} from './errors.js';
export { fieldProblems } from './fieldProblems.js';
export {
  ACTION_LOG_TABLE_PARAMETERS,
  actionLogTableColumns,
  actionLogTableInput,
  type GlueColumnInput,
  type GlueTableInput,
  PARQUET_STORAGE,
} from './glueTable.js';
export { actionLogJsonSchema, publishedJsonSchemas } from './jsonSchemas.js';
export {
  appReplacementsFolder,
  compactTimestamp,
  isQuarantineFileKey,
  isRewrittenFileKey,
  newRewriteId,
  partitionKey,
  partitionPath,
  partitionProblem,
  quarantineDayFolder,
  quarantineFileKey,
  REPLACEMENTS_ROOT,
  replacementKey,
  replacementsFolder,
  replayMarkerKey,
  replayMarkerPlace,
  rewriteIdOf,
  rewrittenFileKey,
  tableFileKey,
  utcDate,
  utcDatesBetween,
  writtenAtMs,
} from './lakeKeys.js';
export { type DecodeResult, decodeBody, type EncodedBody, encodeBody } from './messageCodec.js';
export { METRIC_NAMES, METRICS_NAMESPACE, SEARCH_OUTCOME_LABEL, WORKER_DIMENSION } from './metricNames.js';
export { type EventOrigin, parseLakeRow, type RowResult } from './parseLakeRow.js';
export {
  isQuarantineListBody,
  QUARANTINE_LIMITS,
  QUARANTINE_REQUEST_KIND,
  type QuarantineEntry,
  QuarantineEntrySchema,
  type QuarantineLine,
  QuarantineLineSchema,
  type QuarantineListOkReply,
  QuarantineListOkReplySchema,
  type QuarantineListReply,
  QuarantineListReplySchema,
  type QuarantineListRequest,
  type QuarantineListRequestInput,
  QuarantineListRequestSchema,
  QuarantinePlaceSchema,
  type QuarantineReplay,
  QuarantineReplaySchema,
  validateQuarantineListReply,
  validateQuarantineListRequest,
} from './quarantine.js';
export { type Replacement, ReplacementSchema } from './replacement.js';
export {
  formatRetention,
  MAX_RETENTION_DAYS,
  type RetentionDays,
  retentionSetting,
} from './retention.js';
export { backoffDelay, type RetryHooks, type RetryPolicy, withRetry } from './retry.js';
export {
  ATTRIBUTE_FILTER_PATTERN,
  RETRYABLE_SEARCH_ERROR_CODES,
  type ReplyValidation,
  SEARCH_ATTRIBUTES,
  SEARCH_CONTRACT_VERSION,
  SEARCH_ERROR_CODES,
  SEARCH_FILTER_FIELDS,
  SEARCH_LIMITS,
  type SearchErrorCode,
  type SearchErrorReply,
  type SearchFilterField,
  type SearchFilterValue,
  SearchFilterValueSchema,
  type SearchOkReply,
  type SearchPointerReply,
  type SearchReply,
  type SearchRequest,
  type SearchRequestInput,
  SearchRequestSchema,
  type SearchRow,
  type SearchStats,
  type SearchValidation,
  validatePointedReply,
  validateSearchReply,
  validateSearchRequest,
} from './search.js';
export { type Accepted, requiredSetting, setting } from './setting.js';
export { signSearchRequest, verifySearchSignature } from './signRequest.js';
