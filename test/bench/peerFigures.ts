import type { CompactionBench } from './compactionBench.js';
import { byteRatios } from './engineBench.js';
import { type Figure, figure } from './figures.js';
import { geometricMeans, median } from './stats.js';

const MB = 1_000_000;

/**
 * Targets over 10M events after compaction, as ratios PostgreSQL time / rireki time in process
 * (above 1, rireki is faster): one user's history within 10× of the index, the count 10× and the
 * path search 5× faster.
 */
const VERSUS_POSTGRES = {
  'one user, 7 days, newest first': 0.1,
  '31-day count': 10,
  'path contains, 7 days': 5,
} as const satisfies Record<string, number>;
/** One user's history in process, p50 ms. */
const ONE_USER_IN_PROCESS_MS = 5;
/** PostgreSQL bytes per event (table and indexes) over rireki's, at least. */
const STORAGE_RATIO = 25;
/** Against JSON lines after compaction: time and bytes read, geometric means of the three searches. */
const VERSUS_JSON_LINES = { speedup: 10, bytes: 100 } as const;

/** The compacted lake against JSON lines: per search and the geometric means, with their targets. */
export function versusJsonLinesFigures(bench: CompactionBench): Figure[] {
  const size = `${bench.events.toLocaleString('en')} events after compaction`;
  const figures: Figure[] = [];
  for (const engine of bench.versusJsonLines) {
    figures.push(
      figure(`vs JSON lines over ${size}, ${engine.name}, JSON lines in process`, 'ms', engine.jsonLinesMs, {
        stat: 'p50',
      }),
      figure(
        `vs JSON lines over ${size}, ${engine.name}, JSON-lines time / rireki time`,
        'x',
        engine.speedups,
      ),
      figure(
        `vs JSON lines over ${size}, ${engine.name}, bytes read JSON lines / rireki`,
        'x',
        byteRatios(engine),
        {
          note: `${(median(engine.jsonLinesBytes) / MB).toFixed(0)} MB vs ${(median(engine.parquetBytes) / MB).toFixed(2)} MB`,
        },
      ),
    );
  }
  figures.push(
    figure(
      `vs JSON lines over ${size}, speedup, geometric mean of the ${bench.versusJsonLines.length} searches`,
      'x',
      geometricMeans(bench.versusJsonLines.map((engine) => engine.speedups)),
      { target: { op: '>=', value: VERSUS_JSON_LINES.speedup } },
    ),
    figure(
      `vs JSON lines over ${size}, fewer bytes read, geometric mean`,
      'x',
      geometricMeans(bench.versusJsonLines.map(byteRatios)),
      { target: { op: '>=', value: VERSUS_JSON_LINES.bytes } },
    ),
  );
  return figures;
}

/** The compacted lake against the PostgreSQL activity table: load, storage, and each search. */
export function peerFigures(bench: CompactionBench): Figure[] {
  const { peer } = bench;
  if (!peer.available) return [];
  const size = `${bench.events.toLocaleString('en')} events`;
  const { load } = peer;
  const postgresBytes = load.tableBytes + load.indexBytes;
  const rirekiBytes = bench.after.shape.bytes;
  const figures: Figure[] = [
    figure(
      `peer: PostgreSQL ${peer.version} on disk, table and indexes, ${size}`,
      'bytes/event',
      [postgresBytes / load.rows],
      {
        note: `${(load.tableBytes / MB).toFixed(0)} MB table + ${(load.indexBytes / MB).toFixed(0)} MB indexes`,
      },
    ),
    figure(
      'peer: PostgreSQL bytes / rireki bytes per event (after compaction)',
      'x',
      [postgresBytes / rirekiBytes],
      {
        target: { op: '>=', value: STORAGE_RATIO },
      },
    ),
    figure(`peer: PostgreSQL load, COPY of ${size}`, 'rows/s', [load.rows / (load.copyMs / 1000)], {
      note: `then ${(load.indexMs / 1000).toFixed(0)} s to build 3 indexes, ${(load.analyzeMs / 1000).toFixed(1)} s VACUUM ANALYZE`,
    }),
  ];
  for (const search of peer.searches) {
    const note = `rows ${search.rows}${search.total === undefined ? '' : `, total ${search.total}`}`;
    figures.push(
      figure(`peer: ${search.name}, PostgreSQL over ${size}`, 'ms', search.postgresMs, { stat: 'p50', note }),
      figure(`peer: ${search.name}, rireki in process, after compaction`, 'ms', search.rirekiMs, {
        stat: 'p50',
        ...(search.name === 'one user, 7 days, newest first'
          ? { target: { op: '<=', value: ONE_USER_IN_PROCESS_MS } as const }
          : {}),
      }),
    );
    const ratio = (VERSUS_POSTGRES as Record<string, number>)[search.name];
    figures.push(
      figure(`peer: ${search.name}, PostgreSQL time / rireki time`, 'x', search.ratios, {
        ...(ratio === undefined ? {} : { target: { op: '>=', value: ratio } as const }),
      }),
    );
  }
  return figures;
}
