import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ACTION_LOG_LIMITS, GZIP_ENCODING } from './actionLog.js';
import { decodeBody, encodeBody } from './messageCodec.js';

const small = { app: 'shop', occurredAt: '2026-11-24T09:30:00+09:00', action: '注文を確定' };
const large = {
  events: Array.from({ length: 50 }, (_, i) => ({ ...small, eventId: `evt-${i}`, params: { note: '至急' } })),
};

function decodedValue(body: string, contentEncoding: string | undefined): unknown {
  const decoded = decodeBody(body, contentEncoding);
  if (!decoded.ok) throw new Error(`decodeBody refused: ${decoded.reason}`);
  return JSON.parse(decoded.text);
}

describe('encodeBody and decodeBody', () => {
  describe.each([
    { gzip: false, value: small, size: 'small', gzipped: false },
    { gzip: false, value: large, size: 'large', gzipped: false },
    { gzip: true, value: small, size: 'small', gzipped: true },
    { gzip: true, value: large, size: 'large', gzipped: true },
    { gzip: 'auto', value: small, size: 'small', gzipped: false },
    { gzip: 'auto', value: large, size: 'large', gzipped: true },
  ] as const)('gzip: $gzip, $size body', ({ gzip, value, gzipped }) => {
    it('round-trips the value and marks the encoding only when gzip was used', () => {
      // Act
      const encoded = encodeBody(value, { gzip });
      const decoded = decodedValue(encoded.body, encoded.contentEncoding);

      // Assess
      expect(decoded).toEqual(value);
      expect(encoded.contentEncoding).toBe(gzipped ? GZIP_ENCODING : undefined);
      if (gzipped) expect(encoded.body).toMatch(/^[A-Za-z0-9+/]+=*$/);
      else expect(encoded.body).toBe(JSON.stringify(value));
    });
  });

  it('makes a large repetitive body smaller when it gzips', () => {
    // Act
    const encoded = encodeBody(large, { gzip: 'auto' });

    // Assess
    expect(encoded.body.length).toBeLessThan(JSON.stringify(large).length);
  });

  it.each([undefined, '', 'identity'])(
    'passes the body through as text for Content-Encoding %j',
    (encoding) => {
      // Act
      const decoded = decodeBody('{"app":"shop"}', encoding);

      // Assess
      expect(decoded).toEqual({ ok: true, text: '{"app":"shop"}' });
    },
  );

  it('accepts GZIP in upper case', () => {
    // Prepare
    const body = gzipSync(JSON.stringify(small)).toString('base64');

    // Act
    const decoded = decodedValue(body, 'GZIP');

    // Assess
    expect(decoded).toEqual(small);
  });

  describe.each([
    {
      refusal: 'a body that is not base64',
      body: 'this is {not} base64!',
      encoding: 'gzip',
      reason: /not valid base64/,
    },
    { refusal: 'an empty gzip body', body: '', encoding: 'gzip', reason: /not valid base64/ },
    {
      refusal: 'base64 that is not gzip data',
      body: Buffer.from('{"app":"shop"}').toString('base64'),
      encoding: 'gzip',
      reason: /does not gunzip/,
    },
    {
      refusal: 'truncated gzip data',
      body: gzipSync(JSON.stringify(large)).subarray(0, 40).toString('base64'),
      encoding: 'gzip',
      reason: /does not gunzip/,
    },
    { refusal: 'an unsupported encoding', body: '{}', encoding: 'br', reason: /"br" is not supported/ },
  ])('refuses $refusal', ({ body, encoding, reason }) => {
    it('returns ok: false with a reason instead of throwing', () => {
      // Act
      const decoded = decodeBody(body, encoding);

      // Assess
      expect(decoded.ok).toBe(false);
      expect(decoded.ok ? '' : decoded.reason).toMatch(reason);
    });
  });

  it('refuses a gzip bomb that inflates past its cap, with a reason', () => {
    // Prepare: 32 MiB of zeros gzip to a few tens of KiB, well under the SQS body limit.
    const inflated = ACTION_LOG_LIMITS.maxMessageBytes * 32;
    const body = gzipSync(Buffer.alloc(inflated, 0x20)).toString('base64');
    expect(body.length).toBeLessThan(ACTION_LOG_LIMITS.maxMessageBytes);

    // Act
    const decoded = decodeBody(body, 'gzip');

    // Assess
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.reason).toMatch(/does not gunzip/);
  });

  it('still inflates a body a few times larger than the SQS limit', () => {
    // Prepare: a pack may legitimately inflate past 1 MiB.
    const text = JSON.stringify({ events: [{ ...small, params: { blob: 'x'.repeat(3 * 1024 * 1024) } }] });
    const body = gzipSync(text).toString('base64');

    // Act
    const decoded = decodeBody(body, 'gzip');

    // Assess
    expect(decoded).toEqual({ ok: true, text });
  });
});
