import { describe, expect, it } from 'vitest';
import { RirekiError, StorageError, ValidationError } from './errors.js';
import { backoffDelay, withRetry } from './retry.js';

const FAST = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 } as const;

describe('withRetry', () => {
  it('tries again after retryable errors until the call succeeds, reporting each wait', async () => {
    const waits: Array<{ attempt: number; delayMs: number; code: string }> = [];
    let calls = 0;
    const result = await withRetry(
      FAST,
      async (attempt) => {
        calls++;
        expect(attempt).toBe(calls);
        if (attempt < 3) throw new StorageError(`down ${attempt}`);
        return 'done';
      },
      { onRetry: ({ attempt, delayMs, error }) => waits.push({ attempt, delayMs, code: error.code }) },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(waits.map((w) => [w.attempt, w.code])).toEqual([
      [1, 'STORAGE_FAILED'],
      [2, 'STORAGE_FAILED'],
    ]);
    for (const wait of waits) expect(wait.delayMs).toBeLessThanOrEqual(FAST.maxDelayMs);
  });

  it('stops at once on an error that says retrying cannot help', async () => {
    let calls = 0;
    const error = await withRetry(FAST, async () => {
      calls++;
      throw new ValidationError([{ path: 'app', message: 'is required' }]);
    }).catch((thrown: unknown) => thrown);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(ValidationError);
  });

  it('stops at once on an error nobody classified: a bug does not heal by waiting', async () => {
    let calls = 0;
    const error = await withRetry(FAST, async () => {
      calls++;
      throw new TypeError('undefined is not a function');
    }).catch((thrown: unknown) => thrown);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(RirekiError);
    expect((error as RirekiError).cause).toBeInstanceOf(TypeError);
  });

  it('gives up after its attempts and throws the last error', async () => {
    let calls = 0;
    const error = await withRetry(FAST, async (attempt) => {
      calls++;
      throw new StorageError(`down ${attempt}`);
    }).catch((thrown: unknown) => thrown);
    expect(calls).toBe(FAST.attempts);
    expect((error as Error).message).toBe(`down ${FAST.attempts}`);
  });
});

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [30, 1000],
  ])('retry %i waits below %i ms, at random', (retry, ceiling) => {
    expect(backoffDelay(policy, retry, () => 0.999_999)).toBe(ceiling - 1);
    expect(backoffDelay(policy, retry, () => 0)).toBe(0);
  });
});
