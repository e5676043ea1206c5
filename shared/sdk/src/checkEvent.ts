import { actionLogProblems } from '@rireki/contracts';
import { ActionLogDroppedError, ActionLogRejectedError, DROP_REASONS } from './errors.js';

/**
 * Why the ingest worker would not store a prepared event, by the contract's own check, or
 * undefined when it would. An event that JSON cannot write (a BigInt) is dropped as unserializable.
 */
export function checkEvent(
  event: Readonly<Record<string, unknown>>,
  nowMs: number,
): ActionLogRejectedError | ActionLogDroppedError | undefined {
  let problems: ReturnType<typeof actionLogProblems>;
  try {
    problems = actionLogProblems(event, nowMs);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    return new ActionLogDroppedError(
      DROP_REASONS.unserializable,
      1,
      `an event cannot be written as JSON${detail}; it was dropped`,
      { cause: error },
    );
  }
  if (problems.length === 0) return undefined;
  return new ActionLogRejectedError(problems, typeof event.eventId === 'string' ? event.eventId : undefined);
}
