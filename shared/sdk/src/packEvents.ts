import {
  ACTION_LOG_LIMITS,
  CONTENT_ENCODING_ATTRIBUTE,
  type EncodedBody,
  encodeBody,
  GZIP_ENCODING,
} from '@rireki/contracts';
import { ActionLogDroppedError, DROP_REASONS } from './errors.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './options.js';

/** One SQS message body holding `{"events": [...]}`. */
export interface PackedMessage extends EncodedBody {
  /** Events in the body. */
  readonly eventCount: number;
  /** What SQS counts against its limits: body bytes, plus the Content-Encoding attribute when set. */
  readonly sizeBytes: number;
}

/** Told of each event that cannot be packed, with its index in the input. */
export type PackRejectHandler = (error: ActionLogDroppedError, index: number) => void;

const PACK_OVERHEAD_BYTES = Buffer.byteLength('{"events":[]}');
// SQS counts a message attribute as its name, data type and value.
const GZIP_ATTRIBUTE_BYTES = Buffer.byteLength(`${CONTENT_ENCODING_ATTRIBUTE}String${GZIP_ENCODING}`);
// The worker inflates a body to at most 16 times the message limit; stay well under it.
const MAX_RAW_PACK_BYTES = ACTION_LOG_LIMITS.maxMessageBytes * 8;
// Gzip'd size is only estimated before compressing; aim below the limit so the first try fits.
const FILL_TARGET = 0.9;
// A pack this full is good enough: another compression to squeeze more in is not worth it.
const GOOD_ENOUGH = 0.8;
const MAX_GROW_TRIES = 3;
// SQS takes only these characters in a body (fauxqs also refuses astral characters such as
// emoji); JSON.stringify escapes control characters but not the rest, so such a body goes gzip'd.
const SQS_BODY_CHARACTERS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD]*$/;

/**
 * Packs events into as few SQS message bodies as fit in `maxMessageBytes` each, counting the
 * encoded size (gzip'd and base64'd when that is smaller, see `encodeBody`). Order is kept. An
 * event that cannot be written as JSON, or that alone is larger than `maxMessageBytes`, is left
 * out and passed to `onRejected`.
 *
 * @example
 * ```ts
 * for (const message of packEvents(events, 256 * 1024)) {
 *   entries.push({
 *     Id: String(entries.length),
 *     MessageBody: message.body,
 *     ...(message.contentEncoding && {
 *       MessageAttributes: { 'Content-Encoding': { DataType: 'String', StringValue: message.contentEncoding } },
 *     }),
 *   });
 * }
 * ```
 */
export function packEvents(
  events: readonly unknown[],
  maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES,
  onRejected?: PackRejectHandler,
): PackedMessage[] {
  const items = serialize(events, onRejected);
  const pack = new Packer(items, maxMessageBytes);
  const messages: PackedMessage[] = [];
  let start = 0;
  while (start < items.length) {
    const { end, message } = pack.from(start);
    if (message !== undefined) {
      messages.push(message);
    } else {
      const item = items[start];
      if (item !== undefined) {
        const error = new ActionLogDroppedError(
          DROP_REASONS.tooLarge,
          1,
          `event ${item.index} is larger than maxMessageBytes (${maxMessageBytes}) even alone and gzip'd; it was not sent`,
        );
        onRejected?.(error, item.index);
      }
    }
    start = end;
  }
  return messages;
}

interface Item {
  readonly event: unknown;
  readonly index: number;
  readonly bytes: number;
}

function serialize(events: readonly unknown[], onRejected: PackRejectHandler | undefined): Item[] {
  const items: Item[] = [];
  events.forEach((event, index) => {
    let json: string | undefined;
    let cause: unknown;
    try {
      json = JSON.stringify(event);
    } catch (error) {
      cause = error;
    }
    if (json === undefined) {
      const detail = cause instanceof Error ? `: ${cause.message}` : '';
      const error = new ActionLogDroppedError(
        DROP_REASONS.unserializable,
        1,
        `event ${index} cannot be written as JSON${detail}`,
        { cause },
      );
      onRejected?.(error, index);
      return;
    }
    items.push({ event, index, bytes: Buffer.byteLength(json) });
  });
  return items;
}

/** Finds, for each start, the longest run of events whose encoded pack fits. */
class Packer {
  readonly #items: readonly Item[];
  readonly #max: number;
  /** `#offsets[i]`: raw bytes of items before i, each with its separating comma. */
  readonly #offsets: number[];
  /** Encoded size / raw size of the last pack: the estimate for the next one. */
  #ratio = 1;

  constructor(items: readonly Item[], maxMessageBytes: number) {
    this.#items = items;
    this.#max = maxMessageBytes;
    this.#offsets = [0];
    let total = 0;
    for (const item of items) {
      total += item.bytes + 1;
      this.#offsets.push(total);
    }
  }

  /** The pack starting at `start`; no message when the event at `start` alone does not fit. */
  from(start: number): { end: number; message?: PackedMessage } {
    let best: { end: number; message: PackedMessage } | undefined;
    let end = this.#fill(start);
    let grows = 0;
    let shrinks = 0;
    for (;;) {
      const message = this.#encode(start, end);
      this.#ratio = message.sizeBytes / this.#rawBytes(start, end);
      if (message.sizeBytes <= this.#max) {
        best = { end, message };
        if (end === this.#items.length || message.sizeBytes >= this.#max * GOOD_ENOUGH) break;
        if (grows >= MAX_GROW_TRIES) break;
        const next = this.#fill(start);
        if (next <= end) break;
        grows += 1;
        end = next;
      } else {
        // Grown too far: the last pack that fit is the answer.
        if (best !== undefined || end - start === 1) break;
        shrinks += 1;
        // The estimate just learned usually fits at once; halving bounds the worst case.
        const halved = shrinks > 2 ? start + Math.floor((end - start) / 2) : end - 1;
        end = Math.max(start + 1, Math.min(end - 1, halved, this.#fill(start)));
      }
    }
    return best ?? { end: start + 1 };
  }

  /** The end of the longest run from `start` whose raw JSON fits the current estimate (at least one event). */
  #fill(start: number): number {
    const budget =
      this.#ratio >= 1
        ? this.#max
        : Math.min(MAX_RAW_PACK_BYTES, Math.floor((this.#max * FILL_TARGET) / this.#ratio));
    let low = start + 1;
    let high = this.#items.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.#rawBytes(start, middle) <= budget) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  #rawBytes(start: number, end: number): number {
    return PACK_OVERHEAD_BYTES + (this.#offsets[end] ?? 0) - (this.#offsets[start] ?? 0) - 1;
  }

  #encode(start: number, end: number): PackedMessage {
    const value = { events: this.#items.slice(start, end).map((item) => item.event) };
    let encoded = encodeBody(value);
    if (encoded.contentEncoding === undefined && !SQS_BODY_CHARACTERS.test(encoded.body)) {
      encoded = encodeBody(value, { gzip: true });
    }
    const sizeBytes =
      Buffer.byteLength(encoded.body) + (encoded.contentEncoding === undefined ? 0 : GZIP_ATTRIBUTE_BYTES);
    return { ...encoded, eventCount: end - start, sizeBytes };
  }
}
