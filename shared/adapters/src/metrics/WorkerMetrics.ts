import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EmfBuffer } from './EmfBuffer.js';
import {
  type KeysOfKind,
  type LabelValues,
  type MetricDefinition,
  type MetricDefinitions,
  WORKER_UP_METRIC,
} from './metricDefinitions.js';

/** The counters, gauges and histograms of one worker, recorded by the keys of its definitions. */
export interface WorkerMetrics<D extends MetricDefinitions> {
  count(key: KeysOfKind<D, 'counter'>, by?: number, labels?: LabelValues): void;
  observe(key: KeysOfKind<D, 'histogram'>, value: number, labels?: LabelValues): void;
  set(key: KeysOfKind<D, 'gauge'>, value: number, labels?: LabelValues): void;
  /** A gauge read whenever the metrics are collected (a scrape, an EMF flush), e.g. bytes buffered. */
  track(key: KeysOfKind<D, 'gauge'>, read: () => number): void;
  /** The Prometheus registry, for the metrics endpoint. */
  readonly registry: Registry;
  /** Writes what EMF still holds and stops its timer. */
  close(): void;
}

export interface EmfOptions {
  /** Where the EMF documents go: the worker's own log, one JSON line each. */
  readonly logger: Logger;
  /** Time between two flushes. @defaultValue 60000 (CloudWatch's standard resolution) */
  readonly intervalMs?: number;
  /** @defaultValue Date */
  readonly clock?: { now(): number };
}

type PromMetric = Counter | Gauge | Histogram;

function promMetric(
  definition: MetricDefinition,
  registry: Registry,
  read: () => number | undefined = () => undefined,
): PromMetric {
  const common = {
    name: definition.name,
    help: definition.help,
    labelNames: [...(definition.labels ?? [])],
    registers: [registry],
  };
  if (definition.kind === 'counter') return new Counter(common);
  if (definition.kind === 'gauge') {
    return new Gauge({
      ...common,
      collect() {
        const value = read();
        if (value !== undefined) this.set(value);
      },
    });
  }
  return new Histogram({ ...common, buckets: [...definition.buckets] });
}

/**
 * One worker's metrics: always in a Prometheus registry (served locally), and with `emf` also
 * folded into CloudWatch Embedded Metric Format lines on the worker's log, flushed every minute.
 * `rireki_worker_up` is added to every worker's definitions.
 */
export function createWorkerMetrics<const D extends MetricDefinitions>(
  worker: string,
  definitions: D,
  options: { readonly emf?: EmfOptions } = {},
): WorkerMetrics<D> {
  const registry = new Registry();
  const tracked = new Map<string, () => number>();
  const prom = new Map<string, PromMetric>();
  for (const [key, definition] of Object.entries(definitions)) {
    prom.set(
      key,
      promMetric(definition, registry, () => tracked.get(key)?.()),
    );
  }
  promMetric(WORKER_UP_METRIC, registry, () => 1);

  const emf = options.emf;
  const buffer = emf === undefined ? undefined : new EmfBuffer(worker);
  const flush = () => {
    if (emf === undefined || buffer === undefined) return;
    buffer.record(WORKER_UP_METRIC, {}, 1);
    for (const [key, read] of tracked) {
      const definition = definitions[key];
      if (definition !== undefined) buffer.record(definition, {}, read());
    }
    for (const document of buffer.flush((emf.clock ?? Date).now())) emf.logger.info(document);
  };
  const timer = emf === undefined ? undefined : setInterval(flush, emf.intervalMs ?? 60_000);
  timer?.unref();

  const record = (key: string, value: number, labels: LabelValues) => {
    const definition = definitions[key];
    const metric = prom.get(key);
    if (definition === undefined || metric === undefined) throw new Error(`no metric "${key}"`);
    if (metric instanceof Counter) metric.inc(labels, value);
    else if (metric instanceof Gauge) metric.set(labels, value);
    else metric.observe(labels, value);
    if (buffer?.record(definition, labels, value) === true) flush();
  };

  return {
    count: (key, by = 1, labels = {}) => record(key, by, labels),
    observe: (key, value, labels = {}) => record(key, value, labels),
    set: (key, value, labels = {}) => record(key, value, labels),
    track(key, read) {
      tracked.set(key, read);
    },
    registry,
    close() {
      if (timer !== undefined) clearInterval(timer);
      flush();
    },
  };
}
