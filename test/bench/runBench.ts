import { type BrokerRuns, benchBroker } from './brokerCeiling.js';
import { benchCompaction, compactionSteps } from './compactionBench.js';
import { compactionFigures } from './compactionFigures.js';
import { benchConsole, consoleSteps } from './consoleBench.js';
import { consoleFigures } from './consoleFigures.js';
import { benchEncoders, encoderSteps } from './encoderBench.js';
import { type Figure, figure } from './figures.js';
import { benchFreshness } from './freshnessBench.js';
import { benchIngest, type IngestRuns } from './ingestBench.js';
import { startProgress } from './progress.js';
import { markdownTable, writeReport } from './report.js';
import { benchSearch, searchSteps } from './searchBench.js';
import { searchFigures } from './searchFigures.js';

// `npm run bench [-- --full] [-- --only encoder,ingest,scaling,freshness,search,compaction,console]`: every figure is the
// median (or percentile) of repeated runs in this one process, so ratios between them compare like
// with like. A progress bar goes to stderr; the table to stdout and bench-results/.

const MEASUREMENTS = [
  'encoder',
  'ingest',
  'scaling',
  'freshness',
  'search',
  'compaction',
  'console',
] as const;
/** Run by default only with --full: minutes of runs for a curve rather than a headline figure. */
const FULL_ONLY: readonly Measurement[] = ['scaling'];
type Measurement = (typeof MEASUREMENTS)[number];

function parseArgs(argv: readonly string[]) {
  const full = argv.includes('--full');
  const onlyAt = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  const onlyArg = onlyAt === -1 ? undefined : (argv[onlyAt]?.split('=')[1] ?? argv[onlyAt + 1]);
  const only =
    onlyArg === undefined ? MEASUREMENTS.filter((m) => full || !FULL_ONLY.includes(m)) : onlyArg.split(',');
  for (const name of only)
    if (!(MEASUREMENTS as readonly string[]).includes(name))
      throw new Error(`--only: unknown measurement "${name}"; one of ${MEASUREMENTS.join(', ')}`);
  return { full, only: new Set(only as Measurement[]) };
}

const { full, only } = parseArgs(process.argv.slice(2));
const sizes = {
  encoder: { rows: 100_000, runs: full ? 7 : 3 },
  // Large enough that the last flush's wait (up to RIREKI_FLUSH_MAX_AGE_MS, 1 s locally) is a small share of a run.
  ingest: { packed: full ? 1_000_000 : 300_000, single: full ? 100_000 : 30_000, runs: 3 },
  broker: { receivers: 8 },
  scaling: {
    events: full ? 20_000 : 10_000,
    receivers: [1, 2, 4, 8],
    runs: 2,
    packed: full ? 300_000 : 100_000,
    processes: [1, 2, 4],
    processRuns: 3,
  },
  freshness: { events: full ? 600 : 200, spacingMs: 100 },
  // Always 10M events: the lake the maintenance targets are set on.
  compaction: {
    events: 10_000_000,
    repeats: full ? 50 : 30,
    jsonLinesRepeats: 10,
    freshness: { events: 200, spacingMs: 100 },
    // The same searches after compaction at 1M and 100M events too: the curve against lake size.
    curve: full ? [1_000_000, 100_000_000] : [],
  },
  search: {
    sizes: full ? [1_000_000, 3_000_000, 10_000_000] : [1_000_000],
    repeats: full ? 50 : 30,
    jsonLinesRepeats: 10,
  },
  // The 1M-event lake the console's targets are set on.
  console: { events: 1_000_000, repeats: full ? 30 : 15, exports: full ? 3 : 2 },
} as const;

const steps =
  (only.has('encoder') ? encoderSteps(sizes.encoder.runs) : 0) +
  (only.has('ingest') ? sizes.ingest.runs * 9 : 0) +
  (only.has('scaling')
    ? sizes.scaling.receivers.length * sizes.scaling.runs +
      sizes.scaling.processes.length * sizes.scaling.processRuns
    : 0) +
  (only.has('freshness') ? 10 : 0) +
  (only.has('search') ? searchSteps(sizes.search.sizes) : 0) +
  (only.has('compaction') ? compactionSteps(sizes.compaction.curve) : 0) +
  (only.has('console') ? consoleSteps(sizes.console.exports) : 0);
