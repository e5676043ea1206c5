import type { SearchRequestInput } from '@rireki/contracts';
import { type SearchClient, SearchReplyError } from '@rireki/sdk';
import { SOAK_APPS } from './soakTraffic.js';

/** Every fifth search counts an app's recent events; the others look up one user's recent history. */
const COUNT_EVERY = 5;
/** The demo traffic's user ids run from 1 to 200. */
const USERS = 200;
/**
 * Searches during the run cover the last two minutes, so each reads about as many rows as the one
 * before once the run is past its warm-up: the load stays steady, and memory that grows is memory
 * the stack keeps, not the working set of an ever larger search.
 */
export const RECENT_MS = 120_000;
/** Searches reach a minute past now, so an event stamped a little ahead of this clock still counts. */
const AHEAD_MS = 60_000;

export interface SearchSample {
  /** Milliseconds since the soak began. */
  readonly atMs: number;
  readonly kind: 'user-history' | 'recent-count';
  readonly app: string;
  readonly ms: number;
  readonly ok: boolean;
  readonly rows?: number;
  readonly total?: number;
  /** The reply's error code (or TIMEOUT, or the client's error name) when not ok. */
  readonly error?: string;
}

/** The whole-soak window of `app`, for the final count: from a minute before the soak began to a minute ahead. */
export function soakWindow(app: string, soakStartMs: number): SearchRequestInput {
  return {
    app,
    from: new Date(soakStartMs - AHEAD_MS).toISOString(),
    to: new Date(Date.now() + AHEAD_MS).toISOString(),
    limit: 1,
    includeTotal: true,
  };
}

/** How many events of `app` search finds over the whole soak. */
export async function countFound(client: SearchClient, app: string, soakStartMs: number): Promise<number> {
  const page = await client.search(soakWindow(app, soakStartMs));
  if (page.total === undefined)
    throw new Error(`a search with includeTotal for ${app} came back without a total`);
  return page.total;
}

/**
 * One search every `everyMs`, one at a time, as an admin console would: latency and outcome of each
 * are recorded. Resolves `stop()` once the search under way has finished.
 */
export function startSearches(
  client: SearchClient,
  soakStartMs: number,
  everyMs: number,
): { readonly samples: SearchSample[]; stop(): Promise<void> } {
  const samples: SearchSample[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const runOne = async (n: number): Promise<void> => {
    const app = SOAK_APPS[n % SOAK_APPS.length]?.app ?? 'shop';
    const kind = n % COUNT_EVERY === COUNT_EVERY - 1 ? 'recent-count' : 'user-history';
    const recent = {
      app,
      from: new Date(Date.now() - RECENT_MS).toISOString(),
      to: new Date(Date.now() + AHEAD_MS).toISOString(),
    };
    const request: SearchRequestInput =
      kind === 'recent-count'
        ? { ...recent, limit: 1, includeTotal: true }
        : { ...recent, filters: { userId: String(1 + Math.floor(Math.random() * USERS)) }, limit: 50 };
    const started = performance.now();
    const atMs = Date.now() - soakStartMs;
    try {
      const page = await client.search(request);
      samples.push({
        atMs,
        kind,
        app,
        ms: performance.now() - started,
        ok: true,
        rows: page.rows.length,
        ...(page.total === undefined ? {} : { total: page.total }),
      });
    } catch (error) {
      const code =
        error instanceof SearchReplyError
          ? error.searchCode
          : error instanceof Error
            ? `${error.name}: ${error.message}`
            : String(error);
      samples.push({ atMs, kind, app, ms: performance.now() - started, ok: false, error: code });
    }
  };

  const schedule = (n: number, at: number): void => {
    timer = setTimeout(
      () => {
        current = runOne(n).then(() => {
          if (!stopped) schedule(n + 1, Math.max(Date.now(), at + everyMs));
        });
      },
      Math.max(0, at - Date.now()),
    );
  };
  schedule(0, Date.now() + everyMs);

  return {
    samples,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
