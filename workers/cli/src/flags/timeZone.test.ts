import { describe, expect, it } from 'vitest';
import { resolveTimeZone } from './timeZone.js';

describe('resolveTimeZone', () => {
  it('takes --tz, else RIREKI_TZ, else UTC', () => {
    expect(resolveTimeZone('Asia/Tokyo', { RIREKI_TZ: 'Europe/Paris' })).toBe('Asia/Tokyo');
    expect(resolveTimeZone(undefined, { RIREKI_TZ: 'Europe/Paris' })).toBe('Europe/Paris');
    expect(resolveTimeZone(undefined, {})).toBe('UTC');
  });

  it.each([
    ['Tokyo', {}, /--tz: must be an IANA time zone such as Asia\/Tokyo or UTC \(got "Tokyo"\)/],
    [undefined, { RIREKI_TZ: 'Mars/Olympus' }, /RIREKI_TZ: must be an IANA time zone/],
  ])('names where a bad zone came from: %s %o', (flag, env, message) => {
    expect(() => resolveTimeZone(flag, env)).toThrow(message);
  });
});
