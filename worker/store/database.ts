import { closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyBinary } from './copy-binary.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The few things the two dialects do differently, so the queries above it are written once:
 * how a write transaction starts, whether rows can be locked, how many parameters a statement takes,
 * and how migrations are serialized between workers.
 */
export interface StoreDatabase {
  readonly dialect: DialectName;
  /** For reads. SQLite: a second connection, so reads go on while an import holds the write lock (WAL). */
  readonly reader: Kysely<Database>;
  /** Runs `work` in one write transaction: committed if it resolves, rolled back if it throws. */
  write<T>(work: (trx: Kysely<Database>) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** PostgreSQL locks rows (SELECT … FOR UPDATE); SQLite's write transaction already shuts out every other writer. */
  readonly lockRows: boolean;
  /** Most bind parameters one statement may carry. */
  readonly maxParameters: number;
  migrate(): Promise<void>;
  /**
   * PostgreSQL: appends rows to a table with COPY inside `trx` (a transaction of write()), several times
   * cheaper for both processes than multi-row INSERTs. COPY cannot upsert: if a row's key is already in
   * the table it writes nothing and answers false, for the caller to upsert instead. SQLite: absent.
   */
  readonly copyRows?: <T extends keyof Database & string>(trx: Kysely<Database>, table: T, columns: readonly (keyof Database[T] & string)[], rows: readonly Database[T][]) => Promise<boolean>;
  /**
   * Upserts rows into a table inside `trx` (a transaction of write()): a row whose `key` is there already
   * replaces that row's other columns. PostgreSQL: COPY into a temporary table, then one
   * INSERT … SELECT … ON CONFLICT; SQLite: multi-row INSERT … ON CONFLICT statements.
   */
  readonly upsert: <T extends UpsertTable>(
    trx: Kysely<Database>,
    table: T,
    columns: readonly (keyof Database[T] & string)[],
    key: readonly (keyof Database[T] & string)[],
    rows: readonly Database[T][],
  ) => Promise<void>;
  /**
   * Gives back the space of deleted rows (staged lines of a failed import): SQLite moves free pages to the end
   * and truncates the file (auto_vacuum INCREMENTAL + incremental_vacuum) and checkpoints and truncates the WAL;
   * PostgreSQL VACUUMs import_lines, so its space is reused at once.
   */
  reclaimSpace(): Promise<void>;
  /** Waits for the write in flight (SQLite) or for checked-out connections (PostgreSQL), then closes. */
  close(): Promise<void>;
}

/** The tables written by upsert. */
export type UpsertTable = 'orders' | 'import_lines';

/** Rows of one multi-row statement at most (and never over the parameter limit). */
const MAX_STATEMENT_ROWS = 2_000;

/** Upserts as multi-row INSERT … ON CONFLICT statements through Kysely (the dialects without a bulk path). */
async function upsertByStatements<T extends UpsertTable>(
  trx: Kysely<Database>,
  maxParameters: number,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  key: readonly (keyof Database[T] & string)[],
  rows: readonly Database[T][],
): Promise<void> {
  const perStatement = Math.min(MAX_STATEMENT_ROWS, Math.floor(maxParameters / columns.length));
  const others = columns.filter((column) => !key.includes(column));
  // Kysely's types cannot follow a table chosen at run time; the columns are the table's own (typed above).
  const db = trx as Kysely<any>;
  const into: string = table;
  const conflictKey: string[] = [...key];
  for (let i = 0; i < rows.length; i += perStatement) {
    await db
      .insertInto(into)
      .values(rows.slice(i, i + perStatement))
      .onConflict((oc) => oc.columns(conflictKey).doUpdateSet((eb) => Object.fromEntries(others.map((c: string) => [c, eb.ref(`excluded.${c}`)]))))
      .execute();
  }
}

export interface WriteOptions {
  /**
   * false: the commit may return before it is on disk (PostgreSQL: synchronous_commit off). A crash can then
   * lose it, never half of it. SQLite in WAL mode with synchronous NORMAL never waits for the disk on commit.
   */
  durable?: boolean;
}

export interface SqliteOptions {
  /** A file path, or `:memory:` (one connection, this process only). */
  path: string;
  /** How long a write waits for another connection's write transaction to end. */
  lockTimeoutMs: number;
  /**
   * `reader`: the read connection alone (writes throw): the event loop's side of a store whose writer works
   * in a thread of its own (sqlite-writer.ts). Default: both connections.
   */
  role?: 'full' | 'reader' | undefined;
}

/** SQLite via better-sqlite3: WAL, one writer connection and one reader connection per store. */
const SQLITE_MAX_PARAMETERS = 32_766;

export function openSqlite({ path, lockTimeoutMs, role = 'full' }: SqliteOptions): StoreDatabase {
  const memory = path === ':memory:';
  if (role === 'reader') return openSqliteReader(path);
  if (!memory) createPrivately(path);
  const writerConnection = connectSqlite(path);
  if (!memory) useIncrementalVacuum(writerConnection);
  // better-sqlite3 waits for a lock synchronously, freezing the event loop and, in this same process,
  // the very transaction holding the lock; so writes never wait in SQLite: beginImmediate retries instead.
  writerConnection.pragma('busy_timeout = 0');
  const writer = new Kysely<Database>({ dialect: new SqliteDialect({ database: writerConnection }) });
  let reader = writer;
  if (!memory) {
    const readerConnection = connectSqlite(path);
    readerConnection.pragma('query_only = ON');
    reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: readerConnection }) });
  }

  const write = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    writer.connection().execute(async (conn) => {
      await beginImmediate(conn, lockTimeoutMs);
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        if (writerConnection.inTransaction) await sql`rollback`.execute(conn);
        throw error;
      }
    });

  return {
    dialect: 'sqlite',
    reader,
    write,
    lockRows: false,
    maxParameters: SQLITE_MAX_PARAMETERS,
    // Kysely's migrator takes no lock on SQLite; the write transaction serializes workers on one file.
    migrate: () => write((trx) => migrateToLatest(trx, 'sqlite')),
    upsert: (trx, table, columns, key, rows) => upsertByStatements(trx, SQLITE_MAX_PARAMETERS, table, columns, key, rows),
    async reclaimSpace() {
      if (memory) return;
      // Free pages moved to the end and cut off (one write transaction), then the WAL copied back and emptied.
      await write(async () => {
        // exec, not a prepared statement: each step of incremental_vacuum frees one page, and run() steps once.
        writerConnection.exec('pragma incremental_vacuum');
      });
      await writer.connection().execute(async (conn) => {
        await sql`pragma wal_checkpoint(TRUNCATE)`.execute(conn);
      });
    },
    async close() {
      await writer.connection().execute(async () => {});
      if (reader !== writer) await reader.destroy();
      await writer.destroy();
    },
  };
}

