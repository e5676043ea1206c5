// One suite over one stack (ingest, query worker in signed mode, console) and one browser, which
// every case shares; split, each file would start them again.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { waitFor } from '@rireki/adapters/testing';
import { type RunningConsole, startConsole } from '@rireki/console';
import { ENV_KEYS, type SearchRequestInput, type SearchRow } from '@rireki/contracts';
import { QUERY_EVENTS } from '@rireki/query';
import { createSearchClient, type SearchClient } from '@rireki/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.js';
import { ingestFixture } from '../support/ingestedLake.js';
import { type LocalQueues, startLocalQueues } from '../support/localQueues.js';
import { type FixtureEvent, searchFixture } from '../support/searchFixture.js';
import { startQueryProcess, type WorkerProcess } from '../support/workerProcess.js';

const KEY = 'console-key-0123456789abcdef';
/** Markup and script in every field a person sees; none of it may run. */
const PAYLOADS = [
  '<script>window.__pwned = 1</script>',
  '"><img src=x onerror="window.__pwned = 2">',
  'javascript:window.__pwned = 3',
  '\u202Eexe.gnp\u202C bidi',
  '<svg onload="window.__pwned = 4"></svg>',
  "'><iframe srcdoc='<script>parent.__pwned = 5</script>'>",
];

// Every third event keeps statuses 200 and 404 (of the fixture's six-status cycle).
const fixture = searchFixture().filter((_, i) => i % 3 === 0);
const corpus: FixtureEvent[] = PAYLOADS.map((payload, i) => ({
  ...(fixture[0] as FixtureEvent),
  app: 'lab',
  eventId: `xss-${i}`,
  occurredAt: `2026-11-04T0${i}:00:00.000Z`,
  action: payload,
  path: `/x/${payload}`,
  userId: payload,
  userAgent: payload,
  params: { q: payload },
  attributes: { note: payload },
  tenant: payload,
}));
// Quarantined by the ingest worker: one of a granted app, one of an app the grants leave out.
// Deliberately outside the contract, as a faulty app would send them.
const quarantined = ['shop', 'blog'].map(
  (app) =>
    ({
      ...(fixture[0] as FixtureEvent),
      app,
      eventId: `bad-${app}`,
      status: 'oops',
    }) as unknown as FixtureEvent,
);
const events = [...fixture, ...corpus, ...quarantined];
const FROM = '2026-11-03';
const TO = '2026-11-05';

