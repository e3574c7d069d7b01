/**
 * Issue 15, point 5: an import whose worker died is marked failed as soon as that is known, its staged lines are
 * deleted and their space given back; a rejected upload gives its space back too.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeImportLines, openStore, type Store, type StoreOptions } from '../../../worker/store/index.js';
import { BACKENDS } from './backends.js';
import { orderLines } from './lines.js';

const CHILD = fileURLToPath(new URL('./fixtures/import-child.ts', import.meta.url));

/** Runs a query on the store's database directly (what the Store interface does not show). */
async function query<T>(location: StoreOptions, text: string, params: unknown[] = []): Promise<T[]> {
  if (location.databaseUrl) {
    const client = new pg.Client({ connectionString: location.databaseUrl, options: `-c search_path=${location.schema}` });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new SQLite(join(location.dataDir!, 'atoz.sqlite'));
  try {
    const statement = db.prepare(text.replace(/\$\d+/g, '?'));
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
  } finally {
    db.close();
  }
}

const stagedLines = async (location: StoreOptions) => Number((await query<{ n: number }>(location, 'select count(*) as n from import_lines'))[0]!.n);

describe.each(BACKENDS)('abandoned imports on $name', (backend) => {
  const opened: Store[] = [];
  async function open(location: StoreOptions): Promise<Store> {
    const store = await openStore(location);
    opened.push(store);
    return store;
  }
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await backend.cleanup();
  });

  it('marks an import killed while staging failed at once (its process is gone), and deletes its staged lines', async () => {
    const location = await backend.location();
    const store = await open(location);
    const account = await store.createAccount('seller');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ store: location, accountId: account, from: 0, count: 3_000, orderStatus: 'Shipped', hangAfterStaging: true })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const importId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /^staged (\S+)$/m.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`child ended (${code}) before staging`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect((await store.getImport(account, importId))!.status).toBe('staging');
    expect(await stagedLines(location)).toBeGreaterThan(0); // the last batch may not have been written

    // What a worker does when it starts (and every LEASE_MS / 3): no 15-minute wait for a process known dead.
    const restarted = await open(location);
    expect(await restarted.reclaimAbandonedImports()).toBe(1);
    expect(await store.getImport(account, importId)).toMatchObject({ status: 'failed', failure: expect.stringContaining('worker process importing it ended') });
    expect(await stagedLines(location)).toBe(0);
    expect(await restarted.reclaimAbandonedImports()).toBe(0);
  });

  it('fails an import whose owner on another host stopped renewing its lease, and leaves live ones alone', async () => {
    const location = await backend.location();
    const store = await open(location);
    const account = await store.createAccount('seller');
    const live = await store.beginImport(account, null);
    await store.stageImportLines(account, live.id, encodeImportLines(orderLines(0, 10)));
    const other = await store.beginImport(account, null);
    await store.stageImportLines(account, other.id, encodeImportLines(orderLines(10, 10)));
    await store.beginImport(account, null); // settles the staging write of `other`
    const past = new Date(Date.now() - 1_000).toISOString();
    const future = new Date(Date.now() + 60_000).toISOString();
    await query(location, 'update imports set owner = $1, lease_until = $2 where id = $3', ['worker-2.example/4242/token', past, other.id]);
    await query(location, 'update imports set owner = $1, lease_until = $2 where id = $3', ['worker-3.example/4242/token', future, live.id]);

    const second = await open(location);
    expect(await second.reclaimAbandonedImports()).toBe(1);
    expect(await store.getImport(account, other.id)).toMatchObject({ status: 'failed', failure: expect.stringContaining('lease') });
    expect((await store.getImport(account, live.id))!.status).toBe('staging');
    expect(Number((await query<{ n: number }>(location, 'select count(*) as n from import_lines where import_id = $1', [other.id]))[0]!.n)).toBe(0);
  });

  it('gives the space of a failed import\'s staged lines back', async () => {
    const location = await backend.location();
    const store = await open(location);
    const account = await store.createAccount('seller');
    const started = await store.beginImport(account, null);
    for (let i = 0; i < 20_000; i += 2_000) await store.stageImportLines(account, started.id, encodeImportLines(orderLines(i, 2_000)));
    await store.failImport(account, started.id, 'the upload was over the limit');
    expect(await stagedLines(location)).toBe(0);
    if (backend.name === 'sqlite') {
      const freelist_count = (await query<{ freelist_count: number }>(location, 'pragma freelist_count'))[0]!.freelist_count;
      expect(freelist_count).toBe(0);
      expect(statSync(join(location.dataDir!, 'atoz.sqlite-wal')).size).toBe(0);
      expect((await query<{ auto_vacuum: number }>(location, 'pragma auto_vacuum'))[0]!.auto_vacuum).toBe(2);
    } else {
      const [stats] = await query<{ n_dead_tup: string; last_vacuum: Date | null }>(
        location,
        "select n_dead_tup, last_vacuum from pg_stat_user_tables where relname = 'import_lines' and schemaname = current_schema()",
      );
      expect(stats!.last_vacuum).not.toBeNull();
    }
  });
});
