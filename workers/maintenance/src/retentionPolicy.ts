import { type PartitionRef, type RetentionDays, utcDate } from '@rireki/contracts';

// RIREKI_RETENTION's parser is in the contracts, shared with the CDK app that sets it.
export { retentionSetting } from '@rireki/contracts';

const DAY_MS = 86_400_000;

/** How long each app's events are kept, by event date; null is for ever. */
export interface RetentionPolicy {
  /** Days per app; `*` for every app not named. An app with neither is kept for ever. */
  readonly days: RetentionDays;
  /** Days the quarantine area keeps a file, by the day it was written. */
  readonly quarantineDays: number;
  /** Days the results area keeps a large search reply (the SDK reads it within seconds). */
  readonly resultsDays: number;
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
