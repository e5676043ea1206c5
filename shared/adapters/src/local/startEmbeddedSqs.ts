import { buildApp } from 'fauxqs';

export interface EmbeddedSqs {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedSqsOptions {
  /** 0 picks a free port. @defaultValue 4566 */
  readonly port?: number;
  /** @defaultValue 127.0.0.1 */
  readonly host?: string;
}

/**
 * Starts the embedded SQS-compatible endpoint (fauxqs) in this process. It listens on loopback
 * only, and keeps its messages in memory: they live as long as this process does.
 */
export async function startEmbeddedSqs(options: EmbeddedSqsOptions = {}): Promise<EmbeddedSqs> {
  const host = options.host ?? '127.0.0.1';
  const app = buildApp({ logger: false });
  await app.listen({ port: options.port ?? 4566, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 4566);
  return {
    endpoint: `http://${host}:${port}`,
    port,
    stop: async () => {
      await app.close();
    },
  };
}