/**
 * The store holds buyers' names and addresses: its directory is created 0700 and its file 0600, for the
 * worker's user alone. SQLite gives the -wal and -shm files it makes beside it the file's own permissions.
 * An existing directory or file keeps the permissions its owner gave it.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
}

/** The read connection of a store file another connection (a writer thread) has opened and migrated. */
function openSqliteReader(path: string): StoreDatabase {
  const connection = connectSqlite(path);
  connection.pragma('query_only = ON');
  const reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  const refuse = () => Promise.reject(new Error('this SQLite connection only reads: writes go to the store\'s writer thread'));
  return {
    dialect: 'sqlite',
    reader,
    write: refuse,
    lockRows: false,
    maxParameters: SQLITE_MAX_PARAMETERS,
    migrate: async () => {},
    upsert: refuse,
    reclaimSpace: async () => {},
    close: () => reader.destroy(),
  };
}

/**
 * auto_vacuum INCREMENTAL, so the pages of deleted staged lines can be given back (incremental_vacuum) rather
 * than kept by the file forever. A new file takes it at once; a file made before (auto_vacuum NONE) needs one
 * VACUUM, done here (it rewrites the file: seconds per GB, once); if another connection is busy, next start.
 */
function useIncrementalVacuum(connection: SQLite.Database): void {
  if (connection.pragma('auto_vacuum', { simple: true }) === 2) return;
  connection.pragma('auto_vacuum = INCREMENTAL');
  if (connection.pragma('auto_vacuum', { simple: true }) === 2) return;
  try {
    connection.exec('VACUUM');
  } catch (error) {
    if (!SQLITE_BUSY.test(String((error as { code?: unknown }).code))) throw error;
  }
}

function connectSqlite(path: string): SQLite.Database {
  const connection = new SQLite(path);
  connection.pragma('busy_timeout = 5000'); // opening may wait for another process's recovery or WAL switch
  connection.pragma('journal_mode = WAL');
  // NORMAL with WAL: a commit is atomic and survives a killed process; only a power cut may lose the last ones.
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  return connection;
}

const SQLITE_BUSY = /^SQLITE_BUSY/;

/** BEGIN IMMEDIATE takes the file's write lock now (no deadlock later on upgrade); if busy, retries without blocking. */
async function beginImmediate(conn: Kysely<Database>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      await sql`begin immediate`.execute(conn);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !SQLITE_BUSY.test(code) || performance.now() > deadline) throw error;
      await sleep(pause * (0.5 + Math.random()));
    }
  }
}

export interface PostgresOptions {
  url: string;
  /** Tables live in this schema (created if missing): several stores in one database, e.g. tests. */
  schema?: string | undefined;
  maxConnections: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** PostgreSQL via pg: a pool; writes are plain transactions that lock the rows they serialize on. */
export function openPostgres({ url, schema, maxConnections }: PostgresOptions): StoreDatabase {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`schema "${schema}": use lower-case letters, digits and _`);
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // BIGINT (change_seq) as a number, like SQLite gives it; sequence numbers stay far below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Each write transaction's own connection, for COPY, which goes around Kysely.
  const writeClients = new WeakMap<Kysely<Database>, pg.PoolClient>();
  const clientOf = (trx: Kysely<Database>): pg.PoolClient => {
    const client = writeClients.get(trx);
    if (!client) throw new Error('COPY runs inside a transaction of write()');
    return client;
  };
  // Column types by table, for the casts of upsert; tables change only by migration, before any write.
  const tableTypes = new Map<string, Promise<Map<string, string>>>();

