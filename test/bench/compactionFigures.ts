import type { CompactionBench, LakeState } from './compactionBench.js';
import { type Figure, figure } from './figures.js';
import type { InProcessSearch } from './lakeMeasures.js';
import { peerFigures, versusJsonLinesFigures } from './peerFigures.js';
import { median } from './stats.js';

const MB = 1_000_000;
/** Round-trip targets (p50 ms), over 10M events after compaction. */
const TARGETS = {
  'one user, 7 days, newest first': 20,
  '31-day count': 30,
} as const satisfies Record<string, number>;
const REWRITE_ROWS_PER_S = 500_000;
const FRESHNESS_P95_MS = 3_000;

function targetOf(search: string) {
  const value = (TARGETS as Record<string, number>)[search];
  return value === undefined ? {} : { target: { op: '<=', value } as const };
}

function shapeFigures(state: LakeState, label: string, events: number): Figure[] {
  const { shape } = state;
  return [
    figure(`compaction: live files per partition, ${label}`, 'files', shape.filesPerPartition, {
      note: `${shape.partitions} partitions, max ${Math.max(...shape.filesPerPartition)}`,
    }),
    figure(`compaction: lake on disk, ${label}`, 'bytes/event', [shape.bytes / events], {
      note: `${(shape.bytes / MB).toFixed(1)} MB`,
    }),
  ];
}

function inProcessFigures(searches: readonly InProcessSearch[], label: string): Figure[] {
  return searches.flatMap((search) => [
    figure(`compaction: in process, ${search.name}, ${label}`, 'ms', search.ms, {
      stat: 'p50',
      note: `rows ${search.rows}${search.total === undefined ? '' : `, total ${search.total}`}`,
    }),
    figure(
      `compaction: bytes read, ${search.name}, ${label}`,
      'MB',
      search.bytes.map((bytes) => bytes / MB),
    ),
  ]);
}

/** The figures of the compaction bench: before and after, the rewrite itself, the other sort key, freshness. */
export function compactionFigures(bench: CompactionBench): Figure[] {
  const size = `${bench.events.toLocaleString('en')} events`;
  const { compaction } = bench;
  const rowsPerSecond = (compaction.rowsIn ?? 0) / (compaction.ms / 1000);
  const figures: Figure[] = [
    ...shapeFigures(bench.before, `before, ${size}`, bench.events),
    ...shapeFigures(bench.after, `after, ${size}`, bench.events),
    figure(`compaction: rireki compact over ${size}, rows rewritten`, 'rows/s', [rowsPerSecond], {
      target: { op: '>=', value: REWRITE_ROWS_PER_S },
      note:
        `${compaction.compacted} partitions, ${compaction.filesBefore} files → ${compaction.filesAfter}, ` +
        `${compaction.rowsIn} rows in ${(compaction.ms / 1000).toFixed(1)} s, ${compaction.duplicatesDropped} duplicates dropped`,
    }),
    figure(`compaction: rireki compact peak RSS, memory limit ${compaction.memoryLimit}`, 'MiB', [
      compaction.peakRssMiB,
    ]),
  ];
  for (const [label, state] of [
    ['before', bench.before],
    ['after', bench.after],
  ] as const) {
    for (const trip of state.roundTrips) {
      const name = `compaction: round trip over ${size}, ${trip.name}, ${label}`;
      const note = `rows ${trip.rows}${trip.total === undefined ? '' : `, total ${trip.total}`}`;
      figures.push(
        figure(name, 'ms', trip.samples, {
          stat: 'p50',
          note,
          ...(label === 'after' ? targetOf(trip.name) : {}),
        }),
        figure(name, 'ms', trip.samples, { stat: 'p95' }),
      );
    }
  }
  figures.push(
    ...inProcessFigures(bench.before.inProcess, 'before'),
    ...inProcessFigures(bench.after.inProcess, 'after, sorted by user'),
    ...inProcessFigures(bench.timeSorted.inProcess, 'after, sorted by time instead'),
    ...shapeFigures(bench.timeSorted, `after, sorted by time instead, ${size}`, bench.events).slice(1),
    ...versusJsonLinesFigures(bench),
    ...peerFigures(bench),
    ...curveFigures(bench),
    figure(
      `verify: rireki verify over ${size} after compaction, file bytes hashed`,
      'MB/s',
      bench.verify.mbPerSecond,
      {
        note:
          `${bench.verify.report.files} files, ${(bench.verify.report.bytes / MB).toFixed(1)} MB, ` +
          `${bench.verify.report.digests} digests, ${bench.verify.report.records} records, clean`,
      },
    ),
  );
  const name = `compaction: freshness send → visible, while a maintenance worker compacts the searched partition`;
  const note = `${bench.freshness.latencies.length} events, ${bench.freshness.compactions} compactions during the run`;
  figures.push(
    figure(name, 'ms', bench.freshness.latencies, { stat: 'p50', note }),
    figure(name, 'ms', bench.freshness.latencies, {
      stat: 'p95',
      target: { op: '<=', value: FRESHNESS_P95_MS },
    }),
  );
  return figures;
}

/**
 * The searches after compaction at each lake size, the bench's 10M lake among them: time beside the
 * events the search's range holds and the bytes it read, and how each grew from the smaller size.
 */
export function curveFigures(bench: CompactionBench): Figure[] {
  if (bench.curve.length === 0) return [];
  const middle = {
    events: bench.events,
    rangeEvents: bench.afterRangeEvents,
    inProcess: bench.after.inProcess,
    roundTrips: bench.after.roundTrips,
  };
  const points = [...bench.curve, middle].sort((a, b) => a.events - b.events);
  const figures: Figure[] = [];
  for (const [i, point] of points.entries()) {
    const size = `${point.events.toLocaleString('en')} events`;
    for (const [s, search] of point.inProcess.entries()) {
      const range = point.rangeEvents[s] ?? Number.NaN;
      const bytes = search.bytes.map((b) => b / MB);
      figures.push(
        figure(`search curve: ${search.name}, in process, ${size}`, 'ms', search.ms, {
          stat: 'p50',
          note: `range holds ${range.toLocaleString('en')} events; reads ${(bytes[0] ?? 0).toFixed(2)} MB; rows ${search.rows}`,
        }),
      );
      const trip = point.roundTrips[s];
      if (trip)
        figures.push(
          figure(`search curve: ${search.name}, round trip, ${size}`, 'ms', trip.samples, { stat: 'p50' }),
        );
      const smaller = points[i - 1];
      const before = smaller?.inProcess[s];
      if (smaller && before) {
        const growth = range / (smaller.rangeEvents[s] ?? Number.NaN);
        figures.push(
          figure(
            `search curve: ${search.name}, in-process time at ${size} / at ${smaller.events.toLocaleString('en')}`,
            'x',
            [median(search.ms) / median(before.ms)],
            {
              note: `the range holds ${growth.toFixed(1)}× the events, the lake ${(point.events / smaller.events).toFixed(0)}×`,
            },
          ),
        );
      }
    }
  }
  return figures;
}
