import Papa from 'papaparse';
import { SheetModel, WorkbookModel, type CellValue } from './mock-excel/index.js';

/** Rows of a CSV or TSV text, every cell text (as pasted into Excel with "Text" columns). */
export function rowsOfText(text: string): string[][] {
  if (!text.includes(',') || text.split('\n', 1)[0]!.includes('\t')) return text.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
  return Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
}

/** A workbook with one sheet ("Orders", active) holding `rows` from A1. */
export function workbookOf(rows: readonly (readonly CellValue[])[], sheetName = 'Orders'): WorkbookModel {
  return new WorkbookModel([SheetModel.fromRows(sheetName, rows)]);
}

/** The header cells of row 1 of a sheet, left to right. */
export function headerRow(sheet: SheetModel): string[] {
  const rect = sheet.usedRect();
  return sheet.read({ r1: 0, c1: 0, r2: 0, c2: rect.c2 })[0]!.map(String);
}

/** The column index (0-based) of a header in row `headerRow0` (0-based). */
export function columnOf(sheet: SheetModel, header: string, headerRow0 = 0): number {
  const rect = sheet.usedRect();
  const at = sheet.read({ r1: headerRow0, c1: 0, r2: headerRow0, c2: rect.c2 })[0]!.indexOf(header);
  if (at < 0) throw new Error(`no column "${header}"`);
  return at;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Rows with every date-only cell (2024-03-08) turned into an Excel serial number, as Excel stores typed dates. */
export function withDateSerials(rows: readonly (readonly CellValue[])[], system: 1900 | 1904): CellValue[][] {
  return rows.map((row, r) =>
    row.map((cell) => {
      const m = r > 0 && typeof cell === 'string' ? DATE_ONLY.exec(cell) : null;
      return m ? excelSerial(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!), system) : cell;
    }),
  );
}

/** The serial of a UTC instant read as wall-clock time (by Date.UTC arithmetic, independent of the code under test). */
export function excelSerial(wallMs: number, system: 1900 | 1904 = 1900): number {
  const serial1900 = wallMs / 86_400_000 + 25_569;
  return system === 1904 ? serial1900 - 1462 : serial1900;
}
