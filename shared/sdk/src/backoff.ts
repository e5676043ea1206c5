/** How the logger retries SQS calls. */
export interface RetryPolicy {
  /** Tries per message, the first one included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential from `baseDelayMs`,
 * capped at `maxDelayMs`, with full jitter so that many producers that failed together (a
 * throttled queue) do not all come back at the same instant.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  return Math.round(random() * Math.min(policy.maxDelayMs, exponential));
}
