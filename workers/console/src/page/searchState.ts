import type { FilterRow } from './filterRows.js';

export const PRESETS = ['15m', '1h', '24h', '7d', '30d'] as const;
export type Preset = (typeof PRESETS)[number];
const PRESET_MS: Record<Preset, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export const ALL_COLUMNS = [
  'occurredAt',
  'receivedAt',
  'app',
  'eventId',
  'userId',
  'method',
  'path',
  'status',
  'durationMs',
  'action',
  'ip',
  'userAgent',
] as const;
export const DEFAULT_COLUMNS = ['occurredAt', 'app', 'userId', 'method', 'path', 'status', 'action'];

/** Everything a search is: what a permalink holds. */
export interface SearchState {
  readonly apps: readonly string[];
  /** A preset ending now, or a custom range of wall-clock times in `zone`. */
  readonly range: { readonly preset: Preset } | { readonly from: string; readonly to: string };
  readonly zone: string;
  readonly filters: readonly FilterRow[];
  readonly text: string;
  readonly order: 'desc' | 'asc';
  readonly columns: readonly string[];
}

export function initialState(zone: string): SearchState {
  return {
    apps: [],
    range: { preset: '24h' },
    zone,
    filters: [],
    text: '',
    order: 'desc',
    columns: DEFAULT_COLUMNS,
  };
}

/** The instants a range covers now, RFC 3339 UTC; custom ends are already instants. */
export function rangeInstants(range: SearchState['range'], nowMs: number): { from: string; to: string } {
  if ('preset' in range) {
    return {
      from: new Date(nowMs - PRESET_MS[range.preset]).toISOString(),
      to: new Date(nowMs).toISOString(),
    };
  }
  return { from: range.from, to: range.to };
}

/** The state in the URL: `?q=` holds it as JSON, so a link opens the same search. */
export function stateToUrl(state: SearchState, tab: string): string {
  const params = new URLSearchParams();
  params.set('q', JSON.stringify(state));
  if (tab !== 'search') params.set('tab', tab);
  return `?${params.toString()}`;
}

/** The state a URL holds, over the defaults; what it holds of the wrong shape is ignored. */
export function stateFromUrl(search: string, fallback: SearchState): { state: SearchState; tab: string } {
  const params = new URLSearchParams(search);
  const tab = params.get('tab') ?? 'search';
  const text = params.get('q');
  if (text === null) return { state: fallback, tab };
  try {
    const parsed = JSON.parse(text) as Partial<SearchState>;
    const strings = (value: unknown) =>
      Array.isArray(value) && value.every((item) => typeof item === 'string');
    const range = parsed.range as Record<string, unknown> | undefined;
    return {
      tab,
      state: {
        apps: strings(parsed.apps) ? (parsed.apps as string[]) : fallback.apps,
        range:
          range && typeof range.preset === 'string' && (PRESETS as readonly string[]).includes(range.preset)
            ? { preset: range.preset as Preset }
            : range && typeof range.from === 'string' && typeof range.to === 'string'
              ? { from: range.from, to: range.to }
              : fallback.range,
        zone: typeof parsed.zone === 'string' ? parsed.zone : fallback.zone,
        filters: Array.isArray(parsed.filters)
          ? parsed.filters.filter(
              (row): row is FilterRow =>
                typeof row === 'object' &&
                row !== null &&
                typeof row.field === 'string' &&
                typeof row.op === 'string' &&
                typeof row.value === 'string',
            )
          : fallback.filters,
        text: typeof parsed.text === 'string' ? parsed.text : fallback.text,
        order: parsed.order === 'asc' ? 'asc' : 'desc',
        columns: strings(parsed.columns) ? (parsed.columns as string[]) : fallback.columns,
      },
    };
  } catch {
    return { state: fallback, tab };
  }
}
