import { IANAZone } from 'luxon';
import { UsageError } from './UsageError.js';

/** Environment variable with a command's default time zone. */
export const TIME_ZONE_ENV = 'RIREKI_TZ';

/**
 * The IANA time zone a command shows times in and reads date-only input in: `--tz`, else
 * RIREKI_TZ, else UTC. A zone that does not exist is refused by the name it was given under.
 */
export function resolveTimeZone(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const [source, given] =
    flag !== undefined ? ['--tz', flag] : [TIME_ZONE_ENV, env[TIME_ZONE_ENV]?.trim() || undefined];
  if (given === undefined) return 'UTC';
  if (given.toUpperCase() === 'UTC' || given === 'Z') return 'UTC';
  if (!IANAZone.isValidZone(given)) {
    throw new UsageError([
      { path: source, message: `must be an IANA time zone such as Asia/Tokyo or UTC (got "${given}")` },
    ]);
  }
  return given;
}
