import { z } from 'zod';

/**
 * Schemas for one option or setting (the SDK's options, the CDK app's context) whose refusal reads
 * like every other configuration problem in rireki: what is accepted, then what was given, e.g.
 * `must be an integer from 1 to 100 (got 0)`. fieldProblems adds the field's path.
 */

/** What the refusal says is accepted (`must be …`); a function when it depends on the issues. */
export type Accepted = string | ((issues: readonly z.core.$ZodIssue[]) => string);

/** Text quoted, so `"5"` and 5 read apart; numbers as themselves, as JSON has no NaN. */
function given(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function accepting<T, F>(
  accepts: z.ZodType<T>,
  accepted: Accepted,
  unset: ((value: unknown) => boolean) | undefined,
  fallback: F,
) {
  // optional(), or an object would refuse a missing key before the transform could see it unset.
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T | F => {
      if (unset?.(value)) return fallback;
      const parsed = accepts.safeParse(value);
      if (parsed.success) return parsed.data;
      const what = typeof accepted === 'string' ? accepted : accepted(parsed.error.issues);
      // Continuable, with the fallback as the value: an enclosing object's refinements that compare
      // fields still run, so one parse names every bad field, not just the first.
      ctx.addIssue({ code: 'custom', message: `${what} (got ${given(value)})`, continue: true });
      return fallback;
    });
}

/**
 * A setting that may be left unset, then `fallback`; a set value must pass `accepts`.
 * `isUnset` says what counts as unset (CDK context, say, also gives null and '').
 */
export function setting<T, F>(
  accepts: z.ZodType<T>,
  accepted: Accepted,
  fallback: F,
  isUnset: (value: unknown) => boolean = (value) => value === undefined,
) {
  return accepting(accepts, accepted, isUnset, fallback);
}

/** A setting with no default: unset is refused like any other value `accepts` refuses. */
export function requiredSetting<T>(accepts: z.ZodType<T>, accepted: Accepted) {
  // The fallback is never the result: a refusal fails the parse.
  return accepting(accepts, accepted, undefined, undefined as T);
}
