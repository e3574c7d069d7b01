/**
 * How Excel reads a string written to `range.values`, and how it shows a cell (`range.text`), for both
 * Excel doubles. Modelled on Microsoft's documentation:
 *
 * - Range.values: "If the returned value starts with a plus ("+"), minus ("-"), or equal sign ("="),
 *   Excel interprets this value as a formula." A string written to `values` is taken as if typed into
 *   the cell: text that looks like a number, a percentage, a date or a boolean becomes one.
 *   https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member
 *   https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-set-get-values
 * - Cells formatted as text keep what is written as text, including numbers with leading zeros:
 *   "Format numbers as text" (number format "@"), https://support.microsoft.com/office/format-numbers-as-text-583160db-666e-4df3-9e5e-b8ae2c8e4b5b
 *   and "Keeping leading zeros and large numbers",
 *   https://support.microsoft.com/office/keeping-leading-zeros-and-large-numbers-1bf7b935-36e1-4985-842f-5dfa51f85fe7
 * - A leading apostrophe marks text and is not shown (the quote prefix).
 * - A date typed into a General cell is stored as its serial number and the cell takes a date format;
 *   "5%" is 0.05 with a percent format. Dates are serials of the workbook's date system, 1900 or 1904:
 *   https://learn.microsoft.com/office/troubleshoot/excel/1900-and-1904-date-system
 *   A date-formatted number outside the system's dates (below 0, above 9999-12-31) shows as ####.
 * - Range.text: "Text values of the specified range. The text value will not depend on the cell width."
 *   https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-text-member
 *
 * Only the en-US input forms are modelled (ISO dates, m/d/yyyy, TRUE/FALSE, 1,234.5); an ISO time
 * with a "T" or an offset is text to Excel.
 */
import type { CellValue } from './excel-cells.js';

export type DateSystem = 1900 | 1904;

/** What a string typed into a cell of this number format becomes (the format Excel gives it, if any). */
export type Coerced = { value: CellValue; format?: string };

export const TEXT_FORMAT = '@';
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const PERCENT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%$/;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Serial 25569 is 1970-01-01 in the 1900 system; the 1904 system is 1462 days behind. */
const EPOCH_1900 = 25_569;
const SYSTEM_SHIFT = 1462;
/** 9999-12-31, the last date Excel shows, in each system. */
export const LAST_SERIAL: Record<DateSystem, number> = { 1900: 2_958_465, 1904: 2_958_465 - SYSTEM_SHIFT };

/** A string written to `values` (after the quote prefix is taken off), read as Excel reads input. */
export function coerceInput(text: string, numberFormat: string, dateSystem: DateSystem): Coerced {
  if (numberFormat === TEXT_FORMAT || text === '') return { value: text };
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { value: upper === 'TRUE' };
  if (NUMBER.test(trimmed)) return { value: Number(trimmed) };
  if (GROUPED.test(trimmed)) return { value: Number(trimmed.replaceAll(',', '')), ...(isGeneral(numberFormat) ? { format: '#,##0' } : {}) };
  const percent = PERCENT.exec(trimmed);
  if (percent) return { value: Number(percent[1]) / 100, ...(isGeneral(numberFormat) ? { format: '0%' } : {}) };
  const iso = ISO_DATE.exec(trimmed);
  const us = iso ? null : US_DATE.exec(trimmed);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]] : us ? [us[3], us[1], us[2], us[4], us[5], us[6]] : null;
  if (parts) {
    const [y, m, d, hh, mm, ss] = parts.map((p) => (p === undefined ? undefined : Number(p)));
    const serial = dateSerial(y!, m!, d!, dateSystem);
    const time = hh === undefined ? 0 : (hh * 3600 + mm! * 60 + (ss ?? 0)) / 86_400;
    if (serial !== undefined && (hh === undefined || (hh < 24 && mm! < 60 && (ss ?? 0) < 60))) {
      const format = hh === undefined ? (iso ? 'yyyy-mm-dd' : 'm/d/yyyy') : iso ? 'yyyy-mm-dd hh:mm' : 'm/d/yyyy h:mm';
      return { value: serial + time, ...(isGeneral(numberFormat) ? { format } : {}) };
    }
  }
  return { value: text };
}

const isGeneral = (format: string) => format === 'General' || format === '';

/** The serial of a calendar day, or undefined when it is no day (2024-02-30) or outside the system. */
export function dateSerial(year: number, month: number, day: number, system: DateSystem): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (year < 1900 || year > 9999 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  let serial = ms / 86_400_000 + EPOCH_1900;
  if (system === 1904) return serial - SYSTEM_SHIFT >= 0 ? serial - SYSTEM_SHIFT : undefined;
  if (serial < 61) serial -= 1; // Lotus's 29 February 1900
  return serial;
}

/** The UTC fields of a serial in a date system, or undefined when Excel cannot show it as a date. */
function serialParts(serial: number, system: DateSystem): Date | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial >= LAST_SERIAL[system] + 1) return undefined;
  let days = serial;
  if (system === 1904) days += SYSTEM_SHIFT;
  else if (days < 61) days += 1;
  return new Date(Math.round((days - EPOCH_1900) * 86_400_000));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A cell as Excel shows it (`range.text`) for the number formats the add-in and the tests use. */
export function displayText(value: CellValue, numberFormat: string, system: DateSystem): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (numberFormat === TEXT_FORMAT || isGeneral(numberFormat)) return generalNumber(value);
  if (numberFormat === '0') return String(Math.round(value));
  if (numberFormat === '0%') return `${Math.round(value * 100)}%`;
  if (numberFormat === '#,##0') return Math.round(value).toLocaleString('en-US');
  if (/[yd]/i.test(numberFormat)) {
    const at = serialParts(value, system);
    if (!at) return '########';
    return numberFormat.replace(/yyyy|yy|mm|m|dd|d|hh|h|ss/g, (token, offset: number, all: string) => {
      const minute = (token === 'mm' || token === 'm') && /h+:?$/.test(all.slice(0, offset).replace(/\s+$/, ''));
      switch (token) {
        case 'yyyy':
          return pad(at.getUTCFullYear(), 4);
        case 'yy':
          return pad(at.getUTCFullYear() % 100);
        case 'mm':
          return pad(minute ? at.getUTCMinutes() : at.getUTCMonth() + 1);
        case 'm':
          return String(minute ? at.getUTCMinutes() : at.getUTCMonth() + 1);
        case 'dd':
          return pad(at.getUTCDate());
        case 'd':
          return String(at.getUTCDate());
        case 'hh':
          return pad(at.getUTCHours());
        case 'h':
          return String(at.getUTCHours());
        default:
          return pad(at.getUTCSeconds());
      }
    });
  }
  return generalNumber(value);
}

/** General format: up to 11 characters, as Excel's default column shows numbers. */
function generalNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e11) return String(value);
  if (Math.abs(value) >= 1e11 || (value !== 0 && Math.abs(value) < 1e-9)) return value.toExponential(5).replace(/\.?0+e/, 'E').replace('E+', 'E+').toUpperCase();
  const digits = Math.max(1, 10 - Math.floor(Math.log10(Math.abs(value))));
  return String(Number(value.toFixed(Math.min(digits, 9))));
}
