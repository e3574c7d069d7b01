import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreOptions } from '../../../worker/store/index.js';

/**
 * The backends the store suite runs on: SQLite always, PostgreSQL when the test server answers
 * (ATOZ_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test). Each `location()` is a new,
 * empty store: a file in a temp dir, or a schema of its own, so test files running in parallel never meet.
 */
export interface Backend {
  name: 'sqlite' | 'postgres';
  location(): Promise<StoreOptions>;
  /** Removes every location made. */
  cleanup(): Promise<void>;
}

export const PG_URL = process.env.ATOZ_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

function sqliteBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async location() {
      const dir = mkdtempSync(join(tmpdir(), 'atoz-store-'));
      dirs.push(dir);
      return { dataDir: dir };
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(url: string): Backend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async location() {
      const schema = `atoz_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      schemas.push(schema);
      // Small pools: several stores per test, several test files at once, 100 server connections.
      return { databaseUrl: url, schema, maxConnections: 3 };
    },
    async cleanup() {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresUp = await reachable(PG_URL);
if (!postgresUp) {
  console.warn(`\n⚠ PostgreSQL not reachable at ${PG_URL}: the store suite runs on SQLite only (set ATOZ_TEST_DATABASE_URL).\n`);
}

export const BACKENDS: Backend[] = [sqliteBackend(), ...(postgresUp ? [postgresBackend(PG_URL)] : [])];
