/**
 * ExcelApi requirement sets. The manifest asks for MIN_EXCEL_API, the newest set that the glue uses
 * unconditionally; anything newer is used only after `supportsExcelApi` says it is there.
 *
 * | what the glue uses                                            | set  |
 * | ------------------------------------------------------------- | ---- |
 * | getRange, values, formulas, numberFormat, charts.add           | 1.1  |
 * | functions.date (date-system probe), columnHidden, getUsedRange(valuesOnly), format.columnWidth | 1.2 |
 * | worksheet.tables, table.getRange, rows.add (one row), columns.add | 1.1 |
 * | table.showTotals                                               | 1.3  |
 * | rows.add (several rows), columns.add with a name               | 1.4  |
 * | worksheets.getItemOrNullObject, getUsedRangeOrNullObject       | 1.4  |
 * | conditionalFormats (custom rules), suspendApiCalculationUntilNextSync | 1.6 |
 * | application.calculationMode set (manual during the writes)     | 1.8, checked at run time |
 * | application.suspendScreenUpdatingUntilNextSync                 | 1.9, checked at run time |
 * | range.getSpecialCellsOrNullObject (formulas in the data)       | 1.9, checked at run time |
 * | workbook.getActiveCell (row help's row)                        | 1.7, checked at run time |
 * | workbook.getSelectedRanges (row help: several areas selected)  | 1.9, checked at run time |
 * | range.getMergedAreasOrNullObject (merged cells in the data)    | 1.13, checked at run time |
 * | worksheet.protection (1.2), workbook.customXmlParts (sync state) | 1.5  |
 * | worksheet.freezePanes (header row and order id frozen)         | 1.7, checked at run time |
 * | worksheet.pageLayout (the dashboard on one page)               | 1.9, checked at run time |
 * | range.group (the helper columns as one outline)                | 1.10, checked at run time |
 */
export const MIN_EXCEL_API = '1.6';

export const OPTIONAL_EXCEL_API = {
  calculationModeSet: '1.8',
  suspendScreenUpdating: '1.9',
  specialCells: '1.9',
  activeCell: '1.7',
  selectedRanges: '1.9',
  mergedAreas: '1.13',
  freezePanes: '1.7',
  pageLayout: '1.9',
  groupColumns: '1.10',
} as const;
