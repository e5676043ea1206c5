import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SearchRequestInput } from '@rireki/contracts';
import { SearchReplyError } from '@rireki/sdk';
import { describe, expect, it } from 'vitest';
import { type ConsoleBackend, createConsoleApp } from './createConsoleApp.js';

const HOST = '127.0.0.1:4580';
const assetsDir = mkdtempSync(join(tmpdir(), 'rireki-console-assets-'));
writeFileSync(join(assetsDir, 'index.html'), '<!doctype html><title>rireki</title>');
const SEARCH = { app: 'shop', from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };
const row = (i: number) => ({
  app: 'shop',
  eventId: `e${i}`,
  occurredAt: '2026-11-01T00:00:00.000Z',
  receivedAt: '2026-11-01T00:00:01.000Z',
  path: `/p,${i}`,
  tenant: 'acme',
});

/** A backend of three pages of two rows, recording the searches asked of it. */
function pagedBackend(searches: SearchRequestInput[]): ConsoleBackend {
  const stats = { engine: 'test', elapsedMs: 1 };
  return {
    search: async (request) => {
      searches.push(request);
      const n = request.cursor === undefined ? 0 : Number(request.cursor);
      if (request.app === 'blog')
        throw new SearchReplyError('FORBIDDEN', 'this requester may not search the requested apps');
      return {
        rows: [row(2 * n), row(2 * n + 1)],
        nextCursor: n < 2 ? String(n + 1) : null,
        ...(request.includeTotal ? { total: 6 } : {}),
        stats,
      };
    },
    histogram: () => Promise.reject(new Error('not used')),
    topValues: () => Promise.reject(new Error('not used')),
    apps: async () => ({ apps: ['shop'], everyApp: false }),
    quarantine: () => Promise.reject(new Error('not used')),
  };
}

function consoleApp(token: string | null = null, searches: SearchRequestInput[] = []) {
  return createConsoleApp({
    backend: pagedBackend(searches),
    requester: 'console',
    allowedHosts: () => new Set([HOST]),
    token,
    assetsDir,
  }).app;
}

const api = { host: HOST, 'x-rireki-console': '1' };
const json = { ...api, 'content-type': 'application/json' };

describe('console API: cross-site requests, hosts and the token', () => {
  it.each([
    ['without the API header', { host: HOST }],
    ['from another origin', { ...api, origin: 'http://evil.example' }],
    ['marked cross-site by the browser', { ...api, 'sec-fetch-site': 'cross-site' }],
  ])('refuses a call %s with 403', async (_name, headers) => {
    const res = await consoleApp().request('/api/apps', { headers });

    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('answers a same-origin call, with the security headers on it', async () => {
    const res = await consoleApp().request('/api/apps', {
      headers: { ...api, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' },
    });

    expect(await res.json()).toEqual({ apps: ['shop'], everyApp: false });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a Host it is not served as (DNS rebinding) with 421', async () => {
    const res = await consoleApp().request('/', { headers: { host: 'evil.example:4580' } });

    expect(res.status).toBe(421);
  });

  it('with a token, refuses everything until the start URL sets its HttpOnly cookie', async () => {
    const app = consoleApp('s3cret-token');

    const before = await app.request('/api/apps', { headers: api });
    const wrong = await app.request('/?token=guess', { headers: { host: HOST } });
    const start = await app.request('/?token=s3cret-token', { headers: { host: HOST } });
    const cookie = start.headers.get('set-cookie') ?? '';
    const after = await app.request('/api/apps', { headers: { ...api, cookie: cookie.split(';')[0] ?? '' } });

    expect(before.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe('/');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(after.status).toBe(200);
  });
});

describe('console API: searches and exports', () => {
  it('refuses a bad search naming each field, and passes on a FORBIDDEN as 403', async () => {
    const bad = await consoleApp().request('/api/search', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ app: 'Shop!', from: 'yesterday', to: SEARCH.to }),
    });
    const refused = await consoleApp().request('/api/search', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...SEARCH, app: 'blog' }),
    });

    expect(bad.status).toBe(400);
    const problems = ((await bad.json()) as { error: { details: Array<{ path: string; message: string }> } })
      .error.details;
    expect(problems.map((problem) => problem.path).sort()).toEqual(['app', 'from']);
    // The contract's own words: what was given, what is accepted.
    expect(problems.find((problem) => problem.path === 'from')?.message).toContain('(got "yesterday")');
    expect(refused.status).toBe(403);
    // The query worker's message as it sent it, without the code repeated in front.
    expect(await refused.json()).toEqual({
      error: { code: 'FORBIDDEN', message: 'this requester may not search the requested apps' },
    });
  });

  it('refuses filters of the wrong shape and a body that is not JSON in the API’s error shape', async () => {
    const shape = await consoleApp().request('/api/search', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...SEARCH, filters: 'userId=u-42' }),
    });
    const notJson = await consoleApp().request('/api/search', {
      method: 'POST',
      headers: json,
      body: '{"app": "shop",',
    });

    expect(shape.status).toBe(400);
    const { error } = (await shape.json()) as { error: { message: string } };
    expect(error.message).toMatch(/^filters: .*\(got "userId=u-42"\)/);
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/json');
    expect(await notJson.json()).toMatchObject({
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/^body: .*JSON/) },
    });
  });

  it('streams every page as NDJSON with the total in a header, counting only once', async () => {
    const searches: SearchRequestInput[] = [];
    const res = await consoleApp(null, searches).request('/api/export/ndjson', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(SEARCH),
    });
    const lines = (await res.text()).trimEnd().split('\n');

    expect(res.headers.get('x-rireki-total')).toBe('6');
    expect(lines.map((line) => JSON.parse(line).eventId)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    expect(searches.map((search) => [search.cursor, search.includeTotal, search.limit])).toEqual([
      [undefined, true, 1000],
      ['1', undefined, 1000],
      ['2', undefined, 1000],
    ]);
  });

  it('asks for the next page only once the reader has taken the one before', async () => {
    const searches: SearchRequestInput[] = [];
    const res = await consoleApp(null, searches).request('/api/export/csv', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(SEARCH),
    });
    const reader = res.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    await reader?.cancel();

    expect(first.split('\n')[0]).toMatch(/^app,eventId,occurredAt,receivedAt,.*,extra$/);
    // The comma in a path is quoted; the app's own field goes to extra as JSON.
    expect(first).toContain('"/p,0"');
    expect(first).toContain('"{""tenant"":""acme""}"');
    expect(searches.length).toBeLessThanOrEqual(2);
  });

  it('refuses an unknown export format by name', async () => {
    const res = await consoleApp().request('/api/export/xlsx', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(SEARCH),
    });

    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('xlsx');
  });
});
