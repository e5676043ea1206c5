import { APP_CODE_PATTERN, jsonObjectOf, type PartitionRef, utcDate } from '@rireki/contracts';
import { z } from 'zod';

const DAY_MS = 86_400_000;

/** How long each app's events are kept, by event date; null is for ever. */
export interface RetentionPolicy {
  /** Days per app; `*` for every app not named. An app with neither is kept for ever. */
  readonly days: ReadonlyMap<string, number | null>;
  /** Days the quarantine area keeps a file, by the day it was written. */
  readonly quarantineDays: number;
  /** Days the results area keeps a large search reply (the SDK reads it within seconds). */
  readonly resultsDays: number;
}

const DAYS_MESSAGE = 'must be a number of days from 1 to 36500, or "unlimited"';
const Days = z.union([z.literal('unlimited'), z.number().int().min(1).max(36_500)]);

/**
 * RIREKI_RETENTION as JSON, e.g. `{"shop": 400, "*": 90}`; empty keeps every app for ever. The
 * zod schema of an env var: its problems name the variable and the entry.
 */
export function retentionSetting() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): ReadonlyMap<string, number | null> => {
      if (raw === undefined || raw.trim() === '') return new Map();
      const value = jsonObjectOf(raw);
      if (value === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a JSON object of days per app, e.g. {"shop": 400, "*": 90} (got ${JSON.stringify(raw)})`,
        });
        return z.NEVER;
      }
      const days = new Map<string, number | null>();
      for (const [key, given] of Object.entries(value)) {
        const parsed = Days.safeParse(given);
        if (key !== '*' && !APP_CODE_PATTERN.test(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `must be an app code or "*" (got ${JSON.stringify(key)})`,
          });
        } else if (!parsed.success) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${DAYS_MESSAGE} (got ${JSON.stringify(given)})`,
          });
        } else days.set(key, parsed.data === 'unlimited' ? null : parsed.data);
      }
      return days;
    });
}

/** The first date an app keeps (YYYY-MM-DD): partitions dated before it have expired. Null for ever. */
export function firstKeptDate(policy: RetentionPolicy, app: string, nowMs: number): string | null {
  const days = policy.days.has(app) ? policy.days.get(app) : policy.days.get('*');
  if (days === undefined || days === null) return null;
  return utcDate(nowMs - days * DAY_MS);
}

/** Whether retention has expired the partition. */
export function isExpired(policy: RetentionPolicy, partition: PartitionRef, nowMs: number): boolean {
  const first = firstKeptDate(policy, partition.app, nowMs);
  return first !== null && partition.dt < first;
}
