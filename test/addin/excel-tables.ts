import type { CellValue, Rect } from './excel-cells.js';

/**
 * Excel tables (ListObjects) as both doubles model them, after Microsoft's documentation:
 *
 * - A table has a header row, data rows and an optional totals row (`showTotals`); `getRange()` is all
 *   of it, `getDataBodyRange()` the data rows, `getTotalRowRange()` the totals row.
 *   https://learn.microsoft.com/javascript/api/excel/excel.table
 * - `rows.add(index, values)`: "If null or -1, the addition happens at the end. Any rows below the
 *   inserted row are shifted downwards." New rows go in above the totals row, which moves down.
 *   https://learn.microsoft.com/javascript/api/excel/excel.tablerowcollection#excel-excel-tablerowcollection-add-member(1)
 * - `columns.add(index, values, name)`: a column at the right end by default, named `name` (else
 *   "ColumnN"). https://learn.microsoft.com/javascript/api/excel/excel.tablecolumncollection
 * - Automatic expansion: "When you type in a cell of an empty row or column next to a list, the list will
 *   expand to include that row or column" (AutoCorrect.AutoExpandListRange, on by default). Below a
 *   totals row nothing expands: the totals row ends the table.
 *   https://learn.microsoft.com/office/vba/api/excel.autocorrect.autoexpandlistrange
 * - Reading and writing `values` takes hidden (filtered) rows like any other; only `rowHidden` and the
 *   table's filter say they are hidden. https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-rowhidden-member
 */
export interface TableModel {
  id: number;
  name: string;
  /** Header row to last row (the totals row when shown). */
  rect: Rect;
  showTotals: boolean;
}

/** What the table model needs of a sheet's cells. */
export interface TableCells {
  getValue(r: number, c: number): CellValue;
  setValue(r: number, c: number, value: CellValue): void;
  /** Moves the cells of columns c1..c2 from row `fromRow` down by `count` rows (an insertion). */
  shiftRowsDown(fromRow: number, count: number, c1: number, c2: number): void;
}

export const headerRect = (t: TableModel): Rect => ({ ...t.rect, r2: t.rect.r1 });
export const lastDataRow = (t: TableModel): number => (t.showTotals ? t.rect.r2 - 1 : t.rect.r2);
/** Data rows; a table always keeps at least one (blank) data row. */
export const dataRect = (t: TableModel): Rect => ({ ...t.rect, r1: t.rect.r1 + 1, r2: lastDataRow(t) });
export const totalsRect = (t: TableModel): Rect | undefined => (t.showTotals ? { ...t.rect, r1: t.rect.r2 } : undefined);

let nextTableId = 1;

/** A table over `rect` whose first row holds the headers (blank headers become Column1, Column2…). */
export function addTable(cells: TableCells, tables: TableModel[], rect: Rect, name = `Table${tables.length + 1}`, showTotals = false): TableModel {
  const table: TableModel = { id: nextTableId++, name, rect: { ...rect }, showTotals };
  if (rect.r2 === rect.r1) table.rect.r2++; // a header alone gets one data row
  if (showTotals) table.rect.r2++;
  for (let c = rect.c1; c <= rect.c2; c++) if (cells.getValue(rect.r1, c) === '') cells.setValue(rect.r1, c, `Column${c - rect.c1 + 1}`);
  tables.push(table);
  return table;
}

/** rows.add at the end: `count` rows inserted above the totals row; returns the first new row. */
export function addRows(cells: TableCells, table: TableModel, count: number): number {
  const first = lastDataRow(table) + 1;
  cells.shiftRowsDown(first, count, table.rect.c1, table.rect.c2);
  table.rect = { ...table.rect, r2: table.rect.r2 + count };
  return first;
}

/** columns.add at the right end, with its header; returns the new column. */
export function addColumn(cells: TableCells, table: TableModel, name: string | undefined): number {
  const column = table.rect.c2 + 1;
  table.rect = { ...table.rect, c2: column };
  cells.setValue(table.rect.r1, column, name ?? `Column${column - table.rect.c1 + 1}`);
  return column;
}

/**
 * After cells were written: a table grows over a written row right below it (no totals row) or a
 * written column right of it, as AutoExpandListRange does for typed input.
 */
export function autoExpand(tables: readonly TableModel[], written: Rect): void {
  for (const table of tables) {
    const { rect } = table;
    const besideRows = written.r1 <= rect.r2 && written.r2 >= rect.r1;
    if (written.c1 === rect.c2 + 1 && besideRows) table.rect = { ...rect, c2: written.c2 };
    const besideColumns = written.c1 <= table.rect.c2 && written.c2 >= table.rect.c1;
    if (!table.showTotals && written.r1 === table.rect.r2 + 1 && besideColumns) table.rect = { ...table.rect, r2: written.r2 };
  }
}
