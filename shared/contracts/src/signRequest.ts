import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a search request in signed mode: HMAC-SHA256, base64, over the correlation id,
 * the reply queue URL and the body, each followed by a newline. Binding the reply queue and the
 * correlation id stops a captured request from being replayed to another queue.
 */
export function signSearchRequest(key: string, correlationId: string, replyTo: string, body: string): string {
  return createHmac('sha256', key).update(`${correlationId}\n${replyTo}\n${body}\n`).digest('base64');
}

/** Compares in constant time, so the check leaks nothing about how much of a signature was right. */
export function verifySearchSignature(
  key: string,
  correlationId: string,
  replyTo: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signSearchRequest(key, correlationId, replyTo, body), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
