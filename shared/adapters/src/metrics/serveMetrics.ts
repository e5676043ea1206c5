import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_STACK } from '@rireki/contracts';
import type { Registry } from 'prom-client';

/** What `GET /health` answers while the worker runs. */
export interface WorkerHealth {
  readonly worker: string;
  readonly status: 'ok';
  readonly pid: number;
  readonly uptimeS: number;
}

export interface MetricsServer {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The worker's Prometheus endpoint on 127.0.0.1 only: `GET /metrics` (text exposition format) and
 * `GET /health` (JSON, for `rireki status` and supervisors).
 */
export async function serveMetrics(worker: string, registry: Registry, port: number): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (path === '/health') {
      const health: WorkerHealth = {
        worker,
        status: 'ok',
        pid: process.pid,
        uptimeS: Math.round(process.uptime()),
      };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(health));
    } else {
      response.writeHead(404).end('try /metrics or /health\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOCAL_STACK.host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${LOCAL_STACK.host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
