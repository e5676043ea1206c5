import { describe, expect, it } from 'vitest';
import { singleFlight } from './singleFlight.js';

describe('singleFlight', () => {
  it('runs one task at a time; calls during a run share one follow-up run', async () => {
    // Prepare
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const releases: (() => void)[] = [];
    const run = singleFlight(async () => {
      runs += 1;
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running -= 1;
    });

    // Act
    const first = run();
    const second = run();
    const third = run();
    releases.shift()?.();
    await first;
    // The follow-up starts a few microtasks after the first run settles.
    for (let hop = 0; hop < 100 && releases.length === 0; hop += 1) await Promise.resolve();
    expect(runs).toBe(2);
    releases.shift()?.();
    await Promise.all([second, third]);

    // Assess
    expect(second).toBe(third);
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('starts afresh after a failed run', async () => {
    // Prepare
    let calls = 0;
    const run = singleFlight(async () => {
      calls += 1;
      if (calls === 1) throw new Error('first fails');
    });

    // Act
    const first = run();
    const second = run();

    // Assess
    await expect(first).rejects.toThrow('first fails');
    await expect(second).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
