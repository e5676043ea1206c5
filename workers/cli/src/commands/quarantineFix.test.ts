import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applySettings, loadFixScript, parseSetting, replayEventId } from './quarantineFix.js';

describe('parseSetting and applySettings', () => {
  it('sets values as JSON where they parse, as text otherwise, along dotted paths', () => {
    const settings = ['status=502', 'userId="42"', 'attributes.tier=gold', 'params={"a":1}'].map(
      parseSetting,
    );

    const fixed = applySettings({ app: 'shop', status: 'OK', attributes: 'bad' }, settings);

    expect(fixed).toEqual({
      app: 'shop',
      status: 502,
      userId: '42',
      attributes: { tier: 'gold' },
      params: { a: 1 },
    });
  });

  it('leaves the event it was given unchanged', () => {
    const event = { app: 'shop', attributes: { tier: 'silver' } };

    applySettings(event, [parseSetting('attributes.tier=gold')]);

    expect(event).toEqual({ app: 'shop', attributes: { tier: 'silver' } });
  });

  it.each(['status', '=1', 'a..b=1'])('refuses %s, saying what it takes', (argument) => {
    expect(() => parseSetting(argument)).toThrow(/expected field=value/);
  });
});

describe('loadFixScript', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("runs the module's default export, and refuses a module without a function", async () => {
    dir = await mkdtemp(join(tmpdir(), 'rireki-fix-'));
    const good = join(dir, 'fix.mjs');
    const bad = join(dir, 'bad.mjs');
    await writeFile(
      good,
      'export default (e) => (e.path === "/drop" ? null : { ...e, status: Number(e.status) || 500 });',
    );
    await writeFile(bad, 'export const x = 1;');

    const fix = await loadFixScript(good);

    expect(fix({ status: 'OK' })).toEqual({ status: 500 });
    expect(fix({ path: '/drop' })).toBeNull();
    await expect(loadFixScript(bad)).rejects.toThrow(/must export a function/);
  });
});

describe('replayEventId', () => {
  it('is the same for the same record and differs between records', () => {
    const file = 'quarantine/dt=2026-11-24/a.jsonl';

    expect(replayEventId(file, 0)).toBe(replayEventId(file, 0));
    expect(replayEventId(file, 0)).not.toBe(replayEventId(file, 1));
    expect(replayEventId(file, 0)).toMatch(/^q-[0-9a-f]{32}$/);
  });
});
