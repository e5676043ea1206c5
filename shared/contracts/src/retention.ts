import { z } from 'zod';
import { APP_CODE_PATTERN } from './actionLog.js';
import { jsonObjectOf } from './env.js';

/**
 * How long each app's events are kept, by event date: days per app code, `*` for every app not
 * named, null for ever. An app with neither entry is kept for ever. The maintenance worker reads it
 * from RIREKI_RETENTION; the CDK app reads the same value from its context and derives the lake's
 * lifecycle rules from it, so both take it through this one parser.
 */
export type RetentionDays = ReadonlyMap<string, number | null>;

/** The longest finite retention, in days, of an app, the quarantine or the results area. */
export const MAX_RETENTION_DAYS = 36_500;

const DAYS_MESSAGE = `must be a number of days from 1 to ${MAX_RETENTION_DAYS}, or "unlimited"`;
const Days = z.union([z.literal('unlimited'), z.number().int().min(1).max(MAX_RETENTION_DAYS)]);

/**
 * Retention as JSON text, e.g. `{"shop": 400, "*": 90}`; empty keeps every app for ever. A problem
 * names the entry (`shop`) under the setting's own name.
 */
export function retentionSetting() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): RetentionDays => {
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

/** Retention as the JSON text retentionSetting reads: for ever is `"unlimited"`. */
export function formatRetention(days: RetentionDays): string {
  return JSON.stringify(Object.fromEntries([...days].map(([app, kept]) => [app, kept ?? 'unlimited'])));
}
