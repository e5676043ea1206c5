import { filtersOf } from './filterRows.js';
import { rangeInstants, type SearchState } from './searchState.js';

/** What every request of one search shares: which events match. */
export interface MatchRequest {
  readonly app: string[];
  readonly from: string;
  readonly to: string;
  readonly filters?: ReturnType<typeof filtersOf>['filters'];
  readonly text?: string;
}

/**
 * The match of a search state, now: the apps chosen (every app it may see when none is), the
 * range's instants and the filters; or the problems that keep it from being sent.
 */
export function matchRequest(
  state: SearchState,
  allApps: readonly string[],
  numericFields: readonly string[],
  nowMs: number,
): { request: MatchRequest } | { problems: string[] } {
  const { filters, problems } = filtersOf(state.filters, numericFields);
  if (problems.length > 0) return { problems };
  const apps = state.apps.filter((app) => allApps.includes(app));
  const range = rangeInstants(state.range, nowMs);
  const request: MatchRequest = {
    app: apps.length > 0 ? apps : [...allApps],
    ...range,
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(state.text.trim() === '' ? {} : { text: state.text.trim() }),
  };
  return { request };
}
