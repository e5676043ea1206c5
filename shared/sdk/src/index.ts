export {
  type ActionLogHandler,
  type ActionLogMiddlewareOptions,
  actionLogMiddleware,
  type MiddlewareRequest,
} from './actionLogMiddleware.js';
export { createActionLogger } from './createActionLogger.js';
export {
  ActionLogDroppedError,
  ActionLogRejectedError,
  ActionLogSendError,
  DROP_REASONS,
  type DropReason,
} from './errors.js';
export { type ActionLoggerOptions, DEFAULT_MAX_MESSAGE_BYTES, type RetryOptions } from './options.js';
export { type PackedMessage, type PackRejectHandler, packEvents } from './packEvents.js';
export { DEFAULT_REDACT_KEYS, REDACTED } from './redact.js';
export {
  type AppList,
  type CallOptions,
  createSearchClient,
  type Histogram,
  type HistogramQuery,
  type QuarantinePage,
  type QuarantineQuery,
  type SearchClient,
  type SearchClientOptions,
  type SearchPage,
  type TopValues,
  type TopValuesQuery,
} from './search/createSearchClient.js';
export { type PointerReader, readFilePointer } from './search/readPointer.js';
export { s3PointerReader } from './search/readS3Pointer.js';
export { SearchReplyError } from './search/SearchReplyError.js';
export type {
  ActionLogger,
  ActionLoggerStats,
  ActionLogInput,
  LoggerClock,
  SqsBatchSender,
} from './types.js';
