import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { ENV_KEYS, type SearchRequestInput } from '@rireki/contracts';
import { QUERY_EVENTS } from '@rireki/query';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startLocalQueues, TEST_CREDENTIALS, TEST_REGION } from '../support/localQueues.js';
import { NO_METRICS_ENDPOINTS } from '../support/metricsPorts.js';
import { rssMiB } from '../support/processRss.js';
import { startQueryProcess, type WorkerProcess } from '../support/workerProcess.js';
import { createBenchLake, growLake, removeBenchLake } from './benchLake.js';
import { benchSearches } from './benchSearches.js';
import { peakRssMiB } from './peakRss.js';
import type { Tick } from './progress.js';

const CLI = fileURLToPath(new URL('../../workers/cli/dist/main.js', import.meta.url));
const DAY = 86_400_000;
const LAKE_DAYS = 40;
const APPS = ['shop', 'blog', 'admin'];
const REQUESTER = { name: 'console', key: 'console-bench-key-0123456789' };

/** What a person waits for after pressing Search, for one search, in ms per run. */
export interface ConsoleSearchTimes {
  readonly name: string;
  /** Until the first result rows are painted. */
  readonly firstRows: number[];
  /** Until the histogram is painted. */
  readonly histogram: number[];
  /** Until the top values are painted. */
  readonly topValues: number[];
}

export interface ConsoleExportRun {
  readonly rows: number;
  readonly rowsPerSecond: number;
  /** The console process's peak RSS during this export (MiB), when /proc can say. */
  readonly peakRssMiB: number | undefined;
  /** Its RSS (MiB) as each tenth of the rows arrived: flat when memory does not grow with the export. */
  readonly rssByTenthMiB: number[];
}

export interface ConsoleRuns {
  readonly events: number;
  readonly searches: ConsoleSearchTimes[];
  readonly exports: ConsoleExportRun[];
  /** The console process's peak RSS after serving the searches, before any export (MiB). */
  readonly searchPeakRssMiB: number | undefined;
}

/** Steps the console bench reports to the progress bar. */
export function consoleSteps(exports: number): number {
  return 2 + benchSearches(0).length + exports;
}

/**
 * The web console as a person uses it, over the bench lake: a query worker process in signed mode,
 * `rireki console` as its own process, and Debian's Chromium. Each search is opened from its
 * permalink, then submitted again and again; the page's own clock times each submit until the
 * rows, the histogram and the top values are painted. Exports stream the whole lake over HTTP
 * while /proc reads the console process's peak RSS.
 */
export async function benchConsole(
  events: number,
  runs: { readonly repeats: number; readonly exports: number },
  tick: Tick,
): Promise<ConsoleRuns> {
  const lake = await createBenchLake(Date.UTC(2026, 10, 24), LAKE_DAYS);
  tick(`console: growing the lake to ${events.toLocaleString('en')} events`);
  await growLake(lake, events, { jsonLines: false });
  const local = await startLocalQueues();
  let query: WorkerProcess | undefined;
  let consoleProcess: ConsoleProcess | undefined;
  const browser = await launchBrowser();
  try {
    tick('console: starting the query worker, the console and the browser');
    const probe = await local.sqs.send(new CreateQueueCommand({ QueueName: 'rireki-reply-probe' }));
    const replyPrefix = (probe.QueueUrl ?? '').replace('rireki-reply-probe', 'rireki-reply-');
    const started = startQueryProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.search,
      dataDir: lake.dataDir,
      env: {
        [ENV_KEYS.logLevel]: 'info',
        [ENV_KEYS.searchAccess]: 'signed',
        [ENV_KEYS.searchGrants]: JSON.stringify({ [REQUESTER.name]: '*' }),
        [ENV_KEYS.requesterKeys]: JSON.stringify({ [REQUESTER.name]: REQUESTER.key }),
        [ENV_KEYS.replyQueues]: `${replyPrefix}*`,
      },
    });
    query = started;
    await waitFor('query worker start', () => started.logs.some((l) => l.event === QUERY_EVENTS.started), {
      timeoutMs: 30_000,
    });
    consoleProcess = await startConsoleProcess(local.server.endpoint, local.queues.search);
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();

    const searches: ConsoleSearchTimes[] = [];
    for (const { name, request } of benchSearches(lake.endMs)) {
      tick(`console: ${name}, ${runs.repeats} submits in the browser`);
      await page.goto(`${consoleProcess.url}?q=${encodeURIComponent(JSON.stringify(consoleState(request)))}`);
      await page.locator('tr.result').first().waitFor({ timeout: 300_000 });
      const times: ConsoleSearchTimes = { name, firstRows: [], histogram: [], topValues: [] };
      for (let run = 0; run < runs.repeats; run++) {
        const measured = await timeSubmit(page);
        times.firstRows.push(measured.rows);
        times.histogram.push(measured.histogram);
        times.topValues.push(measured.top);
      }
      searches.push(times);
    }
    const searchPeakRssMiB = await peakRssMiB(consoleProcess.child.pid);

    const exports: ConsoleExportRun[] = [];
    const whole = { app: APPS, from: new Date(lake.endMs - LAKE_DAYS * DAY).toISOString() };
    for (let run = 0; run < runs.exports; run++) {
      tick(`console: export of ${events.toLocaleString('en')} rows, run ${run + 1}/${runs.exports}`);
      const peakReset = await resetPeakRss(consoleProcess.child.pid);
      const at = performance.now();
      const rssByTenthMiB: number[] = [];
      const pid = consoleProcess.child.pid;
      const rows = await exportLines(
        consoleProcess.url,
        { ...whole, to: new Date(lake.endMs).toISOString() },
        events / 10,
        async () => {
          const rss = pid === undefined ? undefined : await rssMiB(pid);
          if (rss !== undefined) rssByTenthMiB.push(rss);
        },
      );
      const seconds = (performance.now() - at) / 1000;
      if (rows !== events) throw new Error(`the export gave ${rows} rows of the lake's ${events}`);
      exports.push({
        rows,
        rowsPerSecond: rows / seconds,
        peakRssMiB: peakReset ? await peakRssMiB(consoleProcess.child.pid) : undefined,
        rssByTenthMiB,
      });
    }
    return { events, searches, exports, searchPeakRssMiB };
  } finally {
    await browser.close();
    await stopChild(consoleProcess?.child);
    await stopChild(query?.child);
    await local.stop();
    await removeBenchLake(lake);
  }
}

