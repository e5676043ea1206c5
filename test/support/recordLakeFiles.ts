import { join } from 'node:path';
import { DirectoryObjectStore } from '@rireki/adapters';
import { openTestLedger, recordFiles } from '@rireki/adapters/testing';

/**
 * Records files a test put straight into a data directory's lake in a digest chain of their own,
 * signed with the data directory's key, as a writer of the product would have: the files are then
 * rireki's to `rireki verify`, and a foreign file is still one no chain names.
 */
export async function recordLakeFiles(dataDir: string, keys: readonly string[]): Promise<void> {
  const store = new DirectoryObjectStore(join(dataDir, 'lake'));
  const { ledger } = await openTestLedger(store, join(dataDir, 'keys'));
  await recordFiles(
    ledger,
    store,
    keys.map((key) => ({ key })),
  );
  await ledger.close();
}
