import { sql, type Kysely } from 'kysely';
import { decodeRow, encodeRow } from './codec.js';
import { mergeImported } from './merge.js';
import type { Database, OrdersTable } from './schema.js';

/** Staged lines merged per step: one range query of stored lines that differ, one INSERT … SELECT of new ones. */
export const RANGE_LINES = 5_000;
/** Rows of one multi-row upsert at most (and never over the parameter limit). */
const MAX_UPSERT_ROWS = 2_000;
const ORDER_COLUMNS = 11;

export interface MergeContext {
  accountId: string;
  importId: string;
  /** The account's change_seq before the merge; the merge hands out the next ones. */
  changeSeq: number;
  updatedAt: string;
  maxParameters: number;
  onProgress?: ((mergedLines: number) => void) | undefined;
}

export interface MergeResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** The account's change_seq after the merge. */
  changeSeq: number;
}

/**
 * Merges an import's staged lines into the orders, inside the caller's transaction and under its
 * per-account lock. Walks the staged lines in key ranges; in each range the database itself skips lines
 * equal to the stored ones (the common re-import) and copies new lines over (INSERT … SELECT, numbered
 * with row_number()), so only stored lines that differ travel to Node, to have their operator fields merged.
 */
export async function mergeStagedLines(trx: Kysely<Database>, context: MergeContext): Promise<MergeResult> {
  const { accountId, importId, updatedAt } = context;
  const total = await countStagedLines(trx, importId);
  let seq = context.changeSeq;
  let inserted = 0;
  let updated = 0;
  let after: string | null = null;
  let merged = 0;
  do {
    const last = await rangeEnd(trx, importId, after);
    const range = { after, last };

    const writes: OrdersTable[] = [];
    for (const line of await differingStoredLines(trx, accountId, importId, range)) {
      const rowJson = encodeRow(mergeImported(decodeRow(line.stored_row), decodeRow(line.row_json)));
      // The import differs only where the stored operator values win: nothing changes.
      if (rowJson === line.stored_row && line.same_cells === 1) continue;
      updated++;
      writes.push({
        account_id: accountId,
        line_key: line.line_key,
        order_id: line.order_id,
        order_item_id: line.order_item_id,
        sku: line.sku,
        row_json: rowJson,
        cells_json: line.cells_json,
        version: line.stored_version + 1,
        change_seq: ++seq,
        updated_at: updatedAt,
        import_id: importId,
      });
    }
    await upsertOrders(trx, writes, Math.min(MAX_UPSERT_ROWS, Math.floor(context.maxParameters / ORDER_COLUMNS)));

    const added = await insertNewLines(trx, context, seq, range);
    seq += added;
    inserted += added;
    merged = last === null ? total : merged + RANGE_LINES;
    context.onProgress?.(merged);
    after = last;
  } while (after !== null);
  return { inserted, updated, unchanged: total - inserted - updated, changeSeq: seq };
}

export async function countStagedLines(db: Kysely<Database>, importId: string): Promise<number> {
  const staged = await db.selectFrom('import_lines').select((eb) => eb.fn.countAll<number>().as('lines')).where('import_id', '=', importId).executeTakeFirstOrThrow();
  return Number(staged.lines);
}

interface KeyRange {
  /** Exclusive; null from the first key. */
  after: string | null;
  /** Inclusive; null to the last key. */
  last: string | null;
}

/** The key of the RANGE_LINES-th staged line after `after` (the range's last), or null when fewer are left. */
async function rangeEnd(trx: Kysely<Database>, importId: string, after: string | null): Promise<string | null> {
  const end = await trx
    .selectFrom('import_lines')
    .select('line_key')
    .where('import_id', '=', importId)
    .$if(after !== null, (q) => q.where('line_key', '>', after!))
    .orderBy('line_key')
    .limit(1)
    .offset(RANGE_LINES - 1)
    .executeTakeFirst();
  return end?.line_key ?? null;
}

