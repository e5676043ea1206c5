import {
  formatProblems,
  type QuarantineListReply,
  type ReplyValidation,
  SEARCH_ERROR_CODES,
  type SearchOkReply,
  type SearchReply,
  validatePointedReply,
  validateQuarantineListReply,
  validateSearchReply,
} from '@rireki/contracts';
import { SearchReplyError } from './SearchReplyError.js';

/**
 * A reply body checked against the search reply contract. A body that is not JSON, or that breaks
 * the contract, is an INTERNAL SearchReplyError naming what is wrong: the worker that sent it is
 * at fault, and the caller sees a typed error instead of a row without its fields.
 */
export function parseReply(body: string, where: string): SearchReply {
  return checked(validateSearchReply(parseJson(body, where)), where);
}

/** The full reply a pointer points at: always an `ok: true` page. */
export function parsePointedReply(body: string, where: string): SearchOkReply {
  return checked(validatePointedReply(parseJson(body, where)), where);
}

/** A quarantine list reply (or, `pointed`, the page a pointer leads to) checked against its contract. */
export function parseQuarantineReply(body: string, where: string, pointed = false): QuarantineListReply {
  return checked(validateQuarantineListReply(parseJson(body, where), { pointed }), where);
}

function parseJson(body: string, where: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new SearchReplyError(SEARCH_ERROR_CODES.internal, `${where} is not JSON: ${String(error)}`);
  }
}

function checked<T>(validation: ReplyValidation<T>, where: string): T {
  if (validation.ok) return validation.reply;
  throw new SearchReplyError(
    SEARCH_ERROR_CODES.internal,
    `${where} does not match the search reply contract: ${formatProblems(validation.problems)}`,
    validation.problems,
  );
}
