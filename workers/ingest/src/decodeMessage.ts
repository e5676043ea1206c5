import { ActionLogPackSchema, decodeBody } from '@rireki/contracts';
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
    const pack = ActionLogPackSchema.safeParse(value);
    if (!pack.success) return { ok: false, reason: 'events: must hold at least one event' };
    return { ok: true, events: pack.data.events, packed: true };
  }
  return { ok: true, events: [value], packed: false };
}

/** A pack is an object whose `events` is an array; contract v1 reserves `events` at the top level. */
function isPack(value: unknown): value is { events: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { events?: unknown }).events)
  );
}
