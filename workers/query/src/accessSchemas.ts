import { CONTRACT_PARSE, type FieldProblem, fieldProblems, jsonObjectOf } from '@rireki/contracts';
import { z } from 'zod';

/** One requester's entry of RIREKI_SEARCH_GRANTS: the app codes (or patterns with `*`) it may search, or "*". */
export const SearchGrantSchema = z.union([z.literal('*'), z.array(z.string())], {
  error: 'must be "*" or an array of app codes',
});

/** One requester's entry of RIREKI_REQUESTER_KEYS: the HMAC key its requests are signed with. */
export const RequesterKeySchema = z
  .string({ error: 'must be a key of at least 16 characters' })
  .min(16, { error: 'must be a key of at least 16 characters' });

/**
 * A JSON object setting keyed by requester, each entry parsed with `entry`. A refused entry is
 * reported with its path (`RIREKI_SEARCH_GRANTS.console`) and left out, so that the checks across
 * settings see the good ones and do not report them again.
 */
export function parseRequesterSetting<T>(
  name: string,
  raw: string,
  entry: z.ZodType<T>,
  problems: FieldProblem[],
): Map<string, T> {
  const entries = new Map<string, T>();
  if (raw === '') {
    problems.push({ path: name, message: 'must be set in signed mode (a JSON object)' });
    return entries;
  }
  const value = jsonObjectOf(raw);
  if (value === undefined) {
    problems.push({ path: name, message: 'must be a JSON object' });
    return entries;
  }
  for (const [requester, given] of Object.entries(value)) {
    const parsed = entry.safeParse(given, CONTRACT_PARSE);
    if (parsed.success) entries.set(requester, parsed.data);
    else {
      for (const problem of fieldProblems(parsed.error)) {
        const path = [name, requester, problem.path].filter((part) => part !== '').join('.');
        problems.push({ path, message: problem.message });
      }
    }
  }
  return entries;
}
