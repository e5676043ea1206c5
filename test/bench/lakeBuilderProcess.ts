import { DirectoryObjectStore, DuckDbParquetEncoder } from '@rireki/adapters';
import { type LakeDay, writeLakeDay } from './lakeDay.js';

// A child of growLake: writes the days its parent sends, one at a time, and answers each with the
// partitions it wrote. Run as `lakeBuilderProcess.ts <lake dir> <json dir | ->` over IPC; `-` writes
// no JSON lines.

export type BuilderRequest = { readonly kind: 'day'; readonly day: LakeDay };
export type BuilderReply =
  | { readonly kind: 'done'; readonly partitions: ReadonlyArray<{ app: string; dt: string }> }
  | { readonly kind: 'failed'; readonly error: string };

const [lakeDir, jsonDir] = process.argv.slice(2);
const send = process.send?.bind(process);
if (lakeDir === undefined || jsonDir === undefined || send === undefined) {
  throw new Error('usage: forked with IPC, arguments <lake dir> <json dir>');
}

// The ingest worker's encoder with its defaults, so the files are the ones ingest writes.
const encoder = await DuckDbParquetEncoder.create();
const targets = {
  encoder,
  store: new DirectoryObjectStore(lakeDir),
  jsonDir: jsonDir === '-' ? null : jsonDir,
};
let work = Promise.resolve();

process.on('message', (message: BuilderRequest) => {
  work = work.then(async () => {
    try {
      const partitions = await writeLakeDay(message.day, targets);
      send({ kind: 'done', partitions } satisfies BuilderReply);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      send({ kind: 'failed', error: text } satisfies BuilderReply);
    }
  });
});
process.on('disconnect', () => {
  void work.then(() => encoder.close());
});
