import type { Kysely, Migration } from 'kysely';

/**
 * Facts of reports that hold no order lines of their own (feedback, returns: issue 13, docs/reports.md), kept per
 * import and line, by order id. They are kept whether the order is stored yet or not, and join its lines when read:
 * a feedback line imported before its order report counts once the order arrives.
 */
export function orderFacts(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('order_facts')
        .addColumn('account_id', 'text', (col) => col.notNull())
        .addColumn('import_id', 'text', (col) => col.notNull())
        .addColumn('line', 'integer', (col) => col.notNull())
        .addColumn('order_id', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('fact_json', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('order_facts_pk', ['account_id', 'import_id', 'line'])
        .execute();
      await db.schema.createIndex('order_facts_by_order').on('order_facts').columns(['account_id', 'order_id']).execute();
    },
  };
}
