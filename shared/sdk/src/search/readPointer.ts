import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Reads the body a pointer reply refers to; file:// is built in, other schemes need a reader. */
export type PointerReader = (location: string) => Promise<string>;

export const readFilePointer: PointerReader = async (location) => {
  if (!location.startsWith('file://')) {
    throw new Error(`cannot read ${location}: pass a readPointer option for this scheme (e.g. s3://)`);
  }
  return readFile(fileURLToPath(location), 'utf8');
};
