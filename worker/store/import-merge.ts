import { sql, type Kysely } from 'kysely';
import { fillFields } from '../../shared/report/facts.js';
import type { ReportKind } from '../../shared/report/kinds.js';
import { mergeCellValues, planCellMerge, type CellMergePlan } from './cells.js';
import { decodeRow, encodeRow } from './codec.js';
import { headerListOf, type HeaderList } from './header-list.js';
import { decodeOperatorSet, mergeImported } from './merge.js';
import type { StoreDatabase } from './database.js';
import type { Database, OrdersTable } from './schema.js';

/** Stored lines that differ from their staged line, read (and merged in Node) this many at a time. */
export const PAGE_LINES = 5_000;
const ORDER_COLUMNS = [
  'account_id',
  'line_key',
  'order_id',
  'order_item_id',
  'sku',
  'row_json',
  'cells_json',
  'headers_id',
  'version',
  'change_seq',
  'updated_at',
  'import_id',
] as const satisfies readonly (keyof OrdersTable)[];

export interface MergeContext {
  accountId: string;
  importId: string;
  /** The account's change_seq before the merge; the merge hands out the next ones. */
  changeSeq: number;
  updatedAt: string;
  /** The dialect's upsert (StoreDatabase.upsert). */
  upsert: StoreDatabase['upsert'];
  /** Called after each page of updated lines and after the new lines, with the number of lines written so far. */
  onProgress?: ((writtenLines: number) => void | Promise<void>) | undefined;
  /** CommitOptions.sets: the row fields the import sets; stored lines keep the others. */
  sets?: ReadonlySet<string> | undefined;
  /** CommitOptions.kind: a stored line's cells merge with the import's (cells.ts planCellMerge); without it the import's replace them. */
  kind?: ReportKind | undefined;
}

export interface MergeResult {
  inserted: number;
  updated: number;
  /** The account's change_seq after the merge. */
  changeSeq: number;
}

/**
 * Merges an import's staged lines into the orders, inside the caller's transaction and under its
 * per-account lock. First the stored lines that differ from their staged line travel to Node, a page at a
 * time in key order, to have their operator fields (and, with `kind`, their cells) merged (equal lines, the
 * common re-import, never leave the database); then the database copies the new lines over itself in one
 * INSERT … SELECT (a new line has no stored cells to keep).
 */
export async function mergeStagedLines(trx: Kysely<Database>, context: MergeContext): Promise<MergeResult> {
  const { accountId, importId, updatedAt } = context;
  let seq = context.changeSeq;
  let updated = 0;
  let after: string | null = null;
  const cells = context.kind ? new CellMerger(trx, context.kind) : undefined;
  const fills = fillFields(context.kind);
  for (;;) {
    const page = await differingStoredLines(trx, accountId, importId, after, cells !== undefined);
    const writes: OrdersTable[] = [];
    for (const line of page) {
      const rowJson = encodeRow(mergeImported(decodeRow(line.stored_row), decodeRow(line.row_json), decodeOperatorSet(line.operator_set), context.sets, fills));
      const merged = cells ? await cells.merge(line) : { cells_json: line.cells_json, headers_id: line.headers_id, same: line.same_cells === 1 };
      // The import differs only where the stored operator values (or the cells it does not set) win: nothing changes.
      if (rowJson === line.stored_row && merged.same) continue;
      updated++;
      writes.push({
        account_id: accountId,
        line_key: line.line_key,
        order_id: line.order_id,
        order_item_id: line.order_item_id,
        sku: line.sku,
        row_json: rowJson,
        cells_json: merged.cells_json,
        headers_id: merged.headers_id,
        version: line.stored_version + 1,
        change_seq: ++seq,
        updated_at: updatedAt,
        import_id: importId,
        operator_set: line.operator_set, // not among ORDER_COLUMNS: an upsert leaves it as it is
      });
    }
    await cells?.storeHeaderLists();
    // The per-account lock is held: no one else writes these keys meanwhile.
    await context.upsert(trx, 'orders', ORDER_COLUMNS, ['account_id', 'line_key'], writes);
    await context.onProgress?.(updated);
    if (page.length < PAGE_LINES) break;
    after = page[page.length - 1]!.line_key;
  }

  const inserted = await insertNewLines(trx, context, seq);
  await context.onProgress?.(updated + inserted);
  return { inserted, updated, changeSeq: seq + inserted };
}

export async function countStagedLines(db: Kysely<Database>, importId: string): Promise<number> {
  const staged = await db.selectFrom('import_lines').select((eb) => eb.fn.countAll<number>().as('lines')).where('import_id', '=', importId).executeTakeFirstOrThrow();
  return Number(staged.lines);
}

/**
 * The next page of staged lines, after `after` in key order, whose stored line exists and differs as text.
 * Walks the staging key index and probes the orders key: no sort, and a page ends the scan early.
 */
