import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type RssLimits, type RssPoint, summarizeRss } from './rssTrend.js';
import { type SoakResult, soakVerdict } from './soakResult.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOAK = fileURLToPath(new URL('./soak.ts', import.meta.url));

/** Readings every 5 s for `minutes`, from a function of the minute. */
const series = (minutes: number, mibAt: (minute: number) => number): RssPoint[] =>
  Array.from({ length: minutes * 12 + 1 }, (_, i) => ({ atMs: i * 5000, mib: mibAt(i / 12) }));
const LIMITS: RssLimits = {
  warmupMs: 120_000,
  minJudgedMs: 180_000,
  maxSlopeMiBPerMin: 2,
  maxEndRatio: 1.25,
};

describe('soak: judging memory', () => {
  it('fails a steady 3 MiB/min growth after warm-up, whatever the warm-up did', () => {
    const summary = summarizeRss(
      'ingest',
      series(10, (m) => (m < 2 ? 100 + 40 * m : 180 + 3 * (m - 2))),
      LIMITS,
    );
    expect(summary.judged).toBe(true);
    expect(summary.slopeMiBPerMin).toBeCloseTo(3, 5);
    expect(summary.afterWarmupMiB).toBe(180);
    expect(summary.problems).toEqual(['ingest RSS grows 3.00 MiB/min after warm-up (limit 2)']);
  });

  it('passes a garbage-collected sawtooth with no trend, and names the end ratio when RSS jumps late', () => {
    const sawtooth = summarizeRss(
      'query',
      series(10, (m) => 150 + ((m * 12) % 6) * 5),
      LIMITS,
    );
    expect(sawtooth.problems).toEqual([]);
    expect(Math.abs(sawtooth.slopeMiBPerMin)).toBeLessThan(0.5);

    const jump = summarizeRss(
      'stack',
      series(10, (m) => (m >= 9.9 ? 400 : 100)),
      LIMITS,
    );
    expect(jump.problems).toContain('stack RSS ended at 400 MiB, over 1.25× its 100 MiB after warm-up');
  });

  it('judges a process whose memory follows its work by a ceiling, not by where it ended', () => {
    // A rewrite in the middle of every minute, up to 650 MiB, and the run ends in one: after
    // warm-up 150 MiB, at the end 650, no trend (1.9 MiB/min, within the 2 allowed).
    const rewrites = Array.from({ length: 121 }, (_, i) => ({
      atMs: i * 5000,
      mib: i % 12 >= 3 && i % 12 <= 8 ? 650 : i === 120 ? 650 : 150,
    }));
    const bounded = summarizeRss('maintenance', rewrites, { ...LIMITS, maxMiB: 1024 });
    expect(bounded.problems).toEqual([]);
    expect(summarizeRss('maintenance', rewrites, LIMITS).problems).toEqual([
      'maintenance RSS ended at 650 MiB, over 1.25× its 150 MiB after warm-up',
    ]);

    const over = summarizeRss(
      'maintenance',
      series(10, (m) => (m > 5 ? 1100 : 300)),
      { ...LIMITS, maxMiB: 1024 },
    );
    expect(over.problems).toContain('maintenance RSS reached 1100 MiB, over its ceiling of 1024 MiB');
  });

  it('does not judge a run too short to show a trend', () => {
    const short = summarizeRss(
      'stack',
      series(1, (m) => 100 + 50 * m),
      { ...LIMITS, warmupMs: 12_000 },
    );
    expect(short.judged).toBe(false);
    expect(short.problems).toEqual([]);
    expect(short.slopeMiBPerMin).toBeCloseTo(50, 5);
  });
});

/** The soak script itself, briefly and at a low rate, so that it cannot rot between long runs. */
describe('soak: a 20-second run of the soak script', () => {
  let outDir: string;
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('exits 0, and its JSON shows every accepted event found by search and the memory of every process', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'rireki-soak-smoke-'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        SOAK,
        '--seconds',
        '20',
        '--rate',
        '100',
        '--sample-every',
        '2000',
        '--out',
        outDir,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect(code, output).toBe(0);
    const json = (await readdir(outDir)).find((name) => name.endsWith('.json'));
    expect(json, output).toBeDefined();
    const result = JSON.parse(await readFile(join(outDir, json as string), 'utf8')) as SoakResult & {
      verdict: { passed: boolean; reasons: string[] };
    };
    const accepted = result.traffic.apps.reduce((sum, app) => sum + app.accepted, 0);
    console.info(
      `soak smoke: ${accepted} events accepted, ${result.searches.length} searches, ` +
        result.rss.processes.map((p) => `${p.process} ${p.endMiB.toFixed(0)} MiB`).join(', '),
    );
    expect(result.verdict).toEqual({ passed: true, reasons: [] });
    expect(soakVerdict(result)).toEqual([]);
    // 20 s at 100 events/s, less what the pacing timer had not yet produced at the end.
    expect(accepted).toBeGreaterThan(1500);
    for (const app of result.traffic.apps) expect(app.found, app.app).toBe(app.accepted);
    expect(result.rss.processes.map((p) => p.process).sort()).toEqual([
      'ingest',
      'maintenance',
      'query',
      'stack',
    ]);
    for (const p of result.rss.processes) expect(p.samples, p.process).toBeGreaterThanOrEqual(8);
    expect(result.searches.length).toBeGreaterThanOrEqual(5);
    expect(result.lake.points.length).toBeGreaterThanOrEqual(8);
    expect(result.lake.points.at(-1)?.partitions).toBeGreaterThanOrEqual(3);
    expect(result.stack.exitCode).toBe(0);
  }, 90_000);

  it('a result whose counts differ fails the verdict, naming the app', () => {
    const result = {
      traffic: {
        apps: [{ app: 'shop', logged: 10, accepted: 10, dropped: 0, failed: 0, found: 9 }],
        problems: [],
        searchableAfterMs: null,
      },
      settings: { seconds: 20 },
      searches: [{ atMs: 0, kind: 'recent-count', app: 'shop', ms: 5, ok: true }],
      lake: {
        maxLiveFiles: 150,
        points: [{ atMs: 0, partitions: 1, maxLiveFiles: 151, maxFilesOnDisk: 151 }],
      },
      drainSearchFailures: [],
      rss: { limits: LIMITS, processes: [] },
      stack: {
        exitCode: 0,
        errorCount: 0,
        errorLines: [],
        foreignStderrCount: 0,
        foreignStderr: [],
        restarts: { ingest: 0, query: 1, maintenance: 0 },
        events: {},
        logFile: '',
      },
    } as unknown as SoakResult;
    expect(soakVerdict(result)).toEqual([
      'workers restarted: ingest 0, query 1, maintenance 0',
      'a partition held 151 live files, more than 150',
      'shop: search counts 9 events, the logger had 10 accepted',
      'no RSS reading of stack',
      'no RSS reading of ingest',
      'no RSS reading of query',
    ]);
  });
});
