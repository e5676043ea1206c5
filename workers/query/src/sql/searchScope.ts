import { type PartitionRef, type SearchRequest, utcDatesBetween } from '@rireki/contracts';
import { SearchError } from '../SearchError.js';

/** The apps, instants and partitions a search covers. */
export interface SearchScope {
  /** request.app ∩ the apps the requester may search, sorted; may be empty. */
  readonly apps: readonly string[];
  /** First millisecond included (epoch ms, UTC). */
  readonly fromMs: number;
  /** First millisecond excluded (epoch ms, UTC). */
  readonly toMs: number;
  /** Every (app, dt) that can hold a row of the range: dt from the UTC date of from to that of to's last millisecond. */
  readonly partitions: readonly PartitionRef[];
}

export function searchScope(
  request: Pick<SearchRequest, 'app' | 'from' | 'to'>,
  allowedApps: readonly string[],
): SearchScope {
  const requested = new Set(typeof request.app === 'string' ? [request.app] : request.app);
  const apps = [...new Set(allowedApps)].filter((app) => requested.has(app)).sort();
  const fromMs = instantMs(request.from, 'from');
  const toMs = instantMs(request.to, 'to');
  const partitions: PartitionRef[] = [];
  if (fromMs < toMs) {
    const days = utcDatesBetween(fromMs, toMs - 1);
    for (const app of apps) for (const dt of days) partitions.push({ app, dt });
  }
  return { apps, fromMs, toMs, partitions };
}

/**
 * The first whole millisecond at or after an RFC 3339 instant. Rows hold milliseconds, so rounding
 * a finer `from` or `to` up keeps `occurred_at >= from` and `occurred_at < to` exact.
 */
export function instantMs(text: string, field: 'from' | 'to'): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    const message = 'must be an RFC 3339 date-time with an offset';
    throw new SearchError('INVALID_REQUEST', `${field}: ${message}`, { details: [{ path: field, message }] });
  }
  const finer = /\.\d{3}(\d+)/.exec(text)?.[1] ?? '';
  return /[1-9]/.test(finer) ? ms + 1 : ms;
}
