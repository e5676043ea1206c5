import { APPS_LIST_REQUEST_KIND, type AppsListOkReply } from '@rireki/contracts';
import type { PartitionCatalog } from '@rireki/ports';
import { SearchError } from './SearchError.js';

/**
 * The apps a requester may search: with a grant of every app, each app the catalog holds a
 * partition of; with a list, that list, also apps that hold no data yet (the requester knows its
 * own grant, and the list says nothing about other apps).
 */
export async function listApps(
  catalog: PartitionCatalog,
  granted: '*' | readonly string[],
): Promise<AppsListOkReply> {
  if (granted !== '*') {
    return { ok: true, kind: APPS_LIST_REQUEST_KIND, apps: [...new Set(granted)].sort(), everyApp: false };
  }
  let partitions: Awaited<ReturnType<PartitionCatalog['list']>>;
  try {
    partitions = await catalog.list();
  } catch (error) {
    throw new SearchError('ENGINE_ERROR', 'the catalog could not list the apps', { cause: error });
  }
  const apps = [...new Set(partitions.map((partition) => partition.app))].sort();
  return { ok: true, kind: APPS_LIST_REQUEST_KIND, apps, everyApp: true };
}
