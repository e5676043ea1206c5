import { createServer } from 'node:net';
import { ENV_KEYS, LOCAL_STACK } from '@rireki/contracts';
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
 * Each worker's metrics port, and the console's, is its own and free, checked before the stack
 * starts: a worker that cannot listen would exit at start and be restarted again and again instead.
 */
export async function checkMetricsPorts(ports: MetricsPorts, consolePort = 0): Promise<void> {
  const seen = new Map<number, string>();
  const entries = [
    ...(['ingest', 'query', 'maintenance'] as const).map((worker) => ({
      port: ports[worker],
      key: METRICS_PORT_KEYS[worker],
      what: `the ${worker} worker's metrics`,
    })),
    { port: consolePort, key: ENV_KEYS.consolePort, what: 'the web console' },
  ];
  for (const { port, key, what } of entries) {
    if (port === 0) continue;
    const other = seen.get(port);
    if (other !== undefined) {
      throw new StackStartError(`${key} and ${other} are both ${port}; give each its own port`, EXIT_IN_USE);
    }
    seen.set(port, key);
    if (!(await isFree(port))) {
      throw new StackStartError(
        `port ${port} on ${LOCAL_STACK.host} (${key}, ${what}) is in use; stop what uses it, or set ${key} to another port, or 0 for none`,
        EXIT_IN_USE,
      );
    }
  }
}
