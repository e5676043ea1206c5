export {
  ACTION_LOG_CONTRACT_VERSION,
  ACTION_LOG_FIELDS,
  ACTION_LOG_LIMITS,
  APP_CODE_PATTERN,
  ActionLogEventSchema,
  ActionLogPackSchema,
  AppCodeSchema,
  CONTENT_ENCODING_ATTRIBUTE,
  GZIP_ENCODING,
  OccurredAtSchema,
  type ActionLogEvent,
  type ParsedActionLogEvent,
} from './actionLog.js';
export {
  ACTION_LOG_COLUMNS,
  ACTION_LOG_PARTITION_KEYS,
  ACTION_LOG_TABLE,
  COLUMN_KINDS,
  partitionKey,
  partitionPath,
  type ColumnDefinition,
  type ColumnKind,
  type LakeRow,
  type PartitionRef,
} from './columns.js';
export { DLQ_MAX_RECEIVE_COUNT, ENV_KEYS, LAKE_AREAS, LOCAL_STACK, QUEUE_NAMES } from './constants.js';
export { envEnum, envInt, envString, envUrl, parseEnv, type Env } from './env.js';
export {
  CatalogError,
  ConfigError,
  ERROR_CODES,
  EncoderError,
  QueueError,
  RirekiError,
  StorageError,
  ValidationError,
  formatProblems,
  toRirekiError,
  type ErrorCode,
  type FieldProblem,
  type RirekiErrorOptions,
} from './errors.js';
export { actionLogJsonSchema, publishedJsonSchemas } from './jsonSchemas.js';
export { decodeBody, encodeBody, type DecodeResult, type EncodedBody } from './messageCodec.js';
