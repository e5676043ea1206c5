import { gunzipSync, gzipSync } from 'node:zlib';
import { ACTION_LOG_LIMITS, CONTENT_ENCODING_ATTRIBUTE, GZIP_ENCODING } from './actionLog.js';

/**
 * How an action-log body travels in an SQS message: JSON text, or gzip'd JSON in base64 (SQS
 * bodies are text) marked by the `Content-Encoding: gzip` message attribute.
 */

export interface EncodedBody {
  readonly body: string;
  /** Set when the body is gzip'd; send it as the `Content-Encoding` message attribute. */
  readonly contentEncoding?: typeof GZIP_ENCODING;
}

/** Encodes a JSON value as a message body, gzip'ing when it saves space and `gzip` is not false. */
export function encodeBody(value: unknown, options: { gzip?: boolean | 'auto' } = {}): EncodedBody {
  const json = JSON.stringify(value);
  const mode = options.gzip ?? 'auto';
  if (mode === false || (mode === 'auto' && json.length < 1024)) return { body: json };
  const packed = gzipSync(json).toString('base64');
  if (mode === 'auto' && packed.length >= json.length) return { body: json };
  return { body: packed, contentEncoding: GZIP_ENCODING };
}

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

/** Gunzip inflates at most this much: a small gzip bomb must not exhaust the worker's memory. */
const MAX_INFLATED_BYTES = ACTION_LOG_LIMITS.maxMessageBytes * 16;

/** Decodes a message body to JSON text according to its Content-Encoding attribute. */
export function decodeBody(body: string, contentEncoding: string | undefined): DecodeResult {
  if (contentEncoding === undefined || contentEncoding === '' || contentEncoding === 'identity') {
    return { ok: true, text: body };
  }
  if (contentEncoding.toLowerCase() !== GZIP_ENCODING) {
    return {
      ok: false,
      reason: `${CONTENT_ENCODING_ATTRIBUTE} "${contentEncoding}" is not supported (use gzip)`,
    };
  }
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length === 0 || bytes.toString('base64').replace(/=+$/, '') !== body.trim().replace(/=+$/, '')) {
    return { ok: false, reason: `${CONTENT_ENCODING_ATTRIBUTE} is gzip but the body is not valid base64` };
  }
  try {
    const text = gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
    return { ok: true, text };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: `${CONTENT_ENCODING_ATTRIBUTE} is gzip but the body does not gunzip: ${detail}`,
    };
  }
}
