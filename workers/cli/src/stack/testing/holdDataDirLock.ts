// A separate process that takes a data directory's lock and holds it until it is killed, for the
// lock's tests: the lock is per process, so only another process can contend for it.
import { lockDataDir } from '../dataDirLock.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: holdDataDirLock <data dir>');
await lockDataDir(dataDir, 4999);
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
