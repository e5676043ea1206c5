import type { FieldProblem } from '@rireki/contracts';
import { DateTime } from 'luxon';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const DURATION = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** What a time flag accepts, in the words of its error message. */
export function acceptedTimes(zone: string): string {
  return `an RFC 3339 time (2026-11-30T14:00:00+09:00), a date (2026-11-30, midnight in ${zone}), a time in ${zone} (2026-11-30T14:00) or a duration before now (15m, 24h, 7d)`;
}

/**
 * A time flag as epoch milliseconds: RFC 3339 with an offset is that instant; a date or a time
 * without an offset is read in `zone` (date-only is midnight there); `15m`, `24h`, `7d` count back
 * from `nowMs`. Anything else is a problem naming the flag and what it was given.
 */
export function parseTimeFlag(
  flag: string,
  raw: string,
  zone: string,
  nowMs: number,
): { readonly ms: number } | { readonly problem: FieldProblem } {
  const text = raw.trim();
  const duration = DURATION.exec(text);
  let parsed: DateTime | undefined;
  if (duration) return { ms: nowMs - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS] };
  if (DATE_ONLY.test(text) || LOCAL_TIME.test(text)) {
    parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone });
  } else if (WITH_OFFSET.test(text) && text.includes('T')) {
    parsed = DateTime.fromISO(text, { setZone: true });
  }
  if (parsed?.isValid) return { ms: parsed.toMillis() };
  return { problem: { path: flag, message: `must be ${acceptedTimes(zone)} (got "${raw}")` } };
}

/** An instant as RFC 3339 in `zone`, with milliseconds: `2026-11-30T14:00:00.000+09:00`, or `…Z` in UTC. */
export function formatInstant(ms: number, zone: string): string {
  if (zone === 'UTC') return new Date(ms).toISOString();
  return (
    DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: false }) ?? new Date(ms).toISOString()
  );
}
