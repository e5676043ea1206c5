import type { Message } from '@aws-sdk/client-sqs';
import { parseLakeRow, type RowResult } from '@rireki/contracts';
import { compiledEventCheck } from './compiledEventCheck.js';
import { decodeMessage } from './decodeMessage.js';
import { readIngestEnvelope } from './ingestEnvelope.js';
import type { QuarantineRecord } from './quarantine.js';

/** Compiled once per process: the check spares the zod walk for the events it accepts. */
const accepts = compiledEventCheck();

export type AcceptedRow = Extract<RowResult, { ok: true }>;

/** A received message and the lake rows of its valid events (none when all were quarantined). */
export interface ClassifiedMessage {
  readonly message: Message;
  readonly rows: readonly AcceptedRow[];
}

export interface ClassifiedBatch {
  readonly messages: readonly ClassifiedMessage[];
  /** Unreadable messages and invalid events, with every problem named. */
  readonly quarantine: readonly QuarantineRecord[];
  /** Messages that could not be decoded at all. */
  readonly undecodableMessages: number;
  /** Events that were read but broke the contract. */
  readonly invalidEvents: number;
}

/**
 * The first step of ingest: decode each message (one event or a pack, maybe gzip'd) and validate
 * each event against the contract, into lake rows or quarantine records. Pure: it touches no port.
 */
export function classifyBatch(messages: readonly Message[], nowMs: number): ClassifiedBatch {
  const quarantinedAt = new Date(nowMs).toISOString();
  const quarantine: QuarantineRecord[] = [];
  const classified: ClassifiedMessage[] = [];
  let undecodableMessages = 0;
  let invalidEvents = 0;
  for (const message of messages) {
    const envelope = readIngestEnvelope(message);
    const { messageId } = envelope;
    const decoded = decodeMessage(envelope);
    if (!decoded.ok) {
      quarantine.push({
        quarantinedAt,
        messageId,
        index: null,
        reason: 'undecodable-message',
        problems: [{ path: '', message: decoded.reason }],
        raw: envelope.body,
        ...(envelope.contentEncoding === undefined ? {} : { contentEncoding: envelope.contentEncoding }),
      });
      undecodableMessages++;
      classified.push({ message, rows: [] });
      continue;
    }
    const rows: AcceptedRow[] = [];
    decoded.events.forEach((event, index) => {
      const result = parseLakeRow(event, { messageId, index, receivedAtMs: nowMs }, accepts);
      if (result.ok) {
        rows.push(result);
        return;
      }
      invalidEvents++;
      quarantine.push({
        quarantinedAt,
        messageId,
        index,
        reason: 'invalid-event',
        problems: result.problems,
        raw: event,
      });
    });
    classified.push({ message, rows });
  }
  return { messages: classified, quarantine, undecodableMessages, invalidEvents };
}
