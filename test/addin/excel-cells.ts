import { columnIndex } from '../../shared/sheet/address.js';
import type { TableModel } from './excel-tables.js';
import { coerceInput, displayText, type DateSystem } from './excel-values.js';

/**
 * What both Excel test doubles share (the office-addin-mock model in mock-excel/ and the browser fake
 * host in fake-excel/): cell values, rectangles of A1 addresses, conditional formats, and how Excel
 * takes one entry written to `range.values`.
 */
export type CellValue = string | number | boolean;

/** 0-based rows and columns, inclusive. */
export interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface ConditionalFormatModel {
  id: number;
  rect: Rect;
  type: string;
  formula: string;
  fill?: string;
  fontColor?: string;
}

export const MAX_ROW = 1_048_575;
export const MAX_COLUMN = 16_383;

const FORMULA_LIKE = /^[=+\-@]/;
/** Strings Excel may read as something else start with a digit, a sign, a dot or T/F (cheap pre-check). */
const MAYBE_TYPED = /^\s*[-+.\dTtFf]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** How Excel takes one entry of `range.values`. */
export type ValueWrite =
  | { kind: 'text'; text: string } // a leading apostrophe: text, shown without it
  | { kind: 'formula'; formula: string } // text starting with = + - @ that is not a number
  | { kind: 'value'; value: CellValue }
  | { kind: 'keep' }; // null leaves the cell as it is

export function valueWrite(value: unknown): ValueWrite {
  if (typeof value === 'string' && value.startsWith("'")) return { kind: 'text', text: value.slice(1) };
  if (typeof value === 'string' && FORMULA_LIKE.test(value) && !PLAIN_NUMBER.test(value)) return { kind: 'formula', formula: value.startsWith('=') ? value : `=${value}` };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'value', value };
  if (value === null) return { kind: 'keep' };
  throw Object.assign(new Error(`InvalidArgument: cannot write ${typeof value} to a cell`), { code: 'InvalidArgument' });
}

/**
 * A sheet's cells as both doubles write them: Excel's reading of `range.values` and `range.formulas`
 * entries here, the storage (dense rows or maps) in the subclass.
 */
export abstract class ExcelCells {
  /** Text cells written with a leading apostrophe (Excel's quote prefix), as "row,column". */
  readonly quotePrefixed = new Set<string>();
  /** The sheet's Excel tables (excel-tables.ts). */
  readonly tables: TableModel[] = [];
  /** Rows hidden by the user or a filter (0-based). */
  readonly hiddenRows = new Set<number>();

  /** Number formats set cell by cell, as "row,column". */
  readonly cellFormats = new Map<string, string>();

  /** The last row (0-based) holding a value or a formula; -1 for an empty sheet. */
  protected abstract lastStoredRow(): number;

  /** Moves the cells (values, formulas, formats) of columns c1..c2 from `fromRow` down by `count` rows. */
  shiftRowsDown(fromRow: number, count: number, c1: number, c2: number): void {
    for (let r = this.lastStoredRow(); r >= fromRow; r--) {
      for (let c = c1; c <= c2; c++) {
        const value = this.getValue(r, c);
        const formula = this.formulaAt(r, c);
        const format = this.cellFormats.get(`${r},${c}`);
        this.setValue(r + count, c, value);
        if (formula !== undefined) this.storeFormula(r + count, c, formula);
        if (format !== undefined) this.cellFormats.set(`${r + count},${c}`, format);
        this.setValue(r, c, '');
        this.cellFormats.delete(`${r},${c}`);
      }
    }
  }

  /** Stores a plain value ('' empties the cell), dropping any formula or quote prefix there. */
  abstract setValue(r: number, c: number, value: CellValue): void;
  /** Stores a formula in a cell just emptied. */
  protected abstract storeFormula(r: number, c: number, formula: string): void;
  abstract getValue(r: number, c: number): CellValue;
  abstract numberFormatAt(r: number, c: number): string;
  /** Sets one cell's number format (Excel formats a cell when it recognises a typed date or percentage). */
  abstract setCellFormat(r: number, c: number, format: string): void;

  /**
   * One entry of `range.values`, as Excel takes it: a string is read as typed input (see
   * excel-values.ts: numbers, dates, booleans, percentages) unless the cell's number format is text "@";
   * text starting with = + - @ is a formula, except in a text cell.
   */
  writeValue(r: number, c: number, value: unknown, dateSystem: DateSystem = 1900): void {
    const write = valueWrite(value);
    if (write.kind === 'text') {
      this.setValue(r, c, write.text);
      if (write.text !== '') this.quotePrefixed.add(`${r},${c}`);
    } else if (write.kind === 'formula') {
      if (this.numberFormatAt(r, c) === '@') this.setValue(r, c, value as string);
      else this.writeFormula(r, c, write.formula);
    } else if (write.kind === 'value') {
      if (typeof write.value !== 'string' || !MAYBE_TYPED.test(write.value)) return this.setValue(r, c, write.value);
      const typed = coerceInput(write.value, this.numberFormatAt(r, c), dateSystem);
      this.setValue(r, c, typed.value);
      if (typed.format !== undefined) this.setCellFormat(r, c, typed.format);
    }
  }

  /** One entry of `range.formulas`: `=…` is a formula, anything else a value. */
  writeFormula(r: number, c: number, value: unknown, dateSystem: DateSystem = 1900): void {
    if (typeof value === 'string' && value.startsWith('=')) {
      this.setValue(r, c, '');
      this.storeFormula(r, c, value);
    } else {
      this.writeValue(r, c, value, dateSystem);
    }
  }

  /** A cell as Excel shows it (`range.text`). */
  textAt(r: number, c: number, dateSystem: DateSystem = 1900): string {
    const formula = this.formulaAt(r, c);
    if (formula !== undefined) return formula; // the doubles do not calculate on write
    return displayText(this.getValue(r, c), this.numberFormatAt(r, c), dateSystem);
  }

  abstract formulaAt(r: number, c: number): string | undefined;
}

export function contains(rect: Rect, r: number, c: number): boolean {
  return r >= rect.r1 && r <= rect.r2 && c >= rect.c1 && c <= rect.c2;
}

export function containsRect(outer: Rect, inner: Rect): boolean {
  return contains(outer, inner.r1, inner.c1) && contains(outer, inner.r2, inner.c2);
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

/**
 * The rectangle of an A1 address: `B3`, `B3:F9`, `A:C` (whole columns), `3:5` (whole rows), optionally
 * after a sheet name (`'My sheet'!A1`); undefined or empty is the whole sheet.
 */
export function rectOf(address: string | undefined): Rect {
  if (address === undefined || address === '') return { r1: 0, c1: 0, r2: MAX_ROW, c2: MAX_COLUMN };
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const parts = local.replace(/\$/g, '').toUpperCase().split(':');
  const first = parseCell(parts[0]!);
  const last = parseCell(parts[1] ?? parts[0]!);
  return {
    r1: first.row ?? 0,
    c1: first.column ?? 0,
    r2: last.row ?? MAX_ROW,
    c2: last.column ?? MAX_COLUMN,
  };
}

function parseCell(text: string): { row?: number; column?: number } {
  const m = /^([A-Z]{0,3})(\d*)$/.exec(text);
  if (!m || (m[1] === '' && m[2] === '')) throw Object.assign(new Error(`InvalidArgument: bad address "${text}"`), { code: 'InvalidArgument' });
  const out: { row?: number; column?: number } = {};
  if (m[1]) out.column = columnIndex(m[1]);
  if (m[2]) out.row = Number(m[2]) - 1;
  return out;
}
