import type { BuildAppOptions } from 'fauxqs';

type Stores = NonNullable<BuildAppOptions['stores']>;

/** The parts of fauxqs's PersistenceManager used here (fauxqs 2.4, `dist/persistence.js`). */
interface PersistenceManager {
  readonly db: { exec(sql: string): void; prepare(sql: string): { run(...values: string[]): unknown } };
  updateMessageReady(messageId: string): void;
  load(sqs: Stores['sqsStore'], sns: Stores['snsStore'], s3: Stores['s3Store']): void;
  close(): void;
}

export interface FauxqsPersistence {
  /** Stores loaded from the database and writing every change through to it. */
  readonly stores: Stores;
  /** Closes the database; safe to call more than once. */
  close(): void;
}

/**
 * SQLite's durability for the queue database. In WAL mode, `NORMAL` commits to the write-ahead log
 * without an fsync per transaction: a commit survives the death of the process (SIGKILL, a crash,
 * an OOM kill), because the log is in the kernel's page cache, and the database is never corrupt;
 * only a power cut or a kernel crash can lose the last commits. `FULL` also survives those, at an
 * fsync per send, per received message and per delete (fauxqs commits each one on its own).
 */
export type QueueSync = 'normal' | 'full';

/**
 * fauxqs wires its SQLite persistence only inside `startFauxqs`, which listens on all interfaces,
 * and does not export the classes involved. They are loaded here from the package's own files,
 * next to its entry point, and wired exactly as `startFauxqs` wires them: load the saved state
 * first, then attach the manager so that every later change is written through. The version of
 * fauxqs is pinned in package.json; this throws a clear error if its layout ever changes.
 */
export async function loadFauxqsPersistence(dataDir: string, sync: QueueSync): Promise<FauxqsPersistence> {
  const base = import.meta.resolve('fauxqs');
  const load = async <T>(path: string, name: string): Promise<T> => {
    const module = (await import(new URL(path, base).href).catch(() => ({}))) as Record<string, unknown>;
    const value = module[name];
    if (typeof value !== 'function') {
      throw new Error(
        `fauxqs at ${base} has no ${name} in ${path}: rireki's durable queue needs the fauxqs version pinned in @rireki/adapters`,
      );
    }
    return value as T;
  };
  const [PersistenceManagerClass, SqsStore, SnsStore, S3Store] = await Promise.all([
    load<new (dir: string) => PersistenceManager>('./persistence.js', 'PersistenceManager'),
    load<new () => Stores['sqsStore']>('./sqs/sqsStore.js', 'SqsStore'),
    load<new () => Stores['snsStore']>('./sns/snsStore.js', 'SnsStore'),
    load<new () => Stores['s3Store']>('./s3/s3Store.js', 'S3Store'),
  ]);
  const manager = new PersistenceManagerClass(dataDir);
  manager.db.exec(`PRAGMA synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  // fauxqs 2.4 records a message made visible again (ChangeMessageVisibility to 0, which the ingest
  // worker uses to hand messages back) by setting its receive count to NULL, which the column
  // refuses; the call then fails after the message has left the in-flight set and before it has
  // joined the ready list, so the message is gone until the next restart. This keeps the count.
  const markReady = manager.db.prepare(
    'UPDATE sqs_messages SET receipt_handle = NULL, visibility_deadline = NULL WHERE message_id = ?',
  );
  manager.updateMessageReady = (messageId) => {
    markReady.run(messageId);
  };
  const stores: Stores = { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new S3Store() };
  manager.load(stores.sqsStore, stores.snsStore, stores.s3Store);
  // Attached after loading, as startFauxqs does, so that loading does not write everything back.
  const attach = (target: object) => Object.assign(target, { persistence: manager });
  attach(stores.sqsStore);
  attach(stores.snsStore);
  attach(stores.s3Store);
  for (const queue of stores.sqsStore.allQueues()) attach(queue);
  let closed = false;
  return {
    stores,
    close() {
      if (closed) return;
      closed = true;
      manager.close();
    },
  };
}
