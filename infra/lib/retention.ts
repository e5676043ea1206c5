import { ACTION_LOG_LIMITS, type RetentionDays } from '@rireki/contracts';

const DAY_MS = 86_400_000;

/** What the maintenance worker is told to keep (RIREKI_RETENTION and the two area variables). */
export interface LakeRetention {
  /** Days per app by event date, `*` for the others, null for ever. */
  readonly days: RetentionDays;
  /** Days the quarantine keeps a file, by the day it was written. */
  readonly quarantineDays: number;
  /** Days the results area keeps a large search reply, by the day it was written. */
  readonly resultsDays: number;
}

/** Days after which the bucket's lifecycle rules expire an object of an area, by its age. */
export interface LakeExpirations {
  /** `action_logs/`; undefined, no rule: some app is kept for ever. */
  readonly table: number | undefined;
  readonly quarantine: number;
  readonly results: number;
}

/** Retention counts from the start of a date, and a date lasts a day past it. */
const DATE_DAYS = 1;

/**
 * The clocks of the worker that writes a file (and dates it), of the maintenance worker (which
 * judges what has expired) and of S3 (which dates each object) may disagree by a little; a day
 * covers it.
 */
const CLOCKS_DAYS = 1;

/**
 * How much longer than their retention the quarantine and results rules wait. The worker deletes a
 * file written on day D from the start of D + days + 1, by its clock; S3 at the midnight after the
 * object's creation + N days, by its own.
 */
export const AREA_MARGIN_DAYS = DATE_DAYS + CLOCKS_DAYS;

/**
 * How much longer than the longest app retention the table's rule waits. A rule counts from an
 * object's creation, retention from the date of the events in it: besides the two days above, a
 * file holds events dated up to `maxFutureSkewMs` after the ingest worker received them (the
 * contracts refuse later ones). Rewrites (compaction, erasure) only make a file younger than the
 * events it holds, so they delay the rule, never hasten it.
 */
export const TABLE_MARGIN_DAYS = AREA_MARGIN_DAYS + Math.ceil(ACTION_LOG_LIMITS.maxFutureSkewMs / DAY_MS);

/**
 * The longest retention of any app, or undefined when some app is kept for ever: an `"unlimited"`
 * entry, or no `*` entry (apps not named are then kept for ever), which includes no retention at all.
 */
export function longestRetention(days: RetentionDays): number | undefined {
  const finite: number[] = [];
  for (const kept of days.values()) {
    if (kept === null) return undefined;
    finite.push(kept);
  }
  return days.has('*') ? Math.max(...finite) : undefined;
}

/**
 * The lifecycle rules that back the maintenance worker up, derived from the retention it is given.
 * The worker applies retention (per app, by event date, with a grace for searches under way, and
 * the partition leaves the catalog); the rules delete later than it would, never sooner, so that
 * a stopped worker does not keep data for ever. The table has a rule only when every app has a
 * finite retention, the longest of them: an S3 rule on `action_logs/` cannot leave out the apps
 * that keep longer, or for ever.
 */
export function lakeExpirations(retention: LakeRetention): LakeExpirations {
  const longest = longestRetention(retention.days);
  return {
    table: longest === undefined ? undefined : longest + TABLE_MARGIN_DAYS,
    quarantine: retention.quarantineDays + AREA_MARGIN_DAYS,
    results: retention.resultsDays + AREA_MARGIN_DAYS,
  };
}
