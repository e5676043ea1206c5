/**
 * How rireki reads an error thrown by an AWS SDK v3 client. The SDK marks every service error with
 * `$fault` ('client' | 'server'); throttling codes are client faults that waiting does fix.
 */

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'ProvisionedThroughputExceededException',
]);

// Client faults that are not the request's fault: trying again later can succeed.
const TRANSIENT_CLIENT_ERRORS = new Set([
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'OperationTimeoutException',
]);

/** The service's error code (`NoSuchKey`, `AlreadyExistsException`…), or the JavaScript error's name. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

export function isThrottlingError(error: unknown): boolean {
  const name = awsErrorName(error);
  return name !== undefined && THROTTLING.has(name);
}

/**
 * Whether trying again can help: everything but a client fault (bad input, access denied, a missing
 * bucket) that is not throttling. Errors without `$fault` (network, timeouts) count as transient.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (isThrottlingError(error)) return true;
  const name = awsErrorName(error);
  if (name !== undefined && TRANSIENT_CLIENT_ERRORS.has(name)) return true;
  const fault =
    typeof error === 'object' && error !== null ? (error as { $fault?: unknown }).$fault : undefined;
  return fault !== 'client';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
