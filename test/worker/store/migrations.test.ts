import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../../worker/store/migrations/index.js';
import { encodeImportLines, openStore, type StoreOptions } from '../../../worker/store/index.js';
import { encodeRow } from '../../../worker/store/codec.js';
import { BACKENDS, type Backend } from './backends.js';
import { orderLine } from './lines.js';

/** A Kysely on the location's database, as the store opens it, to migrate part way and write old rows. */
async function rawDatabase(backend: Backend, location: StoreOptions, createSchema = true): Promise<Kysely<any>> {
  if (backend.name === 'sqlite') {
    return new Kysely({ dialect: new SqliteDialect({ database: new SQLite(join(location.dataDir!, 'atoz.sqlite')) }) });
  }
  const pool = new pg.Pool({ connectionString: location.databaseUrl, max: 1, options: `-c search_path=${location.schema}` });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  if (createSchema) await sql`create schema ${sql.id(location.schema!)}`.execute(db);
  return db;
}

describe.each(BACKENDS)('store migrations on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('0003 turns stored cells into header lists and values, and fails imports left staging', async () => {
    const location = await backend.location();
    const db = await rawDatabase(backend, location);
    const migrator = new Migrator({ db, provider: migrationProvider(backend.name), ...(location.schema ? { migrationTableSchema: location.schema } : {}) });
    expect((await migrator.migrateTo('0002_order_lines_index')).error).toBeUndefined();

    // Two lines as the 0002 schema stored them: cells as an object, with two different header lists.
    const at = '2024-03-01T00:00:00.000Z';
    await db.insertInto('accounts').values({ id: 'acc', name: 'seller', change_seq: 2, created_at: at }).execute();
    const lines = [orderLine(1), orderLine(2)];
    const oldCells = [
      { 'amazon-order-id': lines[0]!.row.orderId, 'product-name': 'Hose "75ft"\tgreen\\blue', 买家备注: '送货前请致电' },
      { 'amazon-order-id': lines[1]!.row.orderId, sku: 'SKU-2' },
    ];
    await db
      .insertInto('orders')
      .values(
        lines.map((line, i) => ({
          account_id: 'acc',
          line_key: line.lineKey,
          order_id: line.row.orderId,
          order_item_id: line.row.orderItemId,
          sku: line.row.sku,
          row_json: encodeRow(line.row),
          cells_json: JSON.stringify(oldCells[i]),
          version: 1,
          change_seq: i + 1,
          updated_at: at,
          import_id: null,
        })),
      )
      .execute();
    const staging = { counts_json: '{}', errors_json: '[]', warnings_json: '[]', failure: null, file_name: 'x.txt', created_at: at, updated_at: at };
    await db.insertInto('imports').values({ id: 'imp', account_id: 'acc', status: 'staging', ...staging }).execute();
    await db
      .insertInto('import_lines')
      .values({ import_id: 'imp', line_key: 'k', order_id: 'o', order_item_id: null, sku: null, row_json: '{}', cells_json: '{}' })
      .execute();
    await db.destroy();

    const store = await openStore(location);
    try {
      const read = [...(await store.getOrderLines('acc', lines[0]!.row.orderId)), ...(await store.getOrderLines('acc', lines[1]!.row.orderId))];
      expect(read.map((l) => l.cells)).toEqual(oldCells);
      expect(read.map((l) => [l.version, l.changeSeq])).toEqual([
        [1, 1],
        [1, 2],
      ]);
      expect(await store.getImport('acc', 'imp')).toMatchObject({ status: 'failed', failure: expect.stringContaining('upgraded') });

      // The converted line compares equal to the same cells imported now: unchanged.
      const started = await store.beginImport('acc', null);
      const cells = oldCells[1]!;
      await store.stageImportLines('acc', started.id, encodeImportLines([{ ...lines[1]!, cells: { headers: Object.keys(cells), values: Object.values(cells) } }]));
      expect((await store.commitImport('acc', started.id, [], [])).counts).toMatchObject({ unchanged: 1, updated: 0, inserted: 0 });
    } finally {
      await store.close();
    }
  });
  it('0007 numbers the lines of orders with facts anew (not their version), so a sheet synced past them gets the facts', async () => {
    const location = await backend.location();
    const store = await openStore(location);
    let db: Kysely<any> | undefined;
    try {
      const acc = await store.createAccount('seller');
      const other = await store.createAccount('other seller');
      const commit = async (account: string, lines: ReturnType<typeof orderLine>[]) => {
        const started = await store.beginImport(account, null);
        await store.stageImportLines(account, started.id, encodeImportLines(lines));
        await store.commitImport(account, started.id, [], []);
      };
      await commit(acc, [2, 3, 4, 5, 6, 7].map((n) => orderLine(n))); // orders 1, 2, 3: two lines each
      await commit(other, [4, 5].map((n) => orderLine(n))); // the other account's order 2
      const before = (await store.changesSince(acc, 0, 1000)).items;
      const otherBefore = (await store.changesSince(other, 0, 1000)).items;
      const cursor = Math.max(...before.map((line) => line.changeSeq));

      // Facts kept before 0007 existed: for order 2 of the first account, and for an order nobody stored.
      db = await rawDatabase(backend, location, false);
      const fact = (orderId: string, line: number) => ({ account_id: acc, import_id: 'feedback-import', line, order_id: orderId, kind: 'feedback', fact_json: '{}' });
      await db.insertInto('order_facts').values([fact(orderLine(4).row.orderId, 2), fact('999-9999999-9999999', 3)]).execute();
      const migration = (await migrationProvider(backend.name).getMigrations())['0007_facts_reach_sync']!;
      await migration.up(db);

      const changed = (await store.changesSince(acc, cursor, 1000)).items;
      expect(changed.map((line) => line.lineKey)).toEqual([orderLine(4).lineKey, orderLine(5).lineKey]);
      expect(changed.map((line) => line.changeSeq)).toEqual([cursor + 1, cursor + 2]);
      expect(changed.map((line) => line.version)).toEqual(before.filter((line) => changed.some((c) => c.lineKey === line.lineKey)).map((line) => line.version));
      // The other account's lines did not move; the account's counter goes on after the numbers given.
      expect((await store.changesSince(other, 0, 1000)).items).toEqual(otherBefore);
      await commit(acc, [orderLine(8)]);
      expect((await store.changesSince(acc, cursor + 2, 1000)).items.map((line) => line.changeSeq)).toEqual([cursor + 3]);
    } finally {
      await db?.destroy();
      await store.close();
    }
  });
});
