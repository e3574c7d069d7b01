/**
 * The writer thread of the process's SQLite stores: their writes (staging, the merge and its commit, patches)
 * run here, each store on a connection of its own, so better-sqlite3's synchronous statements never hold the
 * event loop, which meanwhile reads on its own connections (WAL lets readers go on during a write).
 * Started by sqlite-writer.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './database.js';
import { openMigrated, type KyselyStore } from './kysely-store.js';
import { type FromWriter, serializeError, type ToWriter, WRITE_METHODS, type WriterData } from './sqlite-writer-protocol.js';
import type { CommitOptions } from './types.js';
import { lowerThreadPriority } from '../threads/thread-priority.js';

if (!parentPort) throw new Error('sqlite-writer-thread.ts runs as a worker thread (worker/store/sqlite-writer.ts starts it)');
const port = parentPort;
const { ownerToken, nice } = workerData as WriterData;
lowerThreadPriority(nice);
const send = (message: FromWriter) => port.postMessage(message);

interface OpenStore {
  store: Promise<KyselyStore>;
  /** The clock reading of the store's latest call (a test clock holds here too). */
  clock: number;
}
const stores = new Map<number, OpenStore>();
const acks = new Map<number, () => void>();

port.on('message', (message: ToWriter) => {
  if (message.type === 'ack') {
    acks.get(message.id)?.();
    acks.delete(message.id);
  } else if (message.type === 'open') {
    const entry: OpenStore = { clock: message.now, store: Promise.resolve(undefined as never) };
    entry.store = open(message.path, message.lockTimeoutMs, () => entry.clock);
    entry.store.catch(() => stores.delete(message.store));
    stores.set(message.store, entry);
  } else if (message.type === 'close') {
    const entry = stores.get(message.store);
    stores.delete(message.store);
    void reply(message.id, async () => {
      if (entry) await (await entry.store).close();
    });
  } else {
    void call(message);
  }
});

function open(path: string, lockTimeoutMs: number, now: () => number): Promise<KyselyStore> {
  return openMigrated(openSqlite({ path, lockTimeoutMs }), { now, ownerToken });
}

async function reply(id: number, work: () => Promise<unknown>): Promise<void> {
  try {
    send({ type: 'result', id, value: await work() });
  } catch (error) {
    send({ type: 'error', id, error: serializeError(error) });
  }
}

function call({ store: storeId, id, method, args, now, progress }: Extract<ToWriter, { type: 'call' }>): Promise<void> {
  return reply(id, async () => {
    const entry = stores.get(storeId);
    if (!entry) throw new Error('the store is closed');
    entry.clock = now;
    const store = await entry.store;
    if (!(WRITE_METHODS as readonly string[]).includes(method)) throw new Error(`not a write method: ${method}`);
    if (method === 'migrate') return undefined; // migrated when opened
    if (method === 'commitImport' && progress) {
      // Each progress report waits for the event loop to take it (a test may stop the commit there).
      const onProgress = (lines: number) =>
        new Promise<void>((resolve) => {
          acks.set(id, resolve);
          send({ type: 'progress', id, lines });
        });
      args = [...args.slice(0, 4), { ...(args[4] as CommitOptions), onProgress }];
    }
    return (store[method] as (...a: unknown[]) => Promise<unknown>).apply(store, args);
  });
}
