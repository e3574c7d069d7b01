import type { Readable } from 'node:stream';
import { formatDay, MS_PER_DAY } from '../time/civil.js';
import { ReportError } from './read-report.js';

/**
 * An operator's claim sheet saved as .xlsx, read by streaming (exceljs' WorkbookReader: one row at a time,
 * never the whole workbook in memory), turned into the CSV text the report reader reads. Only the first sheet,
 * or the one named. Row N of the sheet is line N of the text (missing rows become blank lines), so row errors
 * name the rows Excel shows. A date cell (a number shown with a date format) becomes its wall-clock date
 * and time, which the reader places in the row's marketplace zone; a line break inside a cell becomes a space.
 */
export async function* xlsxAsCsv(input: Readable, sheetName?: string): AsyncGenerator<Uint8Array> {
  // exceljs is large: loaded only when a workbook is read.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const encoder = new TextEncoder();
  const seen: string[] = [];
  let found = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name: string }).name;
      seen.push(name);
      if (found || (sheetName !== undefined && name !== sheetName)) {
        // Read through, not skipped: exceljs deletes a sheet's temporary file (a sheet stored before the shared strings)
        // once it moves on, and the unread sheet's file stream then fails to open it: an uncaught ENOENT.
        for await (const _row of sheet) void _row;
        continue;
      }
      found = true;
      let next = 1;
      let text = '';
      for await (const row of sheet) {
        const number = (row as unknown as { number: number }).number;
        for (; next < number; next++) text += '\n';
        text += csvLine((row as unknown as { values: unknown[] }).values) + '\n';
        next = number + 1;
        if (text.length > 1 << 16) {
          yield encoder.encode(text);
          text = '';
        }
      }
      if (text) yield encoder.encode(text);
    }
  } catch (error) {
    if (error instanceof ReportError) throw error;
    throw new ReportError(`The .xlsx workbook cannot be read: ${(error as Error).message}. Open it in Excel and save it again as .xlsx, or as CSV UTF-8.`);
  }
  if (!found) {
    throw new ReportError(
      sheetName === undefined
        ? 'The .xlsx workbook has no sheet.'
        : `The workbook has no sheet named "${sheetName}"; its sheets: ${seen.map((s) => JSON.stringify(s)).join(', ') || '(none)'}.`,
    );
  }
}

/** exceljs row values are 1-based (index 0 unused). */
function csvLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 1; i < values.length; i++) {
    if (i > 1) line += ',';
    const text = cellText(values[i]);
    line += text === '' ? '' : `"${text.replace(/"/g, '""')}"`;
  }
  return line;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return wallClock(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.replace(/\r\n|\r|\n/g, ' ');
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string; hyperlink?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('').replace(/\r\n|\r|\n/g, ' ');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return v.error;
  }
  return '';
}

/** exceljs gives a date cell as the Date whose UTC fields are the cell's wall clock. */
function wallClock(date: Date): string {
  const ms = Math.round(date.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms)) return '';
  const day = Math.floor(ms / MS_PER_DAY);
  const rest = ms - day * MS_PER_DAY;
  if (rest === 0) return formatDay(day);
  const seconds = rest / 1000;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatDay(day)} ${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