async function differingStoredLines(trx: Kysely<Database>, accountId: string, importId: string, after: string | null, storedCells: boolean) {
  const rows = await trx
    .selectFrom('import_lines as l')
    .innerJoin('orders as o', (join) => join.on('o.account_id', '=', accountId).onRef('o.line_key', '=', 'l.line_key'))
    .select(['l.line_key', 'l.order_id', 'l.order_item_id', 'l.sku', 'l.row_json', 'l.cells_json', 'l.headers_id'])
    .select(['o.row_json as stored_row', 'o.version as stored_version', 'o.operator_set'])
    // Compared here rather than sent over: the cells are most of a line's bytes.
    .select(sql<number>`case when o.cells_json = l.cells_json and o.headers_id = l.headers_id then 1 else 0 end`.as('same_cells'))
    // Merging cells (MergeContext.kind) needs the stored ones.
    .$if(storedCells, (q) => q.select(['o.cells_json as stored_cells', 'o.headers_id as stored_headers_id']))
    .where('l.import_id', '=', importId)
    .$if(after !== null, (q) => q.where('l.line_key', '>', after!))
    .where((eb) =>
      eb.or([eb('o.row_json', '<>', eb.ref('l.row_json')), eb('o.cells_json', '<>', eb.ref('l.cells_json')), eb('o.headers_id', '<>', eb.ref('l.headers_id'))]),
    )
    .orderBy('l.line_key')
    .limit(PAGE_LINES)
    .execute();
  return rows;
}

/** Copies the staged lines that have no stored line into orders, numbering their changes after `seq` in key order; returns how many. */
async function insertNewLines(trx: Kysely<Database>, { accountId, importId, updatedAt }: MergeContext, seq: number): Promise<number> {
  const result = await trx
    .insertInto('orders')
    .columns(['account_id', 'line_key', 'order_id', 'order_item_id', 'sku', 'row_json', 'cells_json', 'headers_id', 'version', 'change_seq', 'updated_at', 'import_id'])
    .expression(
      trx
        .selectFrom('import_lines as l')
        .where('l.import_id', '=', importId)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('orders as o').select(sql`1`.as('one')).where('o.account_id', '=', accountId).whereRef('o.line_key', '=', 'l.line_key'))),
        )
        .select([
          sql<string>`cast(${accountId} as text)`.as('account_id'),
          'l.line_key',
          'l.order_id',
          'l.order_item_id',
          'l.sku',
          'l.row_json',
          'l.cells_json',
          'l.headers_id',
          sql<number>`1`.as('version'),
          sql<number>`cast(${seq} as bigint) + row_number() over (order by l.line_key)`.as('change_seq'),
          sql<string>`cast(${updatedAt} as text)`.as('updated_at'),
          sql<string>`cast(${importId} as text)`.as('import_id'),
        ]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** A staged line beside its stored line's cells, as differingStoredLines reads it with the stored cells. */
interface LineCells {
  cells_json: string;
  headers_id: string;
  stored_cells?: string;
  stored_headers_id?: string;
}

/**
 * Merges staged lines' cells into their stored lines' (cells.ts planCellMerge) for an import of one kind: the header
 * lists are read once each, a plan made once per pair of lists, and the merged lists stored (table cell_headers).
 */
class CellMerger {
  private readonly lists = new Map<string, readonly string[]>();
  private readonly plans = new Map<string, { plan: CellMergePlan; list: HeaderList }>();
  private readonly unstored = new Map<string, HeaderList>();

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly kind: ReportKind,
  ) {}

  async merge(line: LineCells & { same_cells: number }): Promise<{ cells_json: string; headers_id: string; same: boolean }> {
    // Equal cells merge into themselves (every cell either side's, and both say the same).
    if (line.same_cells === 1) return { cells_json: line.cells_json, headers_id: line.headers_id, same: true };
    const storedCells = line.stored_cells!;
    const storedId = line.stored_headers_id!;
    const key = `${storedId}\u0000${line.headers_id}`;
    let planned = this.plans.get(key);
    if (!planned) {
      const plan = planCellMerge(await this.list(storedId), await this.list(line.headers_id), this.kind);
      const list = headerListOf(plan.headers);
      if (list.id !== storedId && list.id !== line.headers_id) this.unstored.set(list.id, list);
      planned = { plan, list };
      this.plans.set(key, planned);
    }
    const values = mergeCellValues(planned.plan, JSON.parse(storedCells) as string[], JSON.parse(line.cells_json) as string[]);
    const cellsJson = JSON.stringify(values);
    return { cells_json: cellsJson, headers_id: planned.list.id, same: cellsJson === storedCells && planned.list.id === storedId };
  }

  /** Stores the merged header lists made since the last call (before the lines naming them). */
  async storeHeaderLists(): Promise<void> {
    if (this.unstored.size === 0) return;
    const values = [...this.unstored.values()].map(({ id, json }) => ({ id, headers_json: json }));
    this.unstored.clear();
    for (const value of values) await this.trx.insertInto('cell_headers').values(value).onConflict((oc) => oc.column('id').doNothing()).execute();
  }

  private async list(id: string): Promise<readonly string[]> {
    let headers = this.lists.get(id);
    if (!headers) {
      const found = await this.trx.selectFrom('cell_headers').select('headers_json').where('id', '=', id).executeTakeFirst();
      if (!found) throw new Error(`header list ${id} is missing`);
      headers = JSON.parse(found.headers_json) as string[];
      this.lists.set(id, headers);
    }
    return headers;
  }
}
