/// <reference types="office-js" />
import { canonicalColumnOf } from '../../shared/columns/map-header.js';
import { rangeAddress } from '../../shared/sheet/address.js';
import { readSheetHeader } from '../../shared/i18n/sheet-vocabulary.js';
import { FACT_COLUMNS, factColumnOf, type FactColumnKey } from '../../shared/sheet/fact-columns.js';
import { ChunkSizer } from './chunk-sizer.js';
import type { TableLocation } from './find-table.js';
import { queueChunkRead, readLayout } from './read-chunks.js';
import type { SyncMeter } from './sync-meter.js';
import { OPERATOR_SHEET_FIELDS } from './sync-operator-values.js';
import { columnKinds, queueTypedWrite, type CellKind, type TypedCell } from './typed-cells.js';

/** Separates the order id from the item id or SKU in a line key (worker/store/types.ts). */
export const LINE_KEY_SEPARATOR = '\u001f';

export function lineKeyOf(orderId: string, orderItemId?: string | null, sku?: string | null): string {
  const item = orderItemId?.trim() || sku?.trim() || '';
  return `${orderId.trim()}${LINE_KEY_SEPARATOR}${item}`;
}

/**
 * The order table as the sync sees it: where the line key comes from, which columns are the operators'
 * (never written from the worker's import cells), and which are the report's (written from `cells`).
 */
export interface SyncTable {
  location: TableLocation;
  /** 0-based sheet columns of the operator fields, in OPERATOR_SHEET_FIELDS order (undefined: not on the sheet). */
  operatorColumns: (number | undefined)[];
  /** Report-owned columns: sheet column and how a worker line's `cells` names it. */
  reportColumns: { sheetColumn: number; header: string; canonical: string | undefined }[];
  /**
   * Fact columns (shared/sheet/fact-columns.ts) other than the feedback rating (an operator column): written from
   * the worker's `facts` of a line, else from its report cell of that header. Not among reportColumns.
   */
  factColumns: { sheetColumn: number; header: string; key: FactColumnKey }[];
  /** What each column of the table holds (from `location.firstColumn`): dates or text. */
  kinds: CellKind[];
}

export function syncTable(location: TableLocation): SyncTable {
  const sheetColumnOf = (index: number) => location.firstColumn + index;
  const operatorColumns = OPERATOR_SHEET_FIELDS.map((spec) => {
    const at = location.columns[spec.column];
    return at === undefined ? undefined : sheetColumnOf(at.index);
  });
  const keyIndexes = new Set(['orderId', 'orderItemId', 'sku'].map((column) => location.columns[column as 'orderId']?.index));
  const operatorIndexes = new Set(OPERATOR_SHEET_FIELDS.map((spec) => location.columns[spec.column]?.index));
  const ours = (header: string, index: number) => header === '' || keyIndexes.has(index) || operatorIndexes.has(index) || readSheetHeader(header) !== undefined;
  const factColumns: SyncTable['factColumns'] = [];
  const kinds = columnKinds(location.headers.length, location.columns);
  location.headers.forEach((header, index) => {
    const key = ours(header, index) ? undefined : factColumnOf(header);
    // The first column of a fact is its column; a second one of the same fact is left as a report column.
    if (key === undefined || key === 'feedbackRating' || factColumns.some((column) => column.key === key)) return;
    factColumns.push({ sheetColumn: sheetColumnOf(index), header, key });
    if (FACT_COLUMNS.find((spec) => spec.key === key)!.kind === 'date') kinds[index] = 'date';
  });
  const facts = new Set(factColumns.map((column) => column.sheetColumn));
  const reportColumns = location.headers.flatMap((header, index) =>
    ours(header, index) || facts.has(sheetColumnOf(index)) ? [] : [{ sheetColumn: sheetColumnOf(index), header, canonical: canonicalColumnOf(header) }],
  );
  return { location, operatorColumns, reportColumns, factColumns, kinds };
}

/** One order line of the sheet: its 1-based row and its operator cells as text. */
export interface SheetLine {
  row: number;
  lineKey: string;
  orderId: string;
  texts: string[];
}

