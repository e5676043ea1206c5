import {
  ActionLogPackSchema,
  CONTRACT_PARSE,
  decodeBody,
  fieldProblems,
  formatProblems,
} from '@rireki/contracts';
import type { IngestEnvelope } from './ingestEnvelope.js';

/** What a message body holds: its events (one, or a pack), or why it holds none we can read. */
export type DecodedMessage =
  | { readonly ok: true; readonly events: readonly unknown[]; readonly packed: boolean }
  | { readonly ok: false; readonly reason: string };

/** Decodes a message: Content-Encoding, JSON, then one event or `{"events": [...]}`. */
export function decodeMessage(envelope: Pick<IngestEnvelope, 'body' | 'contentEncoding'>): DecodedMessage {
  const decoded = decodeBody(envelope.body, envelope.contentEncoding);
  if (!decoded.ok) return decoded;
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (error) {
    return {
      ok: false,
      reason: `body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (isPack(value)) {
    const pack = ActionLogPackSchema.safeParse(value, CONTRACT_PARSE);
    if (!pack.success) return { ok: false, reason: formatProblems(fieldProblems(pack.error)) };
    return { ok: true, events: pack.data.events, packed: true };
  }
  return { ok: true, events: [value], packed: false };
}

/**
 * A pack is an object whose `events` is an array, or that has `events` and no `app`: then
 * `{"events": "nope"}` is told about its events, not blamed for a missing app, while an event that
 * carries an extra field named `events` stays an event.
 */
function isPack(value: unknown): value is { events: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('events' in value))
    return false;
  return Array.isArray(value.events) || !('app' in value);
}
