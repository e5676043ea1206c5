import type { Logger } from 'pino';
import type { WorkerMode } from '../config/loadWorkerEnv.js';
import type { MetricDefinitions } from './metricDefinitions.js';
import { type MetricsServer, serveMetrics } from './serveMetrics.js';
import { createWorkerMetrics, type WorkerMetrics } from './WorkerMetrics.js';

export interface StartedMetrics<D extends MetricDefinitions> {
  readonly metrics: WorkerMetrics<D>;
  /** The Prometheus endpoint, when a port was configured. */
  readonly server: MetricsServer | undefined;
  /** Flushes the last EMF lines and closes the endpoint. */
  stop(): Promise<void>;
}

/**
 * A worker process's metrics as its mode wants them: in aws mode as EMF lines on the log
 * (CloudWatch Logs turns them into metrics), and a Prometheus endpoint on 127.0.0.1 when `port` is
 * not 0 (the default in local mode).
 */
export async function startWorkerMetrics<const D extends MetricDefinitions>(
  worker: string,
  definitions: D,
  options: { readonly mode: WorkerMode; readonly port: number; readonly logger: Logger },
): Promise<StartedMetrics<D>> {
  const metrics = createWorkerMetrics(
    worker,
    definitions,
    options.mode === 'aws' ? { emf: { logger: options.logger } } : {},
  );
  const server = options.port === 0 ? undefined : await serveMetrics(worker, metrics.registry, options.port);
  return {
    metrics,
    server,
    async stop() {
      metrics.close();
      await server?.close();
    },
  };
}
