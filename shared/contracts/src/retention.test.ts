import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldProblems } from './fieldProblems.js';
import { formatRetention, retentionSetting } from './retention.js';

const Settings = z.object({ RIREKI_RETENTION: retentionSetting() });

describe('retentionSetting and formatRetention', () => {
  it('read days per app, `*` and "unlimited", and write back the text they read', () => {
    const text = '{"shop":400,"*":90,"audit":"unlimited"}';
    const days = Settings.parse({ RIREKI_RETENTION: text }).RIREKI_RETENTION;

    expect([...days]).toEqual([
      ['shop', 400],
      ['*', 90],
      ['audit', null],
    ]);
    expect(formatRetention(days)).toBe(text);
    expect(formatRetention(Settings.parse({}).RIREKI_RETENTION)).toBe('{}');
  });

  it('name the entry that is refused under the setting', () => {
    const parsed = Settings.safeParse({ RIREKI_RETENTION: '{"Shop!":3,"blog":0}' });

    expect(parsed.success ? [] : fieldProblems(parsed.error)).toEqual([
      { path: 'RIREKI_RETENTION.Shop!', message: 'must be an app code or "*" (got "Shop!")' },
      {
        path: 'RIREKI_RETENTION.blog',
        message: 'must be a number of days from 1 to 36500, or "unlimited" (got 0)',
      },
    ]);
  });
});
