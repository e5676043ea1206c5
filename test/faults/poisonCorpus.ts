import { gzipSync } from 'node:zlib';

/** One message of the corpus, and how many quarantine records and rows it must produce. */
export interface CorpusMessage {
  readonly kind: string;
  readonly body: string;
  readonly contentEncoding?: string;
  readonly quarantined: number;
  readonly good: readonly string[];
}

const DAY = 86_400_000;

/** A valid event with a known id. */
export function goodEvent(id: string, now: number): Record<string, unknown> {
  return {
    app: 'shop',
    occurredAt: new Date(now - DAY).toISOString(),
    eventId: id,
    path: '/ok',
    status: 200,
  };
}

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}

/**
 * Generates `count` bad messages of many kinds, cycling through them, plus mixed packs: every
 * message says what it must leave in the quarantine and which good event ids must land.
 */
export function poisonCorpus(count: number, now: number): CorpusMessage[] {
  const makers: Array<(i: number) => CorpusMessage> = [
    (i) => ({ kind: 'invalid JSON', body: `{"app":"shop","occurredAt": ${i}`, quarantined: 1, good: [] }),
    (i) => ({ kind: 'not an object', body: JSON.stringify([i, 'x']), quarantined: 1, good: [] }),
    (i) => ({
      kind: 'wrong types',
      body: JSON.stringify({ app: 42, occurredAt: true, status: `s${i}` }),
      quarantined: 1,
      good: [],
    }),
    () => ({ kind: 'missing fields', body: JSON.stringify({ path: '/x' }), quarantined: 1, good: [] }),
    (i) => ({
      kind: 'oversized field',
      body: JSON.stringify({ app: 'shop', occurredAt: now, eventId: `big-${i}`, path: 'p'.repeat(5000) }),
      quarantined: 1,
      good: [],
    }),
    (i) => ({
      kind: 'deep nesting',
      body: JSON.stringify({ app: 'shop', occurredAt: now, eventId: `deep-${i}`, params: deep(200) }),
      quarantined: 1,
      good: [],
    }),
    (i) => ({
      kind: 'lone surrogate',
      body: `{"app":"shop","occurredAt":${now},"eventId":"sur-${i}","userAgent":"a\\ud800b"}`,
      quarantined: 1,
      good: [],
    }),
    (i) => ({
      kind: 'NUL characters past a length limit',
      body: JSON.stringify({
        app: 'shop',
        occurredAt: now,
        eventId: `ctl-${i}`,
        action: '\u0000'.repeat(300),
      }),
      quarantined: 1,
      good: [],
    }),
    () => ({
      kind: 'gzip attribute, plain body',
      body: 'not base64 gzip!',
      contentEncoding: 'gzip',
      quarantined: 1,
      good: [],
    }),
    () => ({
      kind: 'gzip of garbage',
      body: gzipSync('{"app": broken').toString('base64'),
      contentEncoding: 'gzip',
      quarantined: 1,
      good: [],
    }),
    () => ({
      kind: 'unknown encoding',
      body: 'eJzLSM3JyQcABiwCFQ==',
      contentEncoding: 'deflate',
      quarantined: 1,
      good: [],
    }),
    () => ({
      kind: 'far past',
      body: JSON.stringify({ app: 'shop', occurredAt: '1999-12-31T23:59:59Z' }),
      quarantined: 1,
      good: [],
    }),
    () => ({
      kind: 'epoch seconds',
      body: JSON.stringify({ app: 'shop', occurredAt: Math.floor(now / 1000) }),
      quarantined: 1,
      good: [],
    }),
    () => ({
      kind: 'far future',
      body: JSON.stringify({ app: 'shop', occurredAt: new Date(now + 3 * DAY).toISOString() }),
      quarantined: 1,
      good: [],
    }),
    () => ({ kind: 'empty pack', body: JSON.stringify({ events: [] }), quarantined: 1, good: [] }),
    (i) => {
      // A huge pack: 1,500 events, every third one bad.
      const events = Array.from({ length: 1_500 }, (_, n) =>
        n % 3 === 0 ? { app: 'shop', occurredAt: 'soon' } : goodEvent(`pack-${i}-${n}`, now),
      );
      return {
        kind: 'huge mixed pack',
        body: JSON.stringify({ events }),
        quarantined: 500,
        good: events.filter((_, n) => n % 3 !== 0).map((e) => String(e.eventId)),
      };
    },
  ];
  return Array.from({ length: count }, (_, i) => {
    const make = makers[i % makers.length] as (i: number) => CorpusMessage;
    // Huge packs are heavy: keep one in fifty of their turns.
    if (make === makers[makers.length - 1] && i % (makers.length * 50) !== makers.length - 1) {
      return (makers[0] as (i: number) => CorpusMessage)(i);
    }
    return make(i);
  });
}
