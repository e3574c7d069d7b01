import type { Kysely, Migration } from 'kysely';
import { headerListOf } from '../header-list.js';

const CONVERT_LINES = 1_000;
const UPGRADE_FAILURE = 'abandoned: the worker was upgraded while this import was uploading; import the file again';

/**
 * A line's cells become a JSON array of values beside the id of their header list (table cell_headers),
 * instead of a JSON object repeating every header on every line: less than half the bytes to store, copy
 * and compare on each import. Stored lines are converted; imports still staging belong to a worker that
 * has stopped (migrations run when one starts) and are marked failed, as the stale-import cleanup would.
 * Every worker on the store must be stopped for the upgrade: an older one would keep writing object cells.
 * Headers are taken in the stored object's key order, which puts integer-like names first: a report with
 * such a header gets another list id and its lines count as updated once at its next import. One UPDATE
 * per stored line: minutes for millions of lines, once.
 */
export function cellHeaders(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cell_headers')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('headers_json', 'text', (col) => col.notNull())
        .execute();
      await db.schema.alterTable('orders').addColumn('headers_id', 'text').execute();
      await db.schema.alterTable('import_lines').addColumn('headers_id', 'text').execute();

      await db
        .updateTable('imports')
        .set({ status: 'failed', failure: UPGRADE_FAILURE, updated_at: new Date().toISOString() })
        .where('status', '=', 'staging')
        .execute();
      await db.deleteFrom('import_lines').execute();

      const known = new Set<string>();
      let after: { account_id: string; line_key: string } | undefined;
      for (;;) {
        const lines: { account_id: string; line_key: string; cells_json: string }[] = await db
          .selectFrom('orders')
          .select(['account_id', 'line_key', 'cells_json'])
          .$if(after !== undefined, (q) => q.where((eb) => eb(eb.refTuple('account_id', 'line_key'), '>', eb.tuple(after!.account_id, after!.line_key))))
          .orderBy('account_id')
          .orderBy('line_key')
          .limit(CONVERT_LINES)
          .execute();
        for (const line of lines) {
          const cells = JSON.parse(line.cells_json) as Record<string, string>;
          const list = headerListOf(Object.keys(cells));
          if (!known.has(list.id)) {
            await db.insertInto('cell_headers').values({ id: list.id, headers_json: list.json }).onConflict((oc) => oc.column('id').doNothing()).execute();
            known.add(list.id);
          }
          await db
            .updateTable('orders')
            .set({ headers_id: list.id, cells_json: JSON.stringify(Object.values(cells)) })
            .where('account_id', '=', line.account_id)
            .where('line_key', '=', line.line_key)
            .execute();
        }
        if (lines.length < CONVERT_LINES) break;
        after = lines[lines.length - 1]!;
      }
    },
  };
}
