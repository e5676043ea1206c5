import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkMetricsPorts } from './checkMetricsPorts.js';
import { StackStartError } from './dataDirLock.js';

function listen(port = 0): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('checkMetricsPorts', () => {
  const held: Server[] = [];
  afterEach(async () => {
    for (const server of held.splice(0)) await new Promise((resolve) => server.close(resolve));
  });

  it('accepts free ports and ports turned off', async () => {
    const free = await listen();
    const port = portOf(free);
    await new Promise((resolve) => free.close(resolve));

    await expect(checkMetricsPorts({ ingest: port, query: 0, maintenance: 0 })).resolves.toBeUndefined();
  });

  it('refuses a port in use, naming the variable and the worker, with exit 75', async () => {
    const busy = await listen();
    held.push(busy);

    const check = checkMetricsPorts({ ingest: 0, query: portOf(busy), maintenance: 0 });

    await expect(check).rejects.toBeInstanceOf(StackStartError);
    await expect(check).rejects.toMatchObject({ exitCode: 75 });
    await expect(check).rejects.toThrow(
      `port ${portOf(busy)} on 127.0.0.1 (RIREKI_QUERY_METRICS_PORT, the query worker's metrics) is in use`,
    );
  });

  it('refuses two workers on one port', async () => {
    await expect(checkMetricsPorts({ ingest: 9999, query: 9999, maintenance: 0 })).rejects.toThrow(
      'RIREKI_QUERY_METRICS_PORT and RIREKI_INGEST_METRICS_PORT are both 9999; give each its own port',
    );
  });
});
