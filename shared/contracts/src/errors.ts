import type { SearchErrorCode } from './search.js';

/**
 * Typed errors shared by every rireki package. Each carries a stable `code` an operator can grep
 * and says whether trying again can help (`retryable`), the way a queue consumer needs to decide
 * between "leave the message for redelivery" and "this input will never work".
 */

/** One problem with one field of an input, e.g. `{ path: 'events[2].status', message: 'expected an integer' }`. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export const ERROR_CODES = {
  configInvalid: 'CONFIG_INVALID',
  validationFailed: 'VALIDATION_FAILED',
  messageUndecodable: 'MESSAGE_UNDECODABLE',
  storageFailed: 'STORAGE_FAILED',
  catalogFailed: 'CATALOG_FAILED',
  encoderFailed: 'ENCODER_FAILED',
  queueFailed: 'QUEUE_FAILED',
  internal: 'INTERNAL',
} as const;

/**
 * A RirekiError's code: one of ERROR_CODES, or for an error that answers a search, the search
 * contract's own code (FORBIDDEN, BUSY …), so that the code says what the requester is told.
 */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES] | SearchErrorCode;

export interface RirekiErrorOptions extends ErrorOptions {
  readonly retryable?: boolean;
}

export class RirekiError extends Error {
  override readonly name: string = 'RirekiError';
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: RirekiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** Configuration could not be parsed; lists every bad variable. Never retryable. */
export class ConfigError extends RirekiError {
  override readonly name = 'ConfigError';
  readonly problems: readonly FieldProblem[];

  constructor(problems: readonly FieldProblem[]) {
    super(
      ERROR_CODES.configInvalid,
      `invalid configuration:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

/** An input (event, request) broke its contract. Never retryable: the same input fails the same way. */
export class ValidationError extends RirekiError {
  override readonly name = 'ValidationError';
  readonly problems: readonly FieldProblem[];

  constructor(problems: readonly FieldProblem[], message = 'input does not match its contract') {
    super(ERROR_CODES.validationFailed, `${message}: ${formatProblems(problems)}`);
    this.problems = problems;
  }
}

/** The lake (directory or S3) refused a read or write. Usually transient. */
export class StorageError extends RirekiError {
  override readonly name = 'StorageError';
  constructor(message: string, options: RirekiErrorOptions = {}) {
    super(ERROR_CODES.storageFailed, message, { retryable: true, ...options });
  }
}

/** The partition catalog refused a registration. Usually transient. */
export class CatalogError extends RirekiError {
  override readonly name = 'CatalogError';
  constructor(message: string, options: RirekiErrorOptions = {}) {
    super(ERROR_CODES.catalogFailed, message, { retryable: true, ...options });
  }
}

/** The Parquet encoder failed on a batch. */
export class EncoderError extends RirekiError {
  override readonly name = 'EncoderError';
  constructor(message: string, options: RirekiErrorOptions = {}) {
    super(ERROR_CODES.encoderFailed, message, { retryable: true, ...options });
  }
}

/** An SQS call failed. */
export class QueueError extends RirekiError {
  override readonly name = 'QueueError';
  constructor(message: string, options: RirekiErrorOptions = {}) {
    super(ERROR_CODES.queueFailed, message, { retryable: true, ...options });
  }
}

export function formatProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
}

/**
 * Turns anything thrown into a RirekiError, keeping the original as `cause`. An error that no
 * adapter classified is INTERNAL and not retryable: the adapters turn their clients' errors
 * (network, throttling, a missing bucket) into typed errors that say whether waiting helps, so an
 * unclassified one is a bug, and retrying a bug only delays the report of it.
 */
export function toRirekiError(thrown: unknown): RirekiError {
  if (thrown instanceof RirekiError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new RirekiError(ERROR_CODES.internal, message, { cause: thrown, retryable: false });
}
