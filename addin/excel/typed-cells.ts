/// <reference types="office-js" />
import type { CanonicalColumn } from '../../shared/columns/canonical.js';
import type { ColumnMap } from '../../shared/columns/map-header.js';
import { formulaSafe } from '../../shared/output/safe-text.js';
import { NUMBER_FORMATS } from '../../shared/sheet/columns.js';
import { instantSerial } from '../../shared/sheet/serial.js';
import { formatDay, MS_PER_DAY } from '../../shared/time/civil.js';
import { excelSerialToWallMs, type ExcelDateSystem } from '../../shared/time/excel-serial.js';
import { parseDateCell } from '../../shared/time/parse.js';

/**
 * What the add-in writes into a cell so that Excel keeps its meaning. Excel reads a string written to
 * `range.values` as typed input: `00123` becomes 123, `2024-03-01` a date serial, `1E5` 100000, `TRUE`
 * a boolean, `=1+1` a formula (docs/excel-behaviour.md). So every cell goes in with its number format,
 * set before the value in the same request: text as text ("@", and the apostrophe for formula-like
 * text), dates as serials of the workbook's date system with a date format.
 */
export interface TypedCell {
  value: string | number;
  format: string;
}

export type CellKind = 'text' | 'date';

/** The report's date columns: written as dates, so sorting, filters and the engine read them as such. */
const DATE_COLUMNS: ReadonlySet<CanonicalColumn> = new Set(['purchaseDate', 'maxEdd', 'deliveredDate', 'claimDate', 'buyerContactDate', 'responseDate', 'decisionDate', 'appealDate']);

export const TEXT_FORMAT = NUMBER_FORMATS.text;
export const DAY_FORMAT = NUMBER_FORMATS.date;
export const DATETIME_FORMAT = NUMBER_FORMATS.datetime;

/** The kind of each column of a table (`headers.length` entries), from the engine's column map. */
export function columnKinds(width: number, columns: ColumnMap): CellKind[] {
  const kinds: CellKind[] = new Array(width).fill('text');
  for (const [column, at] of Object.entries(columns) as [CanonicalColumn, { index: number }][]) if (DATE_COLUMNS.has(column)) kinds[at.index] = 'date';
  return kinds;
}

export interface CellContext {
  /** The line's marketplace zone: a date is written on its wall clock, as the engine reads serials back. */
  zone: string;
  dateSystem: ExcelDateSystem;
}

/** A text for a cell of this kind: a date that parses becomes its serial, anything else stays text. */
export function typedCell(text: string, kind: CellKind, context: CellContext): TypedCell {
  if (kind === 'date') {
    const trimmed = text.trim();
    if (trimmed === '') return { value: '', format: DAY_FORMAT };
    const parsed = parseDateCell(trimmed, { zone: context.zone, excelDateSystem: context.dateSystem });
    if (parsed.ok) return { value: instantSerial(parsed.ms, context.zone, context.dateSystem), format: parsed.dateOnly ? DAY_FORMAT : DATETIME_FORMAT };
  }
  return { value: formulaSafe(text), format: TEXT_FORMAT };
}

export const textCell = (text: string): TypedCell => ({ value: formulaSafe(text), format: TEXT_FORMAT });

/** Queues a rectangle of typed cells: number formats first, then the values, one range. */
export function queueTypedWrite(range: Excel.Range, cells: readonly (readonly TypedCell[])[], send: (payload: unknown) => void): void {
  const formats = cells.map((row) => row.map((cell) => cell.format));
  const values = cells.map((row) => row.map((cell) => cell.value));
  send(formats);
  send(values);
  range.numberFormat = formats;
  range.values = values;
}

/**
 * A cell's value as the operator sees it when the add-in only read `values`: a date serial shown as
 * the day (`2024-03-14`) or day and time (`2024-03-14 16:00`), anything else as it is.
 */
export function shownDate(text: string, dateSystem: ExcelDateSystem): string {
  if (!/^\d+(?:\.\d+)?$/.test(text.trim())) return text;
  const wall = excelSerialToWallMs(Number(text), dateSystem);
  if (!wall.ok) return text;
  const day = Math.floor(wall.wallMs / MS_PER_DAY);
  const minutes = Math.round((wall.wallMs - day * MS_PER_DAY) / 60_000);
  if (minutes === 0) return formatDay(day);
  if (minutes === 24 * 60) return formatDay(day + 1);
  return `${formatDay(day)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