describe('web console in a real browser, over the local stack', () => {
  let local: LocalQueues;
  let dataDir: string;
  let query: WorkerProcess;
  let running: RunningConsole;
  let sdk: SearchClient;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    local = await startLocalQueues();
    dataDir = await mkdtemp(join(tmpdir(), 'rireki-console-'));
    await ingestFixture(local, dataDir, events, events.length - quarantined.length);
    const probe = await local.sqs.send(new CreateQueueCommand({ QueueName: 'rireki-reply-probe' }));
    const replyPrefix = (probe.QueueUrl ?? '').replace('rireki-reply-probe', 'rireki-reply-');
    query = startQueryProcess({
      endpoint: local.server.endpoint,
      queueUrl: local.queues.search,
      dataDir,
      env: {
        [ENV_KEYS.searchAccess]: 'signed',
        [ENV_KEYS.searchGrants]: JSON.stringify({ console: ['shop', 'lab'] }),
        [ENV_KEYS.requesterKeys]: JSON.stringify({ console: KEY }),
        [ENV_KEYS.replyQueues]: `${replyPrefix}*`,
      },
    });
    await waitFor('the query worker', () => query.logs.some((l) => l.event === QUERY_EVENTS.started));
    const requester = { name: 'console', key: KEY };
    running = await startConsole({ sqs: local.sqs, searchQueue: local.queues.search, requester, port: 0 });
    sdk = await createSearchClient({
      sqs: local.sqs,
      searchQueueUrl: local.queues.search,
      requester: requester.name,
      key: requester.key,
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', timezoneId: 'UTC' });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 120_000);

  // What the page showed when a test failed, kept with CI's artifacts under test-results/console/.
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = `failed-${task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80)}`;
      if (page) await screenshot(page, name).catch(() => {});
    });
  });

  afterAll(async () => {
    await browser?.close();
    await sdk?.close();
    await running?.close();
    if (query && query.child.exitCode === null) {
      query.child.kill('SIGTERM');
      await query.exited;
    }
    await local?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Opens a search from its permalink, as a person following a link would. */
  const open = async (state: Record<string, unknown>) => {
    const q = JSON.stringify({ zone: 'UTC', order: 'desc', filters: [], text: '', ...state });
    await page.goto(`${running.url}?q=${encodeURIComponent(q)}`);
    await page.getByTestId('total').waitFor();
  };
  const customRange = (zone: string, from = FROM, to = TO) => ({
    range: {
      from: new Date(Date.parse(`${from}T00:00:00Z`) - offsetMs(zone)).toISOString(),
      to: new Date(Date.parse(`${to}T00:00:00Z`) - offsetMs(zone)).toISOString(),
    },
    zone,
  });
  const shownIds = () =>
    page.locator('tr.result').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event-id')));
  const total = async () =>
    Number((await page.getByTestId('total').locator('strong').textContent()) ?? 'NaN');

  it('offers only the granted apps, and never one the grants leave out', async () => {
    await open({ apps: ['shop'], ...customRange('UTC') });

    const offered = await page
      .locator('fieldset.apps input[name=app]')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(offered).toEqual(['lab', 'shop']);
    await expect(page.getByText('blog', { exact: true }).count()).resolves.toBe(0);
    await screenshot(page, 'search');
  });

  it('is usable from the keyboard alone: a custom range, a filter range and Enter give the SDK’s events', async () => {
    await page.goto(running.url);
    await page.locator('fieldset.apps').waitFor();
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo('input[name=app][value=shop]');
    await page.keyboard.press('Space');
    // A radio group is one Tab stop; its arrow keys move the choice.
    await tabTo('input[name=range]:checked');
    for (
      let i = 0;
      i < 10 && !(await page.evaluate(() => document.activeElement?.matches('[value=custom]')));
      i++
    ) {
      await page.keyboard.press('ArrowRight');
    }
    await tabTo('input[name=from]');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(FROM);
    await tabTo('input[name=to]');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(TO);
    await tabTo('input[name=zone]');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('UTC');
    for (const [op, value] of [
      ['>=', '300'],
      ['<', '600'],
    ] as const) {
      await tabTo('fieldset.filters > button');
      await page.keyboard.press('Enter');
      const i = (await page.locator('.filter').count()) - 1;
      await tabTo(`select[name=filter-op-${i}]`);
      await page.locator(`select[name=filter-op-${i}]`).selectOption(op);
      await tabTo(`input[name=filter-value-${i}]`);
      await page.keyboard.type(value);
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('total').waitFor();

    const request: SearchRequestInput = {
      app: ['shop'],
      from: `${FROM}T00:00:00Z`,
      to: `${TO}T00:00:00Z`,
      filters: { status: { gte: 300, lt: 600 } },
      limit: 50,
      includeTotal: true,
    };
    const first = await sdk.search(request);
    expect(await total()).toBe(first.total);
    expect(await shownIds()).toEqual(first.rows.map((row) => row.eventId));
    // The next page through "load more" is the SDK's next page.
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tr.result').length > 50);
    const second = await sdk.search({ ...request, cursor: first.nextCursor ?? '' });
    expect((await shownIds()).slice(50)).toEqual(second.rows.map((row) => row.eventId));
    // Each cell of a row sits under its column's header: the rows are laid out as a table.
    const lefts = await page.evaluate(() => {
      const left = (cells: NodeListOf<Element> | undefined) =>
        [...(cells ?? [])].map((cell) => Math.round(cell.getBoundingClientRect().left));
      return {
        headers: left(document.querySelectorAll('table.rows thead th')),
        cells: left(document.querySelector('tr.result')?.querySelectorAll('td')),
      };
    });
    expect(lefts.headers.length).toBeGreaterThan(2);
    expect(lefts.cells).toEqual(lefts.headers);
    // A row opens with Enter to the whole event.
    await page.locator('tr.result').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('tr.detail pre.json').textContent()).resolves.toContain('"params"');
    // The permalink holds the whole search, filters included.
    expect(new URL(page.url()).searchParams.get('q')).toContain('{"field":"status","op":">=","value":"300"}');
  });

  it('draws a histogram whose buckets add up to the total, with boundaries on the chosen zone’s clock', async () => {
    const bucketsOf = () =>
      page.locator('.histogram rect.bar').evaluateAll((bars) =>
        bars.map((bar) => ({
          start: bar.getAttribute('data-start'),
          count: Number(bar.getAttribute('data-count')),
        })),
      );
    await open({ apps: ['shop'], ...customRange('UTC') });
    await page.locator('.histogram rect.bar').first().waitFor();
    const utc = await bucketsOf();
    const utcTotal = await total();

    await open({ apps: ['shop'], ...customRange('Asia/Tokyo') });
    await page.locator('.histogram rect.bar').first().waitFor();
    const tokyo = await bucketsOf();

    expect(utc.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(utcTotal);
    expect(tokyo.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(await total());
    expect(utc[0]?.start).toBe('2026-11-03T00:00:00.000Z');
    // The same dates in Tokyo start at its midnight, 15:00 UTC the day before.
    expect(tokyo[0]?.start).toBe('2026-11-02T15:00:00.000Z');
    const expected = fixture.filter(
      (e) =>
        e.app === 'shop' &&
        e.occurredAt >= '2026-11-02T15:00:00.000Z' &&
        e.occurredAt < '2026-11-04T15:00:00.000Z',
    );
    expect(await total()).toBe(expected.length);
    await screenshot(page, 'histogram-tokyo');
  });

  it('adds a top value as a filter with one click', async () => {
    await open({ apps: ['shop'], ...customRange('UTC') });
    await page.locator('.top-field[data-field=status] button').first().click();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q')?.includes('"status"'));
    await page.getByTestId('total').waitFor();

    const topStatus = JSON.parse(new URL(page.url()).searchParams.get('q') ?? '{}').filters[0].value;
    const page1 = await sdk.search({
      app: 'shop',
      from: `${FROM}T00:00:00Z`,
      to: `${TO}T00:00:00Z`,
      filters: { status: Number(topStatus) },
      includeTotal: true,
    });
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=total] strong')?.textContent === String(n),
      page1.total,
    );
  });

  it('shows one user’s timeline when a userId is clicked', async () => {
    await open({ apps: ['shop'], ...customRange('UTC') });
    const user = (await page.locator('td.userId button').first().textContent()) ?? '';
    await page.locator('td.userId button').first().click();
    await page.locator('h2.timeline').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('td.userId')].length > 0);

    const mine = await sdk.search({
      app: 'shop',
      from: `${FROM}T00:00:00Z`,
      to: `${TO}T00:00:00Z`,
      filters: { userId: user },
      includeTotal: true,
    });
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=total] strong')?.textContent === String(n),
      mine.total,
    );
    const users = await page.locator('td.userId').allTextContents();
    expect(new Set(users)).toEqual(new Set([user]));
  });

  it('exports the whole result as NDJSON and CSV, every row exactly once', async () => {
    await open({ apps: ['shop'], ...customRange('UTC', '2026-11-01', '2026-11-11') });
    const expected: SearchRow[] = [];
    for await (const row of sdk.rows({
      app: 'shop',
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-11T00:00:00Z',
      limit: 1000,
    })) {
      expected.push(row);
    }

    const [ndjson] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export NDJSON' }).click(),
    ]);
    const lines = (await readFile((await ndjson.path()) ?? '', 'utf8')).trimEnd().split('\n');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csvLines = (await readFile((await csv.path()) ?? '', 'utf8')).trimEnd().split('\n');

    expect(expected.length).toBe(fixture.filter((e) => e.app === 'shop').length);
    expect(lines.map((line) => JSON.parse(line) as SearchRow)).toEqual(expected);
    expect(csvLines[0]?.startsWith('app,eventId,occurredAt,receivedAt,')).toBe(true);
    expect(csvLines.slice(1).map((line) => line.split(',')[1])).toEqual(expected.map((row) => row.eventId));
    await expect(page.getByRole('status').textContent()).resolves.toContain(String(expected.length));
  });

  it('shows the quarantine of a granted app with its reasons, and none of an app the grants leave out', async () => {
    await open({ apps: ['shop'], ...customRange('UTC') });
    await page.getByRole('button', { name: 'Quarantine' }).click();
    const picker = page.locator('section.quarantine select');
    // No grant of every app: no "every app" choice, and only the granted apps.
    expect(
      await picker
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['lab', 'shop']);
    await picker.selectOption('shop');
    // The app's records load as it is chosen, with no button to press.
    const record = page.locator('section.quarantine tbody tr');
    await record.first().waitFor();
    expect(await record.count()).toBe(1);
    const text = (await record.first().textContent()) ?? '';
    expect(text).toContain('invalid-event');
    expect(text).toContain('status');
    expect(text).toContain('"bad-shop"');
    expect(await page.locator('section.quarantine').textContent()).not.toContain('bad-blog');
    await screenshot(page, 'quarantine');
  });

  it('renders every payload of the corpus as text and runs none of it', async () => {
    await open({
      apps: ['lab'],
      ...customRange('UTC'),
      columns: ['occurredAt', 'userId', 'path', 'action', 'userAgent'],
    });
    // Each row opened in turn shows its whole event, the payloads in its JSON.
    const opened: string[] = [];
    for (const row of await page.locator('tr.result').all()) {
      await row.click();
      opened.push((await page.locator('tr.detail pre.json').textContent()) ?? '');
    }
    await page.locator('.top-values').waitFor();
    await screenshot(page, 'xss-corpus');

    for (const payload of PAYLOADS) {
      expect(await page.locator('td.action', { hasText: payload }).count(), payload).toBe(1);
    }
    expect(opened).toHaveLength(PAYLOADS.length);
    for (const [i, payload] of PAYLOADS.entries()) {
      expect(
        opened.some((text) => text.includes(JSON.stringify(payload).slice(1, -1))),
        `payload ${i}`,
      ).toBe(true);
    }
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(
      await page.locator('main img, main script, main iframe, main [onerror], main [onload]').count(),
    ).toBe(0);
    expect(await page.locator('main svg').count()).toBe(1);
  });

  it('ships a page within its budget: at most 60 KiB of JavaScript and CSS, gzipped', async () => {
    const dir = join(process.cwd(), 'workers', 'console', 'dist', 'public', 'assets');
    const files = await readdir(dir);
    let gzipped = 0;
    for (const file of files) gzipped += gzipSync(await readFile(join(dir, file))).length;

    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(gzipped).toBeLessThanOrEqual(60 * 1024);
  });

  it('refuses API calls from another site, and sends no secret to the page', async () => {
    const crossSite = await fetch(`${running.url}api/apps`, {
      headers: { Origin: 'http://evil.example', 'x-rireki-console': '1' },
    });
    const noHeader = await fetch(`${running.url}api/apps`);
    const html = await (await fetch(running.url)).text();
    const session = await (
      await fetch(`${running.url}api/session`, { headers: { 'x-rireki-console': '1' } })
    ).text();

    expect(crossSite.status).toBe(403);
    expect(noHeader.status).toBe(403);
    expect(html + session).not.toContain(KEY);
    expect(JSON.parse(session)).toMatchObject({ requester: 'console' });
  });
});

/** A zone's offset from UTC in November 2026 (no DST change in the test's dates). */
function offsetMs(zone: string): number {
  return zone === 'Asia/Tokyo' ? 9 * 3_600_000 : 0;
}
