import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldProblems } from './fieldProblems.js';
import { requiredSetting, setting } from './setting.js';

const Options = z.object({
  size: setting(z.number().int().min(1), 'must be a positive integer', 5),
  name: requiredSetting(z.string().min(1), 'must be a non-empty string'),
});

const problems = (input: unknown) => {
  const parsed = Options.safeParse(input);
  return parsed.success ? [] : fieldProblems(parsed.error).map((p) => `${p.path}: ${p.message}`);
};

describe('setting and requiredSetting', () => {
  it('give the default for an unset setting, and the value for a set one', () => {
    expect(Options.parse({ name: 'shop' })).toEqual({ size: 5, name: 'shop' });
    expect(Options.parse({ name: 'shop', size: 12 })).toEqual({ size: 12, name: 'shop' });
  });

  it('name every refused field at once, with what is accepted and what was given, text quoted', () => {
    expect(problems({ size: '5' })).toEqual([
      'size: must be a positive integer (got "5")',
      'name: must be a non-empty string (got undefined)',
    ]);
    expect(problems({ size: 0, name: '' })).toEqual([
      'size: must be a positive integer (got 0)',
      'name: must be a non-empty string (got "")',
    ]);
  });

  it('let the caller say what counts as unset', () => {
    const Context = z.object({
      port: setting(z.number().int(), 'must be an integer', 8080, (v) => v == null || v === ''),
    });

    expect(Context.parse({ port: '' })).toEqual({ port: 8080 });
    expect(Context.parse({ port: null })).toEqual({ port: 8080 });
    expect(Context.safeParse({ port: 'x' }).success).toBe(false);
  });
});
