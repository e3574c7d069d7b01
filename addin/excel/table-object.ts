/// <reference types="office-js" />
import { rangeAddress } from '../../shared/sheet/address.js';
import { locateHeader, type TableLocation, type UsedBounds } from './find-table.js';
import type { ColumnOverrides } from './settings.js';
import type { SyncMeter } from './sync-meter.js';

/**
 * When the operator's orders are an Excel table (ListObject, ExcelApi 1.1; `showTotals` 1.3):
 * its header row is the header, its data rows end above the totals row, new status columns become
 * columns of the table (`columns.add`, at its right end), and Sync adds order lines with `rows.add`,
 * which inserts them above the totals row (never below it, where they would be outside the table).
 * Filtered or hidden rows are read and written like the others (`values` ignores visibility).
 */
export interface ExcelTableRef {
  name: string;
  showTotals: boolean;
  /** 1-based sheet row of the totals row, when shown. */
  totalsRow?: number;
  columnCount: number;
  /** Nothing is used right of the table: status columns can join it. */
  atRightEdge: boolean;
}

/** Sync 1: the active sheet's tables by name. */
export function queueTableList(sheet: Excel.Worksheet): () => { name: string; showTotals: boolean }[] {
  const tables = sheet.tables;
  tables.load('items/name,items/showTotals');
  return () => tables.items.map((table) => ({ name: table.name, showTotals: table.showTotals }));
}

interface TablePlace {
  name: string;
  showTotals: boolean;
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
  /** The table's own header cells (read wherever the header row lies, even below the scanned top rows). */
  header: readonly unknown[];
}

/** Sync 2: where each table is, and its header row. */
export function queueTablePlaces(sheet: Excel.Worksheet, tables: readonly { name: string; showTotals: boolean }[]): () => TablePlace[] {
  const ranges = tables.map((table) => {
    const item = sheet.tables.getItem(table.name);
    const range = item.getRange();
    range.load('rowIndex,columnIndex,rowCount,columnCount');
    const header = item.getHeaderRowRange();
    header.load('values');
    return { table, range, header };
  });
  return () =>
    ranges.map(({ table, range, header }) => ({
      ...table,
      rowIndex: range.rowIndex,
      columnIndex: range.columnIndex,
      rowCount: range.rowCount,
      columnCount: range.columnCount,
      header: header.values[0] ?? [],
    }));
}

/**
 * The header row as the scanned rows would hold it (from the used range's first column): the scanned
 * row when the table's header is among them, else the table's own header cells (cells of that row
 * outside the table then count as unnamed columns).
 */
function headerRowOf(top: readonly (readonly unknown[])[], bounds: UsedBounds, place: TablePlace): readonly unknown[] {
  const scanned = top[place.rowIndex + 1 - bounds.firstRow];
  if (scanned) return scanned;
  const row = new Array<unknown>(Math.max(bounds.lastColumn, place.columnIndex + place.columnCount - 1) - bounds.firstColumn + 1).fill('');
  place.header.forEach((cell, i) => (row[place.columnIndex - bounds.firstColumn + i] = cell));
  return row;
}

/**
 * The order table as an Excel table: the first table whose header (wherever it lies) names an order-id
 * column, else the first table at all; undefined when the sheet has none.
 * Cells used right of the table keep the columns of the used range (statuses go after them).
 */
export function fitToTable(top: readonly (readonly unknown[])[], bounds: UsedBounds, overrides: ColumnOverrides, places: readonly TablePlace[]): TableLocation | undefined {
  let fallback: TableLocation | undefined;
  for (const place of places) {
    const headerRow = place.rowIndex + 1;
    const scanned = headerRowOf(top, bounds, place);
    const lastColumn = place.columnIndex + place.columnCount - 1;
    const ownColumns = lastColumn >= bounds.lastColumn;
    const firstColumn = ownColumns ? place.columnIndex : bounds.firstColumn;
    const last = ownColumns ? lastColumn : bounds.lastColumn;
    const header = scanned.slice(firstColumn - bounds.firstColumn, last - bounds.firstColumn + 1);
    const lastRow = place.rowIndex + place.rowCount - (place.showTotals ? 1 : 0);
    const located = locateHeader([header], { sheetName: bounds.sheetName, firstRow: headerRow, lastRow, firstColumn, lastColumn: last }, overrides);
    const table: ExcelTableRef = {
      name: place.name,
      showTotals: place.showTotals,
      ...(place.showTotals ? { totalsRow: lastRow + 1 } : {}),
      columnCount: place.columnCount,
      atRightEdge: ownColumns,
    };
    const location: TableLocation = { ...located, lastRow, table };
    if (location.missingRequired.length === 0) return location;
    // A table without order ids counts only near the top (where the column picker would look).
    if (top[headerRow - bounds.firstRow]) fallback ??= location;
  }
  return fallback;
}

/** Flag rows: the new status columns become the table's own columns (queued before their headers are written). */
export function queueTableColumns(sheet: Excel.Worksheet, table: ExcelTableRef, headers: readonly string[]): void {
  const columns = sheet.tables.getItem(table.name).columns;
  for (const header of headers) columns.add(undefined, undefined, header);
}

/** Sync: `count` blank rows added to the table (above its totals row), to be written like any rows. */
export function queueTableRows(sheet: Excel.Worksheet, table: ExcelTableRef, count: number, meter: SyncMeter): void {
  if (count === 0) return;
  const blanks = Array.from({ length: count }, () => new Array<string>(table.columnCount).fill(''));
  meter.send(blanks);
  sheet.tables.getItem(table.name).rows.add(undefined, blanks);
}

/** At most this many rows at the end of a table are read to find its empty data rows. */
const SPARE_ROWS_READ = 1000;

/**
 * The empty data rows at the end of an Excel table, below its last row with content (after
 * `lastContentRow`, 1-based): a table made from a header alone has one blank data row
 * (https://learn.microsoft.com/javascript/api/office/office.tabledata#office-office-tabledata-rows-member:
 * "If you insert a new table, a blank row will be inserted"), and a table never has fewer. Sync fills
 * these before it adds rows. A row counts as empty only when every cell of it, formulas included, is empty.
 */
export async function countSpareRows(context: Excel.RequestContext, location: TableLocation, lastContentRow: number, meter: SyncMeter): Promise<number> {
  const from = Math.max(lastContentRow + 1, location.headerRow + 1, location.lastRow - SPARE_ROWS_READ + 1);
  if (!location.table || from > location.lastRow) return 0;
  const range = context.workbook.worksheets.getItem(location.sheetName).getRange(rangeAddress(location.firstColumn, from, location.lastColumn, location.lastRow));
  range.load('formulas');
  await meter.sync(context);
  const rows = range.formulas as unknown[][];
  let spare = 0;
  while (spare < rows.length && rows[rows.length - 1 - spare]!.every((cell) => cell === '' || cell === null)) spare++;
  return spare;
}
