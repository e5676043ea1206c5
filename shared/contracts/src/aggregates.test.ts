import { describe, expect, it } from 'vitest';
import {
  isHistogramBody,
  isTimeZone,
  isTopValuesBody,
  validateHistogramReply,
  validateHistogramRequest,
  validateTopValuesRequest,
} from './aggregates.js';
import { isAppsListBody, validateAppsListReply, validateAppsListRequest } from './appsList.js';
import { isQuarantineListBody } from './quarantine.js';

const RANGE = { app: 'shop', from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };

describe('histogram request', () => {
  it('takes the fields of a search match, with UTC and an automatic interval by default', () => {
    // Act
    const result = validateHistogramRequest({
      kind: 'histogram',
      ...RANGE,
      filters: { status: { gte: 500 } },
    });

    // Assess
    expect(result).toEqual({
      ok: true,
      request: { kind: 'histogram', ...RANGE, filters: { status: { gte: 500 } }, timeZone: 'UTC' },
    });
  });

  it('names an unknown zone, an unknown interval, a page field and a reversed range', () => {
    // Act
    const result = validateHistogramRequest({
      kind: 'histogram',
      ...RANGE,
      from: '2026-11-03T00:00:00Z',
      timeZone: 'Mars/Olympus',
      interval: '2h',
      limit: 10,
    });

    // Assess
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'interval', 'limit', 'from']));
    const zone = result.ok ? undefined : result.problems.find((problem) => problem.path === 'timeZone');
    expect(zone?.message).toContain('(got "Mars/Olympus")');
  });

  it('refuses a span over the cap, like a search', () => {
    // Act
    const result = validateHistogramRequest(
      { kind: 'histogram', ...RANGE, to: '2026-12-15T00:00:00Z' },
      { maxSpanDays: 31 },
    );

    // Assess
    expect(result).toEqual({
      ok: false,
      problems: [{ path: 'to', message: 'is more than 31 days after from' }],
    });
  });

  it('checks a reply: counts are whole numbers', () => {
    // Prepare
    const reply = {
      ok: true,
      kind: 'histogram',
      interval: '1h',
      timeZone: 'Asia/Tokyo',
      buckets: [{ start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T01:00:00.000Z', count: 1.5 }],
      total: 1,
      stats: { engine: 'duckdb', elapsedMs: 3 },
    };

    // Act
    const result = validateHistogramReply(reply);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual(['buckets.0.count']);
  });
});

describe('top values request', () => {
  it('counts status, path, action and userId, ten values each, by default', () => {
    // Act
    const result = validateTopValuesRequest({ kind: 'topValues', ...RANGE });

    // Assess
    expect(result.ok && result.request.fields).toEqual(['status', 'path', 'action', 'userId']);
    expect(result.ok && result.request.limit).toBe(10);
  });

  it('refuses a field that has no top values and a limit over 50', () => {
    // Act
    const result = validateTopValuesRequest({ kind: 'topValues', ...RANGE, fields: ['params'], limit: 51 });

    // Assess
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual(['fields.0', 'limit']);
  });
});

describe('apps list request', () => {
  it('is the kind alone', () => {
    expect(validateAppsListRequest({ kind: 'apps.list' })).toEqual({
      ok: true,
      request: { kind: 'apps.list' },
    });
    expect(validateAppsListRequest({ kind: 'apps.list', app: 'shop' }).ok).toBe(false);
  });

  it('checks a reply', () => {
    expect(validateAppsListReply({ ok: true, kind: 'apps.list', apps: ['shop'], everyApp: false }).ok).toBe(
      true,
    );
    expect(validateAppsListReply({ ok: true, kind: 'apps.list', apps: 'shop', everyApp: false }).ok).toBe(
      false,
    );
  });
});

describe('request kinds', () => {
  it.each([
    [{ kind: 'histogram' }, 'histogram'],
    [{ kind: 'topValues' }, 'topValues'],
    [{ kind: 'apps.list' }, 'apps.list'],
    [{ kind: 'quarantine.list' }, 'quarantine.list'],
    [RANGE, 'search'],
  ])('%j is a %s request, and no other kind', (body, kind) => {
    // Act
    const kinds = [
      isHistogramBody(body) && 'histogram',
      isTopValuesBody(body) && 'topValues',
      isAppsListBody(body) && 'apps.list',
      isQuarantineListBody(body) && 'quarantine.list',
    ].filter((found) => found !== false);

    // Assess
    expect(kinds).toEqual(kind === 'search' ? [] : [kind]);
  });

  it('knows IANA zones and UTC, and nothing else', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('JST+9')).toBe(false);
  });
});
