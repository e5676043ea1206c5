import { envInt, LOCAL_STACK } from '@rireki/contracts';
import type { WorkerMode } from './loadWorkerEnv.js';

export type MetricsWorker = keyof typeof LOCAL_STACK.metricsPorts;

/**
 * The setting of a worker's Prometheus port: the local stack's port for that worker in local
 * mode, 0 (no endpoint; EMF instead) in aws mode. 0 always means no endpoint.
 */
export function metricsPortSetting(mode: WorkerMode, worker: MetricsWorker) {
  return envInt(0, 65_535, mode === 'local' ? LOCAL_STACK.metricsPorts[worker] : 0);
}
