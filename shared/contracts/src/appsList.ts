import { z } from 'zod';
import { CONTRACT_PARSE } from './contractMessages.js';
import type { FieldProblem } from './errors.js';
import { fieldProblems } from './fieldProblems.js';
import {
  hasKind,
  type ReplyValidation,
  SearchErrorReplySchema,
  SearchPointerReplySchema,
  validateKindReply,
} from './search.js';

/**
 * Apps list: which apps a requester may search, on the search queue beside searches
 * (`kind: "apps.list"`), under the same grants. A requester granted every app ("*", or open
 * access) gets every app the lake holds; one granted a list gets that list.
 */

export const APPS_LIST_REQUEST_KIND = 'apps.list';

export const AppsListRequestSchema = z
  .strictObject({ kind: z.literal(APPS_LIST_REQUEST_KIND) })
  .describe('The apps this requester may search');

export type AppsListRequest = z.output<typeof AppsListRequestSchema>;

export const AppsListOkReplySchema = z.object({
  ok: z.literal(true),
  kind: z.literal(APPS_LIST_REQUEST_KIND),
  apps: z.array(z.string()).describe('App codes, sorted'),
  everyApp: z.boolean().describe('The requester may search every app, also ones that hold no data yet'),
});

export const AppsListReplySchema = z
  .union([AppsListOkReplySchema, SearchPointerReplySchema, SearchErrorReplySchema])
  .describe('The reply to an apps list request');

export type AppsListOkReply = z.output<typeof AppsListOkReplySchema>;
export type AppsListReply = z.output<typeof AppsListReplySchema>;

/** Whether a request body asks for the apps list. */
export function isAppsListBody(body: unknown): boolean {
  return hasKind(body, APPS_LIST_REQUEST_KIND);
}

export function validateAppsListRequest(
  body: unknown,
): { ok: true; request: AppsListRequest } | { ok: false; problems: FieldProblem[] } {
  const parsed = AppsListRequestSchema.safeParse(body, CONTRACT_PARSE);
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error) };
  return { ok: true, request: parsed.data };
}

/** Checks a received apps list reply (or the document its pointer leads to) against the contract. */
export function validateAppsListReply(
  body: unknown,
  options: { readonly pointed?: boolean } = {},
): ReplyValidation<AppsListReply> {
  return validateKindReply(AppsListOkReplySchema, body, options);
}
