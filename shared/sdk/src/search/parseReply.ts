import {
  formatProblems,
  type ReplyValidation,
  SEARCH_ERROR_CODES,
  type SearchOkReply,
  type SearchReply,
  validatePointedReply,
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

/** A reply validator of one request kind: its ok reply, a pointer or an error (`pointed`: only the ok reply). */
export type KindReplyValidator<T> = (
  body: unknown,
  options: { readonly pointed?: boolean },
) => ReplyValidation<T>;

/**
 * A reply of one request kind (or, `pointed`, the reply a pointer leads to) checked against its
 * contract, e.g. `parseKindReply(validateQuarantineListReply, body, 'the reply')`.
 */
export function parseKindReply<T>(
  validate: KindReplyValidator<T>,
  body: string,
  where: string,
  pointed = false,
): T {
  return checked(validate(parseJson(body, where), { pointed }), where);
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
