import { AGGREGATE_LIMITS, HISTOGRAM_INTERVALS, type HistogramInterval } from '@rireki/contracts';
import { DateTime } from 'luxon';
import { SearchError } from '../SearchError.js';

const MINUTE = 60_000;

/** Each interval's nominal width; days and weeks follow the zone's calendar, so DST days are 23 or 25 h. */
const WIDTH_MINUTES: Readonly<Record<HistogramInterval, number>> = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '3h': 180,
  '6h': 360,
  '12h': 720,
  '1d': 1440,
  '7d': 10_080,
};

/** The smallest interval that gives at most the target number of buckets over the range. */
export function chooseInterval(fromMs: number, toMs: number): HistogramInterval {
  const spanMinutes = (toMs - fromMs) / MINUTE;
  const fits = HISTOGRAM_INTERVALS.find(
    (interval) => Math.ceil(spanMinutes / WIDTH_MINUTES[interval]) <= AGGREGATE_LIMITS.targetBuckets,
  );
  return fits ?? '7d';
}

/**
 * The bucket boundaries of a range in a zone, as epoch milliseconds: the first is the start of
 * the bucket holding `fromMs`, the last the end of the bucket holding `toMs - 1`, so that n
 * boundaries make n - 1 buckets. Buckets follow the zone's clock: hours at whole local hours,
 * days at local midnight, weeks on Monday. Throws INVALID_REQUEST past the bucket cap.
 */
export function histogramBoundaries(
  fromMs: number,
  toMs: number,
  interval: HistogramInterval,
  timeZone: string,
): number[] {
  const approximate = Math.ceil((toMs - fromMs) / MINUTE / WIDTH_MINUTES[interval]) + 1;
  if (approximate > AGGREGATE_LIMITS.maxBuckets) {
    const message = `gives ${approximate} buckets over the range, more than ${AGGREGATE_LIMITS.maxBuckets}; choose a longer interval or a shorter range`;
    throw new SearchError('INVALID_REQUEST', `interval: ${message}`, {
      details: [{ path: 'interval', message }],
    });
  }
  const boundaries = [bucketStart(fromMs, interval, timeZone)];
  let last = boundaries[0] as number;
  while (last < toMs) {
    last = nextBoundary(last, interval, timeZone);
    boundaries.push(last);
  }
  return boundaries;
}

/** The start of the bucket holding an instant, on the zone's clock. */
function bucketStart(ms: number, interval: HistogramInterval, timeZone: string): number {
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  if (interval === '7d') return local.startOf('week').toMillis();
  if (interval === '1d') return local.startOf('day').toMillis();
  const width = WIDTH_MINUTES[interval];
  const minuteOfDay = local.hour * 60 + local.minute;
  const start = local.startOf('day').plus({ minutes: minuteOfDay - (minuteOfDay % width) });
  // A bucket start that a DST change skipped or repeated can land past the instant; the
  // instant's own minute then starts it, which keeps every instant in exactly one bucket.
  return start.toMillis() <= ms ? start.toMillis() : local.startOf('minute').toMillis();
}

/** The next boundary after `ms` on the zone's clock, always later than `ms`. */
function nextBoundary(ms: number, interval: HistogramInterval, timeZone: string): number {
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  if (interval === '7d') return local.plus({ weeks: 1 }).startOf('week').toMillis();
  if (interval === '1d') return local.plus({ days: 1 }).startOf('day').toMillis();
  const next = bucketStart(ms + WIDTH_MINUTES[interval] * MINUTE, interval, timeZone);
  return next > ms ? next : ms + WIDTH_MINUTES[interval] * MINUTE;
}
