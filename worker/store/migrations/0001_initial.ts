import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Accounts, hashed tokens, imports with their staged lines, and the order lines.
 * Line keys sort and compare by bytes in both dialects (PostgreSQL: collation "C"), so paging by
 * line key gives the same order everywhere and the key indexes skip locale rules.
 */
export function initial(dialect: DialectName): Migration {
  const keyText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('change_seq', 'bigint', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('token_sha256', 'text', (col) => col.primaryKey())
        .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('label', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('imports')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('file_name', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('counts_json', 'text', (col) => col.notNull())
        .addColumn('errors_json', 'text', (col) => col.notNull())
        .addColumn('warnings_json', 'text', (col) => col.notNull())
        .addColumn('failure', 'text')
        .execute();
      await db.schema.createIndex('imports_status_updated').on('imports').columns(['status', 'updated_at']).execute();

      // Staging: no foreign key, it is the hot path; lines live only while their import is staging.
      await db.schema
        .createTable('import_lines')
        .addColumn('import_id', 'text', (col) => col.notNull())
        .addColumn('line_key', keyText, (col) => col.notNull())
        .addColumn('order_id', 'text', (col) => col.notNull())
        .addColumn('order_item_id', 'text')
        .addColumn('sku', 'text')
        .addColumn('row_json', 'text', (col) => col.notNull())
        .addColumn('cells_json', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('import_lines_pk', ['import_id', 'line_key'])
        .execute();

      // No foreign key to accounts here either: a per-row check costs a third of a bulk insert, and order
      // lines are only written under a lock on their account's row, which therefore exists.
      await db.schema
        .createTable('orders')
        .addColumn('account_id', 'text', (col) => col.notNull())
        .addColumn('line_key', keyText, (col) => col.notNull())
        .addColumn('order_id', 'text', (col) => col.notNull())
        .addColumn('order_item_id', 'text')
        .addColumn('sku', 'text')
        .addColumn('row_json', 'text', (col) => col.notNull())
        .addColumn('cells_json', 'text', (col) => col.notNull())
        .addColumn('version', 'integer', (col) => col.notNull())
        .addColumn('change_seq', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('import_id', 'text')
        .addPrimaryKeyConstraint('orders_pk', ['account_id', 'line_key'])
        .execute();
      // Unique: one change, one sequence number; a bug that reused one would fail loudly.
      await db.schema.createIndex('orders_change_seq').on('orders').columns(['account_id', 'change_seq']).unique().execute();
      await db.schema.createIndex('orders_order_id').on('orders').columns(['account_id', 'order_id']).execute();
    },
  };
}
