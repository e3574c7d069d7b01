/// <reference types="office-js" />
import { formulaSafe } from '../../shared/output/safe-text.js';
import { cellAddress, columnLetter, rangeAddress } from '../../shared/sheet/address.js';
import type { DashboardPlan } from '../../shared/sheet/dashboard.js';
import type { SyncMeter } from './sync-meter.js';
import { SheetBlockedError } from './write-guard.js';

/** Our chart on the dashboard sheet, found again by name on refresh. */
export const DASHBOARD_CHART_NAME = 'atoz-claims-chart';
const POINTS_PER_CHAR = 7;

/**
 * Creates or refreshes the dashboard sheet: the plan's cells written as one block of formulas (labels
 * are plain values in it), their number formats as one block, and the claims chart. Knowing whether
 * the sheet and our chart exist takes two syncs, which ride along with the flagging's own.
 */
export class DashboardWriter {
  private readonly existing: Excel.Worksheet;
  private charts: Excel.ChartCollection | undefined;
  private protection: Excel.WorksheetProtection | undefined;

  constructor(context: Excel.RequestContext, name: string) {
    this.existing = context.workbook.worksheets.getItemOrNullObject(name);
    this.existing.load('name');
  }

  /** After a sync: queues loading the existing sheet's charts, and whether it is protected. */
  queueChartScan(): void {
    if (this.existing.isNullObject) return;
    this.charts = this.existing.charts;
    this.charts.load('items/name');
    this.protection = this.existing.protection;
    this.protection.load('protected');
  }

  /** After that sync, before anything is written: a protected dashboard sheet is refused (write-guard.ts). */
  checkWritable(): void {
    if (this.protection?.protected) throw new SheetBlockedError({ kind: 'protected', sheetName: this.existing.name });
  }

  /** After another sync: queues the whole dashboard; `canPrintLayout`: ExcelApi 1.9 (page layout). */
  queueWrite(context: Excel.RequestContext, plan: DashboardPlan, meter: SyncMeter, canPrintLayout = false): void {
    let sheet = this.existing;
    if (sheet.isNullObject) {
      sheet = context.workbook.worksheets.add(plan.sheetName);
    } else {
      for (const chart of this.charts?.items ?? []) if (chart.name === DASHBOARD_CHART_NAME) chart.delete();
      sheet.getRange(`A:${columnLetter(plan.extent.lastColumn)}`).clear();
    }
    const { lastRow, lastColumn } = plan.extent;
    const formulas: (string | number)[][] = Array.from({ length: lastRow }, () => new Array<string | number>(lastColumn + 1).fill(''));
    const formats: string[][] = Array.from({ length: lastRow }, () => new Array<string>(lastColumn + 1).fill('General'));
    for (const cell of plan.cells) {
      const value = cell.formula ?? cell.value ?? '';
      formulas[cell.row - 1]![cell.column] = typeof value === 'string' && cell.formula === undefined ? formulaSafe(value) : value;
      if (cell.numberFormat) formats[cell.row - 1]![cell.column] = cell.numberFormat;
    }
    const block = sheet.getRange(rangeAddress(0, 1, lastColumn, lastRow));
    meter.send(formats);
    block.numberFormat = formats;
    meter.send(formulas);
    block.formulas = formulas;
    for (const cell of plan.cells) if (cell.bold) sheet.getRange(cellAddress(cell.column, cell.row)).format.font.bold = true;
    plan.columnWidths.forEach((width, i) => {
      sheet.getRange(`${columnLetter(i)}:${columnLetter(i)}`).format.columnWidth = width * POINTS_PER_CHAR;
    });

    const chart = sheet.charts.add('ColumnStacked', sheet.getRange(plan.chart.dataRange), 'Columns');
    chart.name = DASHBOARD_CHART_NAME;
    chart.title.text = plan.chart.title;
    if (canPrintLayout) {
      // On one page: https://learn.microsoft.com/javascript/api/excel/excel.pagelayout (ExcelApi 1.9).
      sheet.pageLayout.orientation = plan.print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
      sheet.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 1 };
      sheet.pageLayout.setPrintArea(plan.print.area);
    }
    chart.setPosition(plan.chart.from, plan.chart.to);
  }
}
