import { join } from 'node:path';
import { openPostgres, openSqlite } from './database.js';
import { openMigrated } from './kysely-store.js';
import { ThreadedSqliteStore } from './sqlite-writer.js';
import type { Store } from './types.js';

export * from './types.js';
export { lineKeyOf } from './line-key.js';
export { encodeImportLine, encodeImportLines } from './encode-line.js';
export { cellsRecord, type ReportCells } from './cells.js';
export { MAX_CACHED_HEADER_LISTS } from './kysely-store.js';

export interface StoreOptions {
  /** Where the SQLite file `atoz.sqlite` lives (default `./data`); ignored with `databaseUrl`. */
  dataDir?: string | undefined;
  /** The SQLite file itself, or `:memory:`; overrides `dataDir`. */
  sqlitePath?: string | undefined;
  /** A PostgreSQL URL: use that server instead of the SQLite file. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema for the tables (created if missing); default: the connection's search_path. */
  schema?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  maxConnections?: number | undefined;
  /** SQLite: how long a write waits for another connection's write to finish (default 60 s). */
  lockTimeoutMs?: number | undefined;
  /** The clock for updatedAt / createdAt and stale imports (tests). */
  now?: (() => number) | undefined;
  /**
   * SQLite file: run the writes in a worker thread with a connection of their own, reads on the event loop with
   * theirs (default true): a merge never holds the event loop. false: one thread for both (the store alone, tools).
   */
  writerThread?: boolean | undefined;
  /** SQLite: nice value of the writer thread (worker/threads/thread-priority.ts; default 0, the process's). */
  writerNice?: number | undefined;
}

/** The store options the worker reads from its environment: ATOZ_DATA_DIR, DATABASE_URL. */
export function storeOptionsFromEnv(env: Record<string, string | undefined> = process.env): StoreOptions {
  return { dataDir: env.ATOZ_DATA_DIR || undefined, databaseUrl: env.DATABASE_URL || undefined };
}

/** Opens (and migrates) the store: PostgreSQL when `databaseUrl` is given, else SQLite under `dataDir`. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const sqlitePath = options.sqlitePath ?? join(options.dataDir ?? './data', 'atoz.sqlite');
  if (!options.databaseUrl && sqlitePath !== ':memory:' && options.writerThread !== false) {
    return ThreadedSqliteStore.open({ path: sqlitePath, lockTimeoutMs: options.lockTimeoutMs ?? 60_000, now: options.now ?? Date.now, nice: options.writerNice });
  }
  const database = options.databaseUrl
    ? openPostgres({ url: options.databaseUrl, schema: options.schema, maxConnections: options.maxConnections ?? 10 })
    : openSqlite({
        path: sqlitePath,
        lockTimeoutMs: options.lockTimeoutMs ?? 60_000,
      });
  return openMigrated(database, { now: options.now });
}
