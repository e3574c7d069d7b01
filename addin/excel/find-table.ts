/// <reference types="office-js" />
import type { CanonicalColumn } from '../../shared/columns/canonical.js';
import { mapHeader, type ColumnMap } from '../../shared/columns/map-header.js';
import { rangeAddress } from '../../shared/sheet/address.js';
import type { ColumnOverrides } from './settings.js';
import { fitToTable, queueTableList, queueTablePlaces, type ExcelTableRef } from './table-object.js';

/** Columns without which nothing can be flagged; the UI asks for them with a picker. */
export const REQUIRED_COLUMNS: readonly CanonicalColumn[] = ['orderId'];
/** Columns whose absence leaves states unknown; the picker offers them too. */
export const RECOMMENDED_COLUMNS: readonly CanonicalColumn[] = [
  'purchaseDate',
  'fulfillmentChannel',
  'salesChannel',
  'maxEdd',
  'deliveredDate',
  'claimDate',
  'claimReason',
  'claimStatus',
  'buyerContactDate',
  'responseDate',
  'decisionDate',
];

/** How many rows from the top of the used range may hold titles before the header. */
export const HEADER_SCAN_ROWS = 10;

/** The order table on a sheet, as the glue and the column picker see it. */
export interface TableLocation {
  sheetName: string;
  /** 1-based sheet row of the header. */
  headerRow: number;
  /** 0-based sheet columns of the first and last header cell (the used range's width). */
  firstColumn: number;
  lastColumn: number;
  /** 1-based last used row (the header row when there is no data). */
  lastRow: number;
  /** Header texts, left to right from `firstColumn` (the picker's choices). */
  headers: string[];
  /** Engine columns found; `index` counts from `firstColumn`. */
  columns: ColumnMap;
  missingRequired: CanonicalColumn[];
  missingRecommended: CanonicalColumn[];
  /** When the order table is an Excel table (ListObject): rows end above its totals row. */
  table?: ExcelTableRef;
}

/** The used rectangle of a sheet (1-based rows, 0-based columns). */
export interface UsedBounds {
  sheetName: string;
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
  /** The sheet's Excel tables, in the workbook's order. */
  tables?: { name: string; showTotals: boolean }[];
}

/** Step 1: the active sheet, its used range (values only, so formats alone do not stretch it) and its Excel tables. */
export function queueUsedBounds(context: Excel.RequestContext): () => UsedBounds {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load('name');
  const used = sheet.getUsedRange(true);
  used.load('rowIndex,columnIndex,rowCount,columnCount');
  const tables = queueTableList(sheet);
  return () => ({
    sheetName: sheet.name,
    firstRow: used.rowIndex + 1,
    lastRow: used.rowIndex + used.rowCount,
    firstColumn: used.columnIndex,
    lastColumn: used.columnIndex + used.columnCount - 1,
    tables: tables(),
  });
}

/** Step 2: the top rows of the used range, where the header is looked for, and the tables' places. */
export function queueHeaderScan(context: Excel.RequestContext, bounds: UsedBounds, overrides: ColumnOverrides): () => TableLocation {
  const lastScanned = Math.min(bounds.lastRow, bounds.firstRow + HEADER_SCAN_ROWS - 1);
  const sheet = context.workbook.worksheets.getItem(bounds.sheetName);
  const top = sheet.getRange(rangeAddress(bounds.firstColumn, bounds.firstRow, bounds.lastColumn, lastScanned));
  top.load('values');
  const tables = queueTablePlaces(sheet, bounds.tables ?? []);
  return () => {
    // An Excel table holding the order ids wins; a table without them (a notes table) does not hide the orders beside it.
    const fitted = fitToTable(top.values, bounds, overrides, tables());
    if (fitted && fitted.missingRequired.length === 0) return fitted;
    const plain = locateHeader(top.values, bounds, overrides);
    return plain.missingRequired.length === 0 ? plain : (fitted ?? plain);
  };
}

export const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
};

/**
 * The header is the first scanned row that names an order-id column (by the shared aliases or the
 * user's mapping); without one, the first non-empty row stands as header and the order id is missing.
 */
export function locateHeader(rows: readonly (readonly unknown[])[], bounds: UsedBounds, overrides: ColumnOverrides): TableLocation {
  const texts = rows.map((row) => row.map((cell) => cellText(cell).trim()));
  let at = texts.findIndex((headers) => mapHeader(headers, overrides).orderId !== undefined);
  if (at < 0) at = Math.max(0, texts.findIndex((headers) => headers.some((h) => h !== '')));
  const headers = texts[at] ?? [];
  const columns = mapHeader(headers, overrides);
  const missing = (list: readonly CanonicalColumn[]) => list.filter((column) => columns[column] === undefined);
  return {
    sheetName: bounds.sheetName,
    headerRow: bounds.firstRow + at,
    firstColumn: bounds.firstColumn,
    lastColumn: bounds.lastColumn,
    lastRow: Math.max(bounds.lastRow, bounds.firstRow + at),
    headers,
    columns,
    missingRequired: missing(REQUIRED_COLUMNS),
    missingRecommended: missing(RECOMMENDED_COLUMNS),
  };
}

/** Raised when the sheet lacks a required column: the UI shows the picker with `location`. */
export class MissingColumnsError extends Error {
  constructor(readonly location: TableLocation) {
    super(`The sheet "${location.sheetName}" has no ${location.missingRequired.join(', ')} column; choose it in the column picker.`);
    this.name = 'MissingColumnsError';
  }
}
