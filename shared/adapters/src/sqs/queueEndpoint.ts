import type { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_STACK, QueueError } from '@rireki/contracts';

// What Node's sockets and the SDK's timeouts throw when no endpoint answers at all.
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

/** Whether the call never reached an endpoint (refused, unresolvable, timed out), as opposed to a refusal by one. */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return (typeof code === 'string' && CONNECTION_ERRORS.has(code)) || name === 'TimeoutError';
}

/** The URL a client sends to: its endpoint override, else the regional AWS endpoint. */
export async function sqsEndpointUrl(sqs: SQSClient): Promise<string> {
  const endpoint = await sqs.config.endpoint?.();
  if (endpoint === undefined) return `https://sqs.${await sqs.config.region()}.amazonaws.com`;
  const port = endpoint.port === undefined ? '' : `:${endpoint.port}`;
  return `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path === '/' ? '' : endpoint.path}`;
}

/** Whether a URL points at this machine, where only the local stack would listen. */
export function isLocalEndpoint(url: string): boolean {
  const host = new URL(url).hostname;
  return host === LOCAL_STACK.host || host === 'localhost' || host === '[::1]';
}

/** No SQS endpoint answered at `endpoint`: the stack is stopped, or the URL or the network is wrong. */
export class QueueEndpointUnreachableError extends QueueError {
  // `name` stays QueueError's: callers that match on it keep working; instanceof tells this one apart.
  readonly endpoint: string;

  constructor(endpoint: string, options: { cause?: unknown } = {}) {
    const hint = isLocalEndpoint(endpoint)
      ? ' (is the local stack running? start it with `rireki up`)'
      : ' (check the endpoint URL, the region and the network)';
    super(`the SQS endpoint ${endpoint} cannot be reached${hint}`, options);
    this.endpoint = endpoint;
  }
}
