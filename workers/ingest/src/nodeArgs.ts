import type { IngestConfig } from './config.js';

const MiB = 1024 * 1024;

/** Heap the worker needs beside its buffers: code, clients, the messages of a batch being handled. */
const BASE_HEAP_MiB = 64;
/**
 * Heap per byte of RIREKI_MAX_BUFFERED_BYTES. The limit counts an estimate of the rows as JSON;
 * as objects they take about twice that, and a batch being encoded is held again as one JSON text.
 */
const HEAP_PER_BUFFERED_BYTE = 4;
/** Young generation per semi-space, MiB: a 300k-event drain ran as fast at 8 as at V8's default. */
const SEMI_SPACE_MiB = 8;

/**
 * The Node options the local stack starts the ingest worker with: a V8 heap sized from the buffer
 * limit. Left to itself, V8 sizes the heap from the machine's memory and lets garbage pile up
 * far past what the worker keeps (a drain of packed events peaked at about 560 MiB RSS with under
 * 100 MiB live). In aws mode none: Node sizes its heap from the container's memory.
 */
export function ingestNodeArgs(config: Pick<IngestConfig, 'mode' | 'maxBufferedBytes'>): string[] {
  if (config.mode === 'aws') return [];
  const heapMiB = BASE_HEAP_MiB + Math.ceil((HEAP_PER_BUFFERED_BYTE * config.maxBufferedBytes) / MiB);
  return [`--max-old-space-size=${heapMiB}`, `--max-semi-space-size=${SEMI_SPACE_MiB}`];
}