export interface SheetLines {
  byKey: Map<string, SheetLine>;
  /** Rows whose line key an earlier row already has: left alone, reported. */
  duplicateRows: number[];
}

/**
 * Reads the line keys and the operator cells of every data row, in chunks sized to the payload budget
 * (a few syncs even for 100,000 rows: only these dozen columns are loaded).
 */
export async function readSheetLines(context: Excel.RequestContext, table: SyncTable, meter: SyncMeter, chunkRows?: number): Promise<SheetLines> {
  const { location } = table;
  const wanted = ['orderId', 'orderItemId', 'sku', ...OPERATOR_SHEET_FIELDS.map((spec) => spec.column)] as const;
  const columns = Object.fromEntries(wanted.flatMap((column) => (location.columns[column] ? [[column, location.columns[column]]] : [])));
  const layout = readLayout({ ...location, columns });
  const sheet = context.workbook.worksheets.getItem(location.sheetName);
  const byKey = new Map<string, SheetLine>();
  const duplicateRows: number[] = [];
  const at = (cells: string[], column: (typeof wanted)[number]) => {
    const index = layout.columns[column]?.index;
    return index === undefined ? '' : cells[index]!;
  };
  const sizer = new ChunkSizer(layout.width, 0, chunkRows);
  for (let fromRow = location.headerRow + 1; fromRow <= location.lastRow; ) {
    const toRow = Math.min(location.lastRow, fromRow + sizer.nextRows() - 1);
    const read = queueChunkRead(sheet, layout, fromRow, toRow, meter);
    const { responseBytes } = await meter.sync(context);
    sizer.observeRead(toRow - fromRow + 1, responseBytes);
    read().forEach((cells, offset) => {
      const orderId = at(cells, 'orderId').trim();
      if (orderId === '') return;
      const row = fromRow + offset;
      const lineKey = lineKeyOf(orderId, at(cells, 'orderItemId'), at(cells, 'sku'));
      if (byKey.has(lineKey)) duplicateRows.push(row);
      else byKey.set(lineKey, { row, lineKey, orderId, texts: OPERATOR_SHEET_FIELDS.map((spec) => at(cells, spec.column)) });
    });
    fromRow = toRow + 1;
  }
  return { byKey, duplicateRows };
}

/** The value of a report column in a worker line's cells: the same header, else the same canonical column. */
export function reportCell(cells: Record<string, string>, column: SyncTable['reportColumns'][number]): string | undefined {
  if (Object.hasOwn(cells, column.header)) return cells[column.header];
  if (column.canonical === undefined) return undefined;
  for (const [header, value] of Object.entries(cells)) if (canonicalColumnOf(header) === column.canonical) return value;
  return undefined;
}

/**
 * Queues cell writes on one row, one range per run of adjacent columns (so columns in between, such as
 * the operators', are never touched). Each cell goes in with its number format (typed-cells.ts).
 */
export function queueCellWrites(sheet: Excel.Worksheet, row: number, cells: ReadonlyMap<number, TypedCell>, meter: SyncMeter): void {
  const columns = [...cells.keys()].sort((a, b) => a - b);
  for (let i = 0; i < columns.length; ) {
    let j = i;
    while (j + 1 < columns.length && columns[j + 1] === columns[j]! + 1) j++;
    const run = [columns.slice(i, j + 1).map((column) => cells.get(column)!)];
    queueTypedWrite(sheet.getRange(rangeAddress(columns[i]!, row, columns[j]!, row)), run, (payload) => meter.send(payload));
    i = j + 1;
  }
}

/** Queues whole rows (full table width) from `fromRow`: appended order lines, or the header. */
export function queueRowsWrite(sheet: Excel.Worksheet, location: TableLocation, fromRow: number, rows: TypedCell[][], meter: SyncMeter): void {
  if (rows.length === 0) return;
  const range = sheet.getRange(rangeAddress(location.firstColumn, fromRow, location.lastColumn, fromRow + rows.length - 1));
  queueTypedWrite(range, rows, (payload) => meter.send(payload));
}
