import { METRICS_NAMESPACE, WORKER_DIMENSION } from '@rireki/contracts';
import type { LabelValues, MetricDefinition, MetricUnit } from './metricDefinitions.js';

/** EMF takes at most 100 values per metric in one document. */
export const EMF_MAX_VALUES = 100;

interface Series {
  readonly definition: MetricDefinition;
  readonly labels: LabelValues;
  /** Counter: the sum since the last flush; gauge: the last value; histogram: the values observed. */
  values: number[];
}

/** One CloudWatch Embedded Metric Format document: `_aws` metadata beside the values and dimensions. */
export type EmfDocument = Record<string, unknown> & {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: MetricUnit }[];
    }[];
  };
};

/**
 * What a worker recorded since the last flush, folded per metric and label set, and turned into
 * EMF documents: one per label set, since a document's dimensions are its own root fields.
 * Counters go as the increase, gauges as the last value, histograms as the values themselves (so
 * CloudWatch computes real percentiles).
 */
export class EmfBuffer {
  readonly #worker: string;
  readonly #series = new Map<string, Series>();

  constructor(worker: string) {
    this.#worker = worker;
  }

  /** Records a value; true when a histogram holds as many values as one document may carry. */
  record(definition: MetricDefinition, labels: LabelValues, value: number): boolean {
    const id = `${definition.name}\u0000${JSON.stringify(labels)}`;
    let series = this.#series.get(id);
    if (series === undefined) {
      series = { definition, labels, values: [] };
      this.#series.set(id, series);
    }
    if (definition.kind === 'histogram') series.values.push(value);
    else if (definition.kind === 'counter') series.values = [(series.values[0] ?? 0) + value];
    else series.values = [value];
    return series.values.length >= EMF_MAX_VALUES;
  }

  /** The documents of everything recorded since the last flush; the buffer starts empty again. */
  flush(nowMs: number): EmfDocument[] {
    const byLabels = new Map<string, Series[]>();
    for (const series of this.#series.values()) {
      const key = JSON.stringify(series.labels);
      byLabels.set(key, [...(byLabels.get(key) ?? []), series]);
    }
    this.#series.clear();
    return [...byLabels.values()].map((group) => this.#document(group, nowMs));
  }

  #document(group: readonly Series[], nowMs: number): EmfDocument {
    const labels = group[0]?.labels ?? {};
    const values = Object.fromEntries(
      group.map((s) => [s.definition.name, s.values.length === 1 ? s.values[0] : s.values]),
    );
    return {
      _aws: {
        Timestamp: nowMs,
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [[WORKER_DIMENSION, ...Object.keys(labels)]],
            Metrics: group.map((s) => ({ Name: s.definition.name, Unit: s.definition.unit })),
          },
        ],
      },
      [WORKER_DIMENSION]: this.#worker,
      ...labels,
      ...values,
    };
  }
}
