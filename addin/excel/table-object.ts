/// <reference types="office-js" />
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
}

/** Sync 2: where each table is. */
export function queueTablePlaces(sheet: Excel.Worksheet, tables: readonly { name: string; showTotals: boolean }[]): () => TablePlace[] {
  const ranges = tables.map((table) => {
    const range = sheet.tables.getItem(table.name).getRange();
    range.load('rowIndex,columnIndex,rowCount,columnCount');
    return { table, range };
  });
  return () =>
    ranges.map(({ table, range }) => ({ ...table, rowIndex: range.rowIndex, columnIndex: range.columnIndex, rowCount: range.rowCount, columnCount: range.columnCount }));
}

/**
 * The order table as an Excel table: the first table whose header (within the scanned top rows) names
 * an order-id column, else the first table there at all; undefined when the sheet has none there.
 * Cells used right of the table keep the columns of the used range (statuses go after them).
 */
export function fitToTable(top: readonly (readonly unknown[])[], bounds: UsedBounds, overrides: ColumnOverrides, places: readonly TablePlace[]): TableLocation | undefined {
  let fallback: TableLocation | undefined;
  for (const place of places) {
    const headerRow = place.rowIndex + 1;
    const scanned = top[headerRow - bounds.firstRow];
    if (!scanned) continue;
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
    fallback ??= location;
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
