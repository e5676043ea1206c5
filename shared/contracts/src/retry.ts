import { ExponentialBackoff, fullJitterGenerator, handleWhen, retry } from 'cockatiel';
import { type RirekiError, toRirekiError } from './errors.js';

/** How a failing call is tried again. One shape for every retry in rireki. */
export interface RetryPolicy {
  /** Tries in all, the first one included. */
  readonly attempts: number;
  /** The typical first wait; later waits grow about twofold. */
  readonly baseDelayMs: number;
  /** No wait is longer. */
  readonly maxDelayMs: number;
}

export interface RetryHooks {
  /** Called before each wait, with the error of the try that failed and the wait ahead. */
  readonly onRetry?: (failure: {
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: RirekiError;
  }) => void;
  /** Stops waiting and trying when aborted; the last error is thrown. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `fn` until it succeeds, fails with an error whose `retryable` is false (retrying cannot
 * help: a bad key, a refused request), or has used its attempts; then throws the last error as a
 * RirekiError. Waits follow cockatiel's exponential backoff with full jitter (the curve of
 * backoffDelay), so that many workers that failed together (a shared outage, a throttled queue)
 * do not come back in step.
 *
 * @example
 * const file = await withRetry({ attempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 }, () => store.put(key, body), {
 *   onRetry: ({ attempt, delayMs, error }) => log.warn({ attempt, delayMs, code: error.code }, 'put failed'),
 * });
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  hooks: RetryHooks = {},
): Promise<T> {
  const retrying = retry(
    handleWhen((error) => toRirekiError(error).retryable),
    {
      maxAttempts: Math.max(0, policy.attempts - 1),
      backoff: new ExponentialBackoff({
        generator: fullJitterGenerator,
        initialDelay: policy.baseDelayMs,
        maxDelay: policy.maxDelayMs,
      }),
    },
  );
  const { onRetry } = hooks;
  const listener =
    onRetry === undefined
      ? undefined
      : retrying.onRetry((failure) => {
          if ('error' in failure)
            onRetry({
              attempt: failure.attempt,
              delayMs: failure.delay,
              error: toRirekiError(failure.error),
            });
        });
  try {
    return await retrying.execute(({ attempt }) => fn(attempt + 1), hooks.signal);
  } catch (error) {
    throw toRirekiError(error);
  } finally {
    listener?.dispose();
  }
}

/**
 * The wait before retry number `retry` (1 for the first) of a loop that sleeps on a clock of its
 * own (a sender retrying the failed entries of a batch, a supervisor restarting a process): the
 * same full-jitter curve as withRetry, a random wait below min(maxDelayMs, baseDelayMs × 2^(retry−1)).
 */
export function backoffDelay(
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  retry: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
