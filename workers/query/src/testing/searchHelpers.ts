import {
  formatProblems,
  type SearchOkReply,
  type SearchRequest,
  type SearchRequestInput,
  validateSearchRequest,
} from '@rireki/contracts';
import type { QueryEngine } from '@rireki/ports';
import { type RunSearchOptions, runSearch } from '../runSearch.js';
import { APPS, keyOf, NOW_MS, RANGE } from './searchDataset.js';

/** A validated request: every app, the whole dataset range, the largest page, then `input`. */
export function searchRequest(input: Partial<SearchRequestInput> = {}): SearchRequest {
  const validation = validateSearchRequest({ app: [...APPS], ...RANGE, limit: 1000, ...input });
  if (!validation.ok) throw new Error(`invalid test request: ${formatProblems(validation.problems)}`);
  return validation.request;
}

export function searchOptions(options: Partial<RunSearchOptions> = {}): RunSearchOptions {
  return { apps: APPS, nowMs: NOW_MS, timeoutMs: 30_000, ...options };
}

/** Every page of a search, following nextCursor; the keys of all rows in order. */
export async function searchAll(
  engine: QueryEngine,
  input: Partial<SearchRequestInput> = {},
  options: Partial<RunSearchOptions> = {},
): Promise<{ keys: string[]; pages: SearchOkReply[] }> {
  const pages: SearchOkReply[] = [];
  let cursor: string | undefined;
  do {
    const reply = await runSearch(
      engine,
      searchRequest({ ...input, ...(cursor === undefined ? {} : { cursor }) }),
      searchOptions(options),
    );
    pages.push(reply);
    cursor = reply.nextCursor ?? undefined;
    if (pages.length > 100_000) throw new Error('search does not end');
  } while (cursor !== undefined);
  return { keys: pages.flatMap((page) => page.rows.map(keyOf)), pages };
}
