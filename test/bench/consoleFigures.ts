import type { ConsoleRuns } from './consoleBench.js';
import { type Figure, figure } from './figures.js';

/** Issue targets over the 1M-event lake: what a person waits for after pressing Search, p50. */
const PAINTED_TARGET = { op: '<=', value: 500 } as const;

/** The console's figures: per search, rows, histogram and top values painted; then the export. */
export function consoleFigures(runs: ConsoleRuns): Figure[] {
  const size = `${runs.events.toLocaleString('en')} events`;
  const figures: Figure[] = [];
  for (const search of runs.searches) {
    const name = (what: string) => `console, ${what} painted after Search, ${search.name}, ${size}`;
    figures.push(
      figure(name('first rows'), 'ms', search.firstRows, { stat: 'p50', target: PAINTED_TARGET }),
      figure(name('histogram'), 'ms', search.histogram, { stat: 'p50', target: PAINTED_TARGET }),
      figure(name('top values'), 'ms', search.topValues, { stat: 'p50', target: PAINTED_TARGET }),
    );
  }
  const rss = (values: ReadonlyArray<number | undefined>) =>
    values.filter((value): value is number => value !== undefined);
  if (runs.searchPeakRssMiB !== undefined)
    figures.push(figure('console process peak RSS after the searches', 'MiB', [runs.searchPeakRssMiB]));
  if (runs.exports.length > 0) {
    const rows = runs.exports[0]?.rows ?? 0;
    figures.push(
      figure(
        `console export, NDJSON over HTTP, ${rows.toLocaleString('en')} rows`,
        'rows/s',
        runs.exports.map((run) => run.rowsPerSecond),
      ),
    );
    const at = (tenth: number) => rss(runs.exports.map((run) => run.rssByTenthMiB[tenth - 1]));
    const label = `console process RSS with %s of the ${rows.toLocaleString('en')} rows exported`;
    for (const [tenth, share] of [
      [1, '10%'],
      [5, '50%'],
      [10, '100%'],
    ] as const) {
      const values = at(tenth);
      if (values.length > 0) figures.push(figure(label.replace('%s', share), 'MiB', values));
    }
    const peaks = rss(runs.exports.map((run) => run.peakRssMiB));
    if (peaks.length > 0)
      figures.push(
        figure(
          `console process peak RSS during the export of ${rows.toLocaleString('en')} rows`,
          'MiB',
          peaks,
        ),
      );
  }
  return figures;
}
