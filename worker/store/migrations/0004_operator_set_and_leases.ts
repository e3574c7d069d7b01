import type { Kysely, Migration } from 'kysely';

/**
 * Two things the store now records explicitly (issue 15):
 * - orders.operator_set: the operator fields an operator has set (PATCH), comma-separated. Such a value is never
 *   overwritten by an import, whatever it is, `chargeback: false` and `itemType: physical` included; before, those
 *   two counted as empty because they are what an empty cell reads as. Lines patched before this migration start
 *   with an empty set (which fields were set is not known): their false/physical still count as empty.
 * - imports.owner and imports.lease_until: which worker process is staging an import (host/pid/start) and until when
 *   its heartbeat holds it, so an import whose worker died is marked failed and its staged lines dropped at once.
 */
export function operatorSetAndLeases(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('orders').addColumn('operator_set', 'text', (col) => col.notNull().defaultTo('')).execute();
      await db.schema.alterTable('imports').addColumn('owner', 'text').execute();
      await db.schema.alterTable('imports').addColumn('lease_until', 'text').execute();
    },
  };
}
