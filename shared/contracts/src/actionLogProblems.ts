import type { FieldProblem } from './errors.js';
import { parseLakeRow } from './parseLakeRow.js';

// The ingest worker derives a missing eventId as `<SQS MessageId>:<index>`; a MessageId is a UUID,
// so a placeholder of that length counts the same bytes against the event size limit.
const PLACEHOLDER_ORIGIN = { messageId: '00000000-0000-0000-0000-000000000000', index: 0 } as const;

/**
 * Every problem for which the ingest worker would quarantine `event` if it received it at
 * `receivedAtMs`, each with its field; empty when the event would land. It runs the worker's own
 * check (`parseLakeRow`), so a producer that calls it before sending agrees with the worker.
 * `event` must be JSON data, as `JSON.parse` returns it: a value that JSON cannot write (a BigInt)
 * throws a TypeError.
 *
 * @example
 * ```ts
 * const problems = actionLogProblems({ app: 'shop', occurredAt: Date.now(), status: '200' }, Date.now());
 * // [{ path: 'status', message: 'Invalid input: expected number, received string' }]
 * ```
 */
export function actionLogProblems(event: unknown, receivedAtMs: number): readonly FieldProblem[] {
  const result = parseLakeRow(event, { ...PLACEHOLDER_ORIGIN, receivedAtMs });
  return result.ok ? [] : result.problems;
}
