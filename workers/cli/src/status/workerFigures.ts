import { readPrometheusText } from '@rireki/adapters';
import { LOCAL_STACK, METRIC_NAMES } from '@rireki/contracts';
import type { MetricsPorts } from '../stack/stackConfig.js';
import type { Figure, WorkerStatus } from './statusReport.js';

const WORKERS = ['ingest', 'query', 'maintenance'] as const;

async function get(url: string, timeoutMs: number): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

/** Each local worker's /health, and the ingest worker's last receive lag from its /metrics. */
export async function localWorkerFigures(
  ports: MetricsPorts,
  timeoutMs = 2_000,
): Promise<{ workers: WorkerStatus[]; ingestLag: Figure }> {
  const workers = await Promise.all(
    WORKERS.map(async (worker): Promise<WorkerStatus> => {
      const port = ports[worker];
      if (port === 0) return { worker, alive: null, detail: 'metrics endpoint off (port 0)' };
      const url = `http://${LOCAL_STACK.host}:${port}/health`;
      try {
        const health = JSON.parse(await get(url, timeoutMs)) as { pid?: number; uptimeS?: number };
        return { worker, alive: true, detail: `pid ${health.pid}, up ${health.uptimeS} s` };
      } catch (error) {
        return { worker, alive: false, detail: `${url} did not answer (${(error as Error).message})` };
      }
    }),
  );
  return { workers, ingestLag: await ingestLag(ports.ingest, timeoutMs) };
}

async function ingestLag(port: number, timeoutMs: number): Promise<Figure> {
  if (port === 0) return { seconds: null, why: 'the ingest worker has no metrics endpoint (port 0)' };
  try {
    const samples = readPrometheusText(await get(`http://${LOCAL_STACK.host}:${port}/metrics`, timeoutMs));
    const lag = samples.get(METRIC_NAMES.ingestLastReceiveLag);
    return lag === undefined
      ? { seconds: null, why: 'nothing received since the worker started' }
      : { seconds: lag };
  } catch {
    return { seconds: null, why: 'the ingest worker did not answer' };
  }
}
