import { randomUUID } from 'node:crypto';
import { redact } from './redact.js';

export interface PrepareContext {
  readonly app: string | undefined;
  readonly redactKeys: ReadonlySet<string>;
  readonly now: () => number;
}

/**
 * Copies an event as it will be sent: `app`, `occurredAt` and `eventId` filled in when missing,
 * `params` and `attributes` redacted. The eventId is fixed here, before any send, so that a
 * retried SQS call (ours or the AWS SDK's) delivers a duplicate the worker can recognise.
 */
export function prepareEvent(
  event: Readonly<Record<string, unknown>>,
  context: PrepareContext,
): Record<string, unknown> {
  const prepared: Record<string, unknown> = { ...event };
  if (prepared.app == null && context.app !== undefined) prepared.app = context.app;
  if (prepared.occurredAt == null) prepared.occurredAt = new Date(context.now()).toISOString();
  if (prepared.eventId == null) prepared.eventId = randomUUID();
  // Copying also snapshots them: the app may change req.body after the response.
  if (prepared.params != null) prepared.params = redact(prepared.params, context.redactKeys);
  if (prepared.attributes != null) prepared.attributes = redact(prepared.attributes, context.redactKeys);
  return prepared;
}
