import { instantSerial } from '../../../shared/sheet/serial.js';
import { addTable } from '../excel-tables.js';
import { FormulaEvaluator } from './formulas.js';
import { fakeHost } from './host.js';
import { renderSheetHtml, type RenderOptions } from './render.js';
import { FakeSheet, FakeWorkbook, rectOf, type CellValue } from './workbook.js';

/**
 * The fake Excel as a classic script for the browser test and benchmark. Served where the task pane
 * expects office.js (`/office-js/office.js`), it runs before the pane's module and sets
 * `window.__ATOZ_FAKE_HOST__`, which the pane's bootstrap (addin/taskpane/platform.ts) uses instead of
 * Office. The page's set-up comes from `window.__ATOZ_FAKE_INIT__` (Playwright's addInitScript);
 * `window.__ATOZ_FAKE_EXCEL__` lets the test read the workbook and move the selection.
 */
export interface FakeInit {
  sheets?: { name: string; rows: CellValue[][] }[];
  /** A tab-separated file fetched into one sheet, every cell text (the benchmark's 100,000 rows). */
  /** `asTable`: the filled rows become an Excel table with a totals row (excel-tables.ts). */
  tsv?: { url: string; sheetName: string; asTable?: boolean };
  timeZone: string;
  displayLanguage?: string;
  apiMinor?: number;
  dateSystem?: 1900 | 1904;
  syncDelayMs?: number;
  /** Sheets protected (every cell locked), as Review › Protect Sheet leaves them. */
  protectedSheets?: string[];
}

declare global {
  interface Window {
    __ATOZ_FAKE_INIT__?: FakeInit;
    __ATOZ_FAKE_EXCEL__?: FakeExcelControl;
  }
}

export type FakeExcelControl = ReturnType<typeof control>;

async function fillFromTsv(book: FakeWorkbook, tsv: NonNullable<FakeInit['tsv']>): Promise<void> {
  const response = await fetch(tsv.url);
  if (!response.ok) throw new Error(`fake Excel: ${tsv.url} answered ${response.status}`);
  const text = await response.text();
  const sheet = new FakeSheet(tsv.sheetName);
  let r = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const cells = line.split('\t');
    const row: (CellValue | undefined)[] = new Array(cells.length);
    for (let c = 0; c < cells.length; c++) row[c] = cells[c] === '' ? undefined : cells[c];
    sheet.rows[r++] = row;
  }
  if (tsv.asTable && r > 0) addTable(sheet, sheet.tables, { r1: 0, c1: 0, r2: r - 1, c2: sheet.rows[0]!.length - 1 }, 'Orders', true);
  book.sheets.push(sheet);
}

function control(book: FakeWorkbook, init: FakeInit, ready: Promise<void>, selectionChanged: () => void) {
  const sheetOf = (name: string) => {
    const sheet = book.sheet(name);
    if (!sheet) throw new Error(`no sheet "${name}" (sheets: ${book.sheets.map((s) => s.name).join(', ')})`);
    return sheet;
  };
  const now = () => instantSerial(Date.now(), init.timeZone, book.dateSystem);
  const evaluator = () => new FormulaEvaluator(book, { now: now() });
  return {
    ready,
    book,
    now,
    sheetNames: () => book.sheets.map((s) => s.name),
    /** Selects a cell of the active sheet (1-based row, 0-based column), as a click in the grid would. */
    select(row: number, column = 0): void {
      book.selection = { row: row - 1, column };
      selectionChanged();
    },
    /** The 0-based column of a header in a row (default the first). */
    column(sheet: string, header: string, headerRow = 1): number {
      const at = sheetOf(sheet).read({ r1: headerRow - 1, c1: 0, r2: headerRow - 1, c2: sheetOf(sheet).usedRect().c2 })[0]!.indexOf(header);
      if (at < 0) throw new Error(`no header "${header}" on ${sheet}`);
      return at;
    },
    cell: (sheet: string, row: number, column: number) => sheetOf(sheet).getValue(row - 1, column),
    /** Types a value into a cell (1-based row, 0-based column), as an operator would: Excel reads it as input. */
    setCell: (sheet: string, row: number, column: number, value: CellValue) => sheetOf(sheet).writeValue(row - 1, column, value, book.dateSystem),
    /** Every used row as the sheet shows it (range.text), header first (the sync test's view of the sheet). */
    rows: (sheet: string) => {
      const rect = sheetOf(sheet).usedRect();
      return sheetOf(sheet).read(rect).map((row, r) => row.map((_, c) => sheetOf(sheet).textAt(rect.r1 + r, rect.c1 + c, book.dateSystem)));
    },
    numberFormat: (sheet: string, row: number, column: number) => sheetOf(sheet).numberFormatAt(row - 1, column),
    formula: (sheet: string, row: number, column: number) => sheetOf(sheet).formulaAt(row - 1, column),
    hiddenColumns: (sheet: string) => [...sheetOf(sheet).hiddenColumns].sort((a, b) => a - b),
    /** What a cell shows now: a formula evaluated at this moment. */
    shown(sheet: string, address: string): string | number | boolean {
      const { r1, c1 } = rectOf(address);
      const value = evaluator().cellValue(sheetOf(sheet), r1, c1);
      return typeof value === 'object' ? String(value) : value;
    },
    conditionalFormats: (sheet: string) =>
      sheetOf(sheet).conditionalFormats.map(({ rect, type, formula, fill, fontColor }) => ({ rect, type, formula, fill, fontColor })),
    /** Whether rule `index` of a sheet is true now on a 1-based row. */
    ruleTruth(sheet: string, index: number, row: number): boolean {
      const cf = sheetOf(sheet).conditionalFormats[index]!;
      return evaluator().evaluate(cf.formula, sheetOf(sheet), { rows: row - 1 - cf.rect.r1, columns: 0 }) === true;
    },
    charts: (sheet: string) => sheetOf(sheet).charts.map((chart) => ({ ...chart })),
    tables: (sheet: string) => sheetOf(sheet).tables.map((table) => ({ ...table, rect: { ...table.rect } })),
    syncLog: () => book.syncLog.map((s) => ({ ...s })),
    settings: () => Object.fromEntries(book.settings),
    render: (sheet: string, options?: RenderOptions) => renderSheetHtml(book, sheetOf(sheet), { now: now() }, options),
  };
}

function install(): void {
  const init = window.__ATOZ_FAKE_INIT__;
  if (!init) throw new Error('fake Excel: window.__ATOZ_FAKE_INIT__ is not set');
  const book = new FakeWorkbook((init.sheets ?? []).map(({ name, rows }) => FakeSheet.fromRows(name, rows)));
  if (init.apiMinor !== undefined) book.apiMinor = init.apiMinor;
  if (init.dateSystem !== undefined) book.dateSystem = init.dateSystem;
  if (init.syncDelayMs !== undefined) book.syncDelayMs = init.syncDelayMs;
  for (const name of init.protectedSheets ?? []) book.sheet(name)!.guards.protected = true;
  const ready = init.tsv ? fillFromTsv(book, init.tsv) : Promise.resolve();
  const host = fakeHost(book, { timeZone: init.timeZone, ready, ...(init.displayLanguage ? { displayLanguage: init.displayLanguage } : {}) });
  window.__ATOZ_FAKE_HOST__ = host;
  window.__ATOZ_FAKE_EXCEL__ = control(book, init, ready, () => host.selectionChanged());
}

install();