/** The range's staged lines joined with the stored ones; the range bounds both sides, whichever one the planner reads first. */
function stagedInRange(trx: Kysely<Database>, accountId: string, importId: string, { after, last }: KeyRange) {
  return trx
    .selectFrom('import_lines as l')
    .leftJoin('orders as o', (join) =>
      join
        .onRef('o.line_key', '=', 'l.line_key')
        .on('o.account_id', '=', accountId)
        .$call((on) => (after === null ? on : on.on('o.line_key', '>', after)))
        .$call((on) => (last === null ? on : on.on('o.line_key', '<=', last))),
    )
    .where('l.import_id', '=', importId)
    .$if(after !== null, (q) => q.where('l.line_key', '>', after!))
    .$if(last !== null, (q) => q.where('l.line_key', '<=', last!));
}

/** Staged lines whose stored line exists and differs from them as text. */
async function differingStoredLines(trx: Kysely<Database>, accountId: string, importId: string, range: KeyRange) {
  const rows = await stagedInRange(trx, accountId, importId, range)
    .select(['l.line_key', 'l.order_id', 'l.order_item_id', 'l.sku', 'l.row_json', 'l.cells_json'])
    .select(['o.row_json as stored_row', 'o.version as stored_version'])
    // Compared here rather than sent over: the cells are most of a line's bytes.
    .select(sql<number>`case when o.cells_json = l.cells_json then 1 else 0 end`.as('same_cells'))
    .where('o.line_key', 'is not', null)
    .where((eb) => eb.or([eb('o.row_json', '<>', eb.ref('l.row_json')), eb('o.cells_json', '<>', eb.ref('l.cells_json'))]))
    .orderBy('l.line_key')
    .execute();
  // The inner side of the join is present on every row here.
  return rows as (typeof rows[number] & { stored_row: string; stored_version: number })[];
}

/** Copies the range's new lines into orders, numbering their changes after `seq` in key order; returns how many. */
async function insertNewLines(trx: Kysely<Database>, { accountId, importId, updatedAt }: MergeContext, seq: number, range: KeyRange): Promise<number> {
  const result = await trx
    .insertInto('orders')
    .columns(['account_id', 'line_key', 'order_id', 'order_item_id', 'sku', 'row_json', 'cells_json', 'version', 'change_seq', 'updated_at', 'import_id'])
    .expression(
      stagedInRange(trx, accountId, importId, range)
        .where('o.line_key', 'is', null)
        .select([
          sql<string>`cast(${accountId} as text)`.as('account_id'),
          'l.line_key',
          'l.order_id',
          'l.order_item_id',
          'l.sku',
          'l.row_json',
          'l.cells_json',
          sql<number>`1`.as('version'),
          sql<number>`cast(${seq} as bigint) + row_number() over (order by l.line_key)`.as('change_seq'),
          sql<string>`cast(${updatedAt} as text)`.as('updated_at'),
          sql<string>`cast(${importId} as text)`.as('import_id'),
        ]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Changed lines in multi-row upserts (the per-account lock is held: no one else writes these keys meanwhile). */
async function upsertOrders(trx: Kysely<Database>, rows: OrdersTable[], rowsPerStatement: number): Promise<void> {
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    await trx
      .insertInto('orders')
      .values(rows.slice(i, i + rowsPerStatement))
      .onConflict((oc) =>
        oc.columns(['account_id', 'line_key']).doUpdateSet((eb) => ({
          order_id: eb.ref('excluded.order_id'),
          order_item_id: eb.ref('excluded.order_item_id'),
          sku: eb.ref('excluded.sku'),
          row_json: eb.ref('excluded.row_json'),
          cells_json: eb.ref('excluded.cells_json'),
          version: eb.ref('excluded.version'),
          change_seq: eb.ref('excluded.change_seq'),
          updated_at: eb.ref('excluded.updated_at'),
          import_id: eb.ref('excluded.import_id'),
        })),
      )
      .execute();
  }
}
