import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Policy } from '../../policy/schema.js';
import type { ExcelDateSystem } from '../../time/excel-serial.js';
import { cellAddress } from '../address.js';
import { mapHeader } from '../../columns/map-header.js';
import type { Locale } from '../../i18n/locales.js';
import { chartNoteRow, type DashboardPlan } from '../dashboard.js';
import { buildSheetPlan, consecutiveColumns, type SheetPlan } from '../plan.js';
import { SheetRowCells, type SheetRowInput } from '../row-cells.js';

/** One line of the flagged sheet: its own cells as read, and its statuses or errors. */
export type SheetExportItem = SheetRowInput & { cells: readonly string[] };

export interface XlsxExportOptions {
  headers: readonly string[];
  items: Iterable<SheetExportItem> | AsyncIterable<SheetExportItem>;
  policy: Policy;
  /** The flagging instant (ms). */
  asOf: number;
  /** Zone of the sheet clock: where the workbook will be opened (NOW() there); see shared/sheet/serial.ts. */
  clockZone: string;
  /** Name of the data sheet (default "Orders"). */
  sheetName?: string;
  /** The workbook's language: headers, status values, dashboard (default en). */
  language?: Locale;
}

const DATE_SYSTEM: ExcelDateSystem = 1900;
const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

/**
 * Streams the flagged sheet as an .xlsx (exceljs's streaming writer, so memory stays flat however
 * long the report): the report's columns as text, the plan's status and hidden helper columns beside
 * them, the live conditional formats, and the dashboard sheet. exceljs cannot draw charts, so the
 * claims table stands with a note. Text cells are strings, which a spreadsheet never runs as formulas.
 */
export async function writeFlaggedWorkbook(options: XlsxExportOptions, output: Writable): Promise<SheetPlan> {
  const { headers, policy, asOf, clockZone } = options;
  const sheetName = options.sheetName ?? 'Orders';
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.created = new Date(asOf);
  const language = options.language ?? 'en';
  const columnAt = consecutiveColumns(headers.length);
  const idColumn = mapHeader(headers).orderId?.index;
  const planFor = (lastDataRow: number) =>
    buildSheetPlan({ policy, dataSheetName: sheetName, headerRow: 1, lastDataRow, columnAt, clockZone, dateSystem: DATE_SYSTEM, asOf, language, idColumn });
  // The columns do not depend on the rows: known before the first row is streamed.
  const { columns, frame } = planFor(1);
  const xSplit = frame.frozenColumns;
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 1, ...(xSplit > 0 ? { xSplit } : {}) }],
    properties: { outlineProperties: { summaryBelow: true, summaryRight: false } },
  });

  // Column widths, visibility and the helpers' outline group go first: the streaming writer emits them before the first row.
  for (const spec of columns) {
    const column = sheet.getColumn(spec.index + 1);
    column.width = spec.width;
    column.hidden = spec.hidden;
    if (spec.hidden) column.outlineLevel = 1;
  }
  const header = sheet.addRow([...headers, ...columns.map((c) => c.header)]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.height = frame.headerHeight;
  header.commit();

  const formats = columns.map((spec) => (spec.kind === 'text' ? undefined : spec.numberFormat));
  const cellsOf = new SheetRowCells({ policy, clockZone, dateSystem: DATE_SYSTEM, language });
  let lastRow = 1;
  for await (const item of options.items) {
    const status = cellsOf.cellsOf(item);
    const row = sheet.addRow([...headers.map((_, i) => item.cells[i] ?? ''), ...status.map((cell) => (cell === '' ? null : cell))]);
    status.forEach((cell, i) => {
      if (cell !== '' && formats[i]) row.getCell(headers.length + i + 1).numFmt = formats[i];
    });
    row.commit();
    lastRow++;
  }

  const plan = planFor(lastRow);
  sheet.autoFilter = { from: cellAddress(0, 1), to: cellAddress(columnAt.rowErrors, 1) };
  plan.rules.forEach((rule, i) =>
    sheet.addConditionalFormatting({
      ref: rule.range,
      rules: [
        {
          type: 'expression',
          priority: i + 1,
          formulae: [rule.formula.slice(1)],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(rule.fill) } }, font: { color: { argb: argb(rule.fontColor) } } },
        },
      ],
    }),
  );
  sheet.commit();
  // The page setup goes in with the sheet: the streaming writer writes its sheetPr (fitToPage) only then.
  const { print } = plan.dashboard;
  const pageSetup = { orientation: print.orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 1, printArea: print.area };
  writeDashboard(workbook.addWorksheet(plan.dashboard.sheetName, { pageSetup }), plan.dashboard);
  await workbook.commit();
  return plan;
}

/** The same workbook as bytes in memory (tests, small reports). */
export async function renderFlaggedWorkbook(options: XlsxExportOptions): Promise<{ buffer: Uint8Array; plan: SheetPlan }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const plan = await writeFlaggedWorkbook(options, output);
  await done;
  return { buffer: new Uint8Array(Buffer.concat(chunks)), plan };
}

function writeDashboard(sheet: ExcelJS.Worksheet, dashboard: DashboardPlan): void {
  dashboard.columnWidths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  for (const cell of dashboard.cells) {
    const target = sheet.getCell(cell.row, cell.column + 1);
    target.value = cell.formula !== undefined ? { formula: cell.formula.slice(1) } : (cell.value ?? null);
    if (cell.numberFormat) target.numFmt = cell.numberFormat;
    if (cell.bold) target.font = { bold: true };
  }
  sheet.getCell(chartNoteRow(dashboard), 1).value = dashboard.chartFallbackNote;
  sheet.commit();
}