/** The console's permalink state for a bench search: the same app, range, filters and order. */
function consoleState(request: SearchRequestInput): Record<string, unknown> {
  const filters = Object.entries(request.filters ?? {}).map(([field, value]) =>
    typeof value === 'object' && value !== null && 'contains' in value
      ? { field, op: 'contains', value: String(value.contains) }
      : { field, op: '=', value: String(value) },
  );
  return {
    apps: Array.isArray(request.app) ? request.app : [request.app],
    range: { from: request.from, to: request.to },
    zone: 'UTC',
    order: 'desc',
    filters,
    text: '',
  };
}

/**
 * Presses Search and times, on the page's clock, until the result rows, the histogram and the
 * top values are each painted again: the submit clears all three, so each is timed from its return.
 */
async function timeSubmit(page: Page): Promise<{ rows: number; histogram: number; top: number }> {
  await page.locator('form.search-form button[type=submit]:not([disabled])').waitFor();
  return (await page.evaluate(TIME_SUBMIT)) as { rows: number; histogram: number; top: number };
}

// Page code as text: the bench runs under tsx, whose transform would wrap named functions in a
// helper the page does not have.
const TIME_SUBMIT = `new Promise((resolve, reject) => {
  const selectors = { rows: 'tr.result', histogram: 'section.histogram', top: 'section.top-values' };
  const cleared = new Set();
  const painted = {};
  const button = document.querySelector('form.search-form button[type=submit]');
  if (button === null) return reject(new Error('no Search button'));
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error('not painted within 300 s: ' + JSON.stringify(painted)));
  }, 300000);
  const observer = new MutationObserver(() => {
    for (const [key, selector] of Object.entries(selectors)) {
      if (key in painted) continue;
      if (document.querySelector(selector) === null) cleared.add(key);
      else if (cleared.has(key)) {
        painted[key] = null;
        requestAnimationFrame(() => {
          painted[key] = performance.now() - started;
          if (Object.values(painted).filter((v) => v !== null).length === 3) {
            clearTimeout(timer);
            observer.disconnect();
            resolve(painted);
          }
        });
      }
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  const started = performance.now();
  button.click();
})`;

/**
 * Streams an NDJSON export from the console's API and counts its lines, holding none of them;
 * `sample` runs each time another `every` lines have arrived.
 */
async function exportLines(
  base: string,
  request: SearchRequestInput,
  every: number,
  sample: () => Promise<void>,
): Promise<number> {
  const response = await fetch(new URL('api/export/ndjson', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-rireki-console': '1' },
    body: JSON.stringify(request),
  });
  if (!response.ok || response.body === null)
    throw new Error(`export refused: ${response.status} ${await response.text()}`);
  let lines = 0;
  let next = every;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    for (const byte of read.value) if (byte === 0x0a) lines++;
    if (lines >= next) {
      next += every;
      await sample();
    }
  }
  return lines;
}

/** Resets a process's peak RSS (VmHWM) so the next reading covers only what follows; false where Linux refuses. */
async function resetPeakRss(pid: number | undefined): Promise<boolean> {
  if (pid === undefined) return false;
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

interface ConsoleProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/** `rireki console` as a person starts it, on a free port, signing as the bench's requester. */
async function startConsoleProcess(endpoint: string, searchQueue: string): Promise<ConsoleProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'console', '--port', '0', '--endpoint', endpoint, '--queue', searchQueue, '--timeout', '300000'],
    {
      env: {
        PATH: process.env.PATH,
        ...NO_METRICS_ENDPOINTS,
        AWS_REGION: TEST_REGION,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        RIREKI_REQUESTER: REQUESTER.name,
        RIREKI_REQUESTER_KEY: REQUESTER.key,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  let url: string | undefined;
  await waitFor(
    'the console to print its URL',
    () => {
      if (child.exitCode !== null) throw new Error(`rireki console exited ${child.exitCode}: ${output}`);
      url = /console\s+(http\S+)/.exec(output)?.[1];
      return url !== undefined;
    },
    { timeoutMs: 30_000 },
  );
  return { child, url: url as string };
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
