import { createServer } from 'node:net';
import { LOCAL_STACK } from '@rireki/contracts';
import { EXIT_IN_USE, StackStartError } from './dataDirLock.js';
import { METRICS_PORT_KEYS, type MetricsPorts } from './stackConfig.js';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, LOCAL_STACK.host, () => server.close(() => resolve(true)));
  });
}

/**
 * Each worker's metrics port is its own and free, checked before the stack starts: a worker that
 * cannot listen would exit at start and be restarted again and again instead.
 */
export async function checkMetricsPorts(ports: MetricsPorts): Promise<void> {
  const seen = new Map<number, string>();
  for (const worker of ['ingest', 'query', 'maintenance'] as const) {
    const port = ports[worker];
    if (port === 0) continue;
    const key = METRICS_PORT_KEYS[worker];
    const other = seen.get(port);
    if (other !== undefined) {
      throw new StackStartError(
        `${key} and ${other} are both ${port}; give each worker its own port`,
        EXIT_IN_USE,
      );
    }
    seen.set(port, key);
    if (!(await isFree(port))) {
      throw new StackStartError(
        `port ${port} on ${LOCAL_STACK.host} (${key}, the ${worker} worker's metrics) is in use; stop what uses it, or set ${key} to another port, or 0 for none`,
        EXIT_IN_USE,
      );
    }
  }
}