const startedAt = new Date();
const progress = startProgress(steps);
const figures: Figure[] = [];
const queueRuns: Partial<
  Record<'memory' | 'durable', { many: IngestRuns; one: IngestRuns; broker: BrokerRuns }>
> = {};
const skipped = [
  ...(full
    ? []
    : [
        'search over 3M and 10M events (--full)',
        'the search curve at 1M and 100M events after compaction (--full)',
      ]),
  ...MEASUREMENTS.filter((m) => !only.has(m)).map(
    (m) => `${m} (${FULL_ONLY.includes(m) && !full ? 'runs with --full' : 'left out by --only'})`,
  ),
];

try {
  if (only.has('encoder'))
    figures.push(...(await benchEncoders(sizes.encoder.rows, sizes.encoder.runs, progress.tick)));

  if (only.has('ingest')) {
    const { packed, single, runs } = sizes.ingest;
    // Both queue modes in the same run: in memory (--ephemeral) and durable on disk (rireki up's
    // default), so that the cost of durability is a ratio of figures measured side by side.
    for (const queue of ['memory', 'durable'] as const) {
      const many = await benchIngest(packed, 100, runs, progress.tick, { queue });
      const one = await benchIngest(single, 1, runs, progress.tick, { queue });
      const broker = await benchBroker(single, runs, sizes.broker.receivers, progress.tick, queue);
      queueRuns[queue] = { many, one, broker };
      // The endpoint's ceiling is the higher of the two drains: in the broker's process (where the
      // client's CPU competes with the broker's) and from one separate process (where the SDK's cost
      // per call limits the client).
      const ceilings = broker.drainRates.map((rate, i) => Math.max(rate, broker.processDrainRates[i] ?? 0));
      const ceilingShare = one.rates.map((rate, i) => rate / (ceilings[i] ?? Number.NaN));
      const q = `${queue} queue`;
      figures.push(
        figure(
          `ingest end to end, ${packed.toLocaleString('en')} events, 100/message, ${q}`,
          'events/s',
          many.rates,
          {
            ...(queue === 'durable' ? { target: { op: '>=', value: 50_000 } } : {}),
          },
        ),
        figure(`ingest worker peak RSS, 100 events/message, ${q}`, 'MiB', many.peakRssMiB),
        figure(
          `ingest end to end, ${single.toLocaleString('en')} events, 1/message, ${q}`,
          'events/s',
          one.rates,
        ),
        figure(`ingest worker peak RSS, 1 event/message, ${q}`, 'MiB', one.peakRssMiB),
        figure(`broker ceiling: send, batches of 10, 32 in flight, ${q}`, 'msgs/s', broker.sendRates),
        figure(
          `broker ceiling: receive + delete inside the broker's process, batches of 10, ${sizes.broker.receivers} loops, ${q}`,
          'msgs/s',
          broker.drainRates,
        ),
        figure(
          `broker ceiling: receive + delete by one separate process, SDK only, ${sizes.broker.receivers} loops, ${q}`,
          'msgs/s',
          broker.processDrainRates,
        ),
        figure(`that process's CPU while draining (100 = one core), ${q}`, '%', broker.processCpuPercent),
        figure(
          `single-event ingest / broker receive+delete ceiling (the higher drain), ${q}`,
          'x',
          ceilingShare,
          {
            target: { op: '>=', value: 0.8 },
          },
        ),
      );
    }
    // RIREKI_QUEUE_SYNC=full: an fsync per commit. The broker alone shows its cost.
    const full = await benchBroker(single, runs, sizes.broker.receivers, progress.tick, 'durable, sync full');
    figures.push(
      figure(
        'broker ceiling: send, batches of 10, 32 in flight, durable queue, sync full',
        'msgs/s',
        full.sendRates,
      ),
      figure(
        `broker ceiling: receive + delete by one separate process, SDK only, ${sizes.broker.receivers} loops, durable queue, sync full`,
        'msgs/s',
        full.processDrainRates,
      ),
    );
    // Hashing and signing every file: packed ingest with digests off and on, in turns.
    const digestsOn: number[] = [];
    const digestsOff: number[] = [];
    for (let run = 0; run < runs; run++) {
      digestsOff.push(...(await benchIngest(packed, 100, 1, progress.tick, { digests: 'off' })).rates);
      digestsOn.push(...(await benchIngest(packed, 100, 1, progress.tick, { digests: 'on' })).rates);
    }
    figures.push(
      figure(
        `ingest end to end, ${packed.toLocaleString('en')} events, 100/message, memory queue, digests off`,
        'events/s',
        digestsOff,
      ),
      figure(
        `ingest end to end, ${packed.toLocaleString('en')} events, 100/message, memory queue, digests on`,
        'events/s',
        digestsOn,
      ),
      figure(
        'digests on / off: packed ingest, run by run',
        'x',
        digestsOn.map((rate, i) => rate / (digestsOff[i] ?? Number.NaN)),
        { target: { op: '>=', value: 0.95 } },
      ),
    );
    const { memory, durable } = queueRuns;
    if (memory && durable) {
      // Run i of one mode against run i of the other: neighbours in time, on the same seed.
      const ratio = (a: readonly number[], b: readonly number[]) =>
        a.map((value, i) => value / (b[i] ?? Number.NaN));
      figures.push(
        figure('durable / memory queue: packed ingest', 'x', ratio(durable.many.rates, memory.many.rates)),
        figure(
          'durable / memory queue: single-event ingest',
          'x',
          ratio(durable.one.rates, memory.one.rates),
        ),
        figure(
          'durable / memory queue: broker send',
          'x',
          ratio(durable.broker.sendRates, memory.broker.sendRates),
        ),
        figure(
          'durable / memory queue: broker receive + delete by one separate process',
          'x',
          ratio(durable.broker.processDrainRates, memory.broker.processDrainRates),
        ),
      );
    }
  }

  if (only.has('scaling')) {
    const { events, receivers, runs, packed, processes, processRuns } = sizes.scaling;
    for (const count of processes) {
      const result = await benchIngest(packed, 100, processRuns, progress.tick, { processes: count });
      figures.push(
        figure(
          `scaling: ingest ${packed.toLocaleString('en')} events, 100/message, ${count} worker process${count === 1 ? '' : 'es'}`,
          'events/s',
          result.rates,
        ),
      );
    }
    for (const count of receivers) {
      const result = await benchIngest(events, 1, runs, progress.tick, { receivers: count });
      figures.push(
        figure(
          `scaling: ingest ${events.toLocaleString('en')} events, 1/message, 1 process, ${count} receivers`,
          'events/s',
          result.rates,
        ),
      );
    }
  }

  if (only.has('freshness')) {
    const { events, spacingMs } = sizes.freshness;
    const { latencies } = await benchFreshness(events, spacingMs, progress.tick);
    const name = `freshness send → visible in search, ${events} single events ${spacingMs} ms apart`;
    figures.push(
      figure(name, 'ms', latencies, { stat: 'p50' }),
      figure(name, 'ms', latencies, { stat: 'p95', target: { op: '<=', value: 3000 } }),
    );
  }

  if (only.has('search')) {
    const { sizes: lakeSizes, ...runs } = sizes.search;
    for (const stage of await benchSearch(lakeSizes, runs, progress.tick))
      figures.push(...searchFigures(stage));
  }

  if (only.has('compaction')) {
    const compaction = await benchCompaction(sizes.compaction, progress.tick);
    figures.push(...compactionFigures(compaction));
    if (!compaction.peer.available) skipped.push(`the PostgreSQL peer: ${compaction.peer.reason}`);
  }

  if (only.has('console')) {
    const { events, ...runs } = sizes.console;
    figures.push(...consoleFigures(await benchConsole(events, runs, progress.tick)));
  }
} finally {
  progress.stop();
}

const wallSeconds = (Date.now() - startedAt.getTime()) / 1000;
const paths = await writeReport(figures, { startedAt, full, wallSeconds, skipped });
console.log(markdownTable(figures));
console.log(`\nwall time ${Math.round(wallSeconds)} s; written ${paths.md} and ${paths.json}`);
