import { byteRatios } from './engineBench.js';
import { type Figure, figure } from './figures.js';
import type { SearchStage } from './searchBench.js';
import { geometricMeans } from './stats.js';

const MB = 1_000_000;
/** Issue targets: over 10M events locally, p50 round trip at most 150 ms. */
const ROUND_TRIP_TARGET = { events: 10_000_000, p50Ms: 150 } as const;
/** Against the JSON-lines layout: at least 10× faster and 10× fewer bytes read (geometric means). */
const VERSUS_JSON_LINES = { op: '>=', value: 10 } as const;

/** The figures of one lake size: disk use, both layouts per search, round trips, and the geometric means. */
export function searchFigures(stage: SearchStage): Figure[] {
  const size = `${stage.events.toLocaleString('en')} events`;
  const figures: Figure[] = [
    figure(`lake on disk, Parquet (product), ${size}`, 'bytes/event', [stage.bytes.parquet / stage.events], {
      note: `${(stage.bytes.parquet / MB).toFixed(0)} MB; grown in ${stage.buildSeconds.toFixed(0)} s`,
    }),
    figure(
      `lake on disk, JSON lines (older layout), ${size}`,
      'bytes/event',
      [stage.bytes.jsonLines / stage.events],
      { note: `${(stage.bytes.jsonLines / MB).toFixed(0)} MB` },
    ),
  ];
  for (const trip of stage.roundTrips) {
    const name = `search round trip over ${size}, ${trip.name}`;
    const note = `rows ${trip.rows}${trip.total === undefined ? '' : `, total ${trip.total}`}`;
    const target =
      stage.events >= ROUND_TRIP_TARGET.events
        ? ({ op: '<=', value: ROUND_TRIP_TARGET.p50Ms } as const)
        : undefined;
    figures.push(
      figure(name, 'ms', trip.samples, { stat: 'p50', note, ...(target ? { target } : {}) }),
      figure(name, 'ms', trip.samples, { stat: 'p95' }),
    );
  }
  for (const engine of stage.engines) {
    const name = `over ${size}, ${engine.name}`;
    const toMB = (values: readonly number[]) => values.map((bytes) => bytes / MB);
    figures.push(
      figure(`search in-process ${name}, Parquet (product)`, 'ms', engine.parquetMs, { stat: 'p50' }),
      figure(`search in-process ${name}, JSON lines`, 'ms', engine.jsonLinesMs, { stat: 'p50' }),
      figure(`speedup ${name}, JSON-lines time / Parquet time`, 'x', engine.speedups),
      figure(`bytes read ${name}, Parquet (product)`, 'MB', toMB(engine.parquetBytes)),
      figure(`bytes read ${name}, JSON lines`, 'MB', toMB(engine.jsonLinesBytes)),
      figure(`bytes read ${name}, JSON lines / Parquet`, 'x', byteRatios(engine)),
    );
  }
  const count = stage.engines.length;
  figures.push(
    figure(
      `speedup over ${size}, geometric mean of the ${count} searches`,
      'x',
      geometricMeans(stage.engines.map((engine) => engine.speedups)),
      { target: VERSUS_JSON_LINES },
    ),
    figure(
      `bytes read over ${size}, JSON lines / Parquet, geometric mean of the ${count} searches`,
      'x',
      geometricMeans(stage.engines.map(byteRatios)),
      { target: VERSUS_JSON_LINES },
    ),
  );
  return figures;
}
