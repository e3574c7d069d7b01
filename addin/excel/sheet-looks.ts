/// <reference types="office-js" />
import { rangeAddress } from '../../shared/sheet/address.js';
import type { SheetPlan } from '../../shared/sheet/plan.js';
import type { ExcelHost } from './host.js';
import { OPTIONAL_EXCEL_API } from './requirements.js';
import { columnsAddress } from './status-columns.js';

/**
 * The data sheet framed for reading, the first time it is flagged (later the user's own layout stays):
 * the header row tall enough for the wrapped headers, the header row and the order id column frozen,
 * the hidden helper columns grouped as one outline. Each only where the Excel at hand has the API:
 * - rowHeight: https://learn.microsoft.com/javascript/api/excel/excel.rangeformat#excel-excel-rangeformat-rowheight (1.2)
 * - freezePanes: https://learn.microsoft.com/javascript/api/excel/excel.worksheetfreezepanes (1.7)
 * - group: https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-group-member(1) (1.10)
 */
export function queueSheetLooks(sheet: Excel.Worksheet, plan: SheetPlan, host: ExcelHost): void {
  const { frame, headerRow } = plan;
  const firstStatus = Math.min(...plan.columns.filter((c) => !c.hidden).map((c) => c.index));
  const lastStatus = Math.max(...plan.columns.filter((c) => !c.hidden).map((c) => c.index));
  sheet.getRange(rangeAddress(firstStatus, headerRow, lastStatus, headerRow)).format.rowHeight = frame.headerHeight;
  if (host.supportsExcelApi(OPTIONAL_EXCEL_API.freezePanes)) {
    if (frame.frozenColumns > 0) sheet.freezePanes.freezeAt(sheet.getRange(rangeAddress(0, 1, frame.frozenColumns - 1, frame.frozenRows)));
    else sheet.freezePanes.freezeRows(frame.frozenRows);
  }
  if (host.supportsExcelApi(OPTIONAL_EXCEL_API.groupColumns)) {
    sheet.getRange(columnsAddress(frame.helperGroup.first, frame.helperGroup.last)).group('ByColumns');
  }
}