  /** A transaction on a connection of its own, through a Kysely pinned to it (so COPY can use the same connection). */
  async function write<T>(work: (trx: Kysely<Database>) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const client = await pool.connect();
    let discard: boolean | Error | undefined;
    const pinned: PostgresPool = {
      connect: async () => ({ query: client.query.bind(client) as pg.PoolClient['query'], release: (destroy?: boolean | Error) => void (discard = destroy) }),
      end: async () => {},
    };
    try {
      const transactions = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pinned }) });
      return await transactions.transaction().execute(async (trx) => {
        writeClients.set(trx, client);
        if (options.durable === false) await sql`set local synchronous_commit = off`.execute(trx);
        return work(trx);
      });
    } finally {
      client.release(discard); // a connection whose rollback failed is closed, as Kysely would
    }
  }

  return {
    dialect: 'postgres',
    reader: db,
    write,
    lockRows: true,
    maxParameters: 65_535,
    async migrate() {
      if (schema) await createSchema(db, schema);
      // Named explicitly: Kysely looks for its migration tables in every schema of the database otherwise.
      const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(db);
      // Kysely's migrator holds an advisory lock while it migrates: workers starting together take turns.
      await migrateToLatest(db, 'postgres', rows[0]?.name);
    },
    async copyRows(trx, table, columns, rows) {
      const client = clientOf(trx);
      if (rows.length === 0) return true;
      await sql`savepoint atoz_copy`.execute(trx);
      try {
        await copyIn(client, table, columns, rows);
      } catch (error) {
        if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
        await sql`rollback to savepoint atoz_copy`.execute(trx);
        return false;
      }
      await sql`release savepoint atoz_copy`.execute(trx);
      return true;
    },
    async upsert(trx, table, columns, key, rows) {
      const client = clientOf(trx);
      if (rows.length === 0) return;
      const id = (name: string) => client.escapeIdentifier(name);
      const list = columns.map(id).join(', ');
      // One per table and transaction, emptied before each use; gone at commit or rollback.
      // Text columns, cast to the table's types on the way in (binary COPY of numbers would need their exact types).
      const temp = `atoz_upsert_${table}`;
      await client.query(`create temp table if not exists ${id(temp)} (${columns.map((c) => `${id(c)} text`).join(', ')}) on commit drop`);
      await client.query(`truncate ${id(temp)}`);
      await copyIn(client, temp, columns, rows);
      if (!tableTypes.has(table)) {
        const reading = columnTypes(client, table);
        reading.catch(() => tableTypes.delete(table)); // read again next time
        tableTypes.set(table, reading);
      }
      const types = await tableTypes.get(table)!;
      const casts = columns
        .map((c) => {
          const type = types.get(c);
          if (!type) throw new Error(`upsert: table ${table} has no column ${c}`);
          return `cast(${id(c)} as ${type})`;
        })
        .join(', ');
      const updates = columns.filter((c) => !key.includes(c)).map((c) => `${id(c)} = excluded.${id(c)}`);
      await client.query(`insert into ${id(table)} (${list}) select ${casts} from ${id(temp)} on conflict (${key.map(id).join(', ')}) do update set ${updates.join(', ')}`);
    },
    async reclaimSpace() {
      // Outside any transaction (VACUUM cannot run in one): the dead rows' space is reused at once.
      await sql`vacuum import_lines`.execute(db);
    },
    close: () => db.destroy(),
  };
}

const UNIQUE_VIOLATION = '23505';

/** Appends rows to a table by binary COPY on the client. */
async function copyIn<T>(client: pg.PoolClient, table: string, columns: readonly (keyof T & string)[], rows: readonly T[]): Promise<void> {
  const statement = `copy ${client.escapeIdentifier(table)} (${columns.map((c) => client.escapeIdentifier(c)).join(', ')}) from stdin (format binary)`;
  await pipeline(Readable.from([copyBinary(rows, columns)]), client.query(copyFrom(statement)));
}

/** A table's column types as SQL (`bigint`, `text COLLATE "C"` shows as `text`), from the catalog. */
async function columnTypes(client: pg.PoolClient, table: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped`,
    [client.escapeIdentifier(table)],
  );
  return new Map(rows.map((r) => [r.name, r.type]));
}

async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    // Two workers creating it at once: one of them gets a duplicate-key error although the schema now exists.
    const found = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (found.rows.length === 0) throw error;
  }
}

async function migrateToLatest(db: Kysely<Database>, dialect: DialectName, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
}
