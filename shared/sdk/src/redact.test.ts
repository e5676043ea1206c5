import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACT_KEYS, REDACTED, redact, toRedactSet } from './redact.js';

describe('redact', () => {
  const keys = toRedactSet(DEFAULT_REDACT_KEYS);

  it.each(['password', 'PASSWORD', 'Api_Key', 'x-api-key', 'Authorization', 'cvv'])('redacts %s', (key) => {
    expect(redact({ [key]: 'secret value', keep: 1 }, keys)).toEqual({ [key]: REDACTED, keep: 1 });
  });

  it('redacts inside arrays and nested objects, whole values included', () => {
    // Prepare
    const value = { list: [{ token: 't' }, 'plain'], deep: { a: { secret: { nested: true } } } };

    // Act
    const result = redact(value, keys);

    // Assess
    expect(result).toEqual({ list: [{ token: REDACTED }, 'plain'], deep: { a: { secret: REDACTED } } });
  });

  it('turns a cycle into a marker instead of overflowing the stack', () => {
    // Prepare
    const value: Record<string, unknown> = { name: 'loop' };
    value.self = value;

    // Act
    const result = redact(value, keys);

    // Assess
    expect(result).toEqual({ name: 'loop', self: '[Circular]' });
  });

  it('keeps non-plain objects as they are', () => {
    const at = new Date(0);
    expect(redact({ at }, keys)).toEqual({ at });
  });
});
