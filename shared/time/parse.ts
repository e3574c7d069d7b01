import { daysFromCivil, formatDay, isValidCivil, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './civil.js';
import { excelSerialToWallMs, type ExcelDateSystem } from './excel-serial.js';
import { excerpt } from '../text/excerpt.js';
import { startOfDayInZone, wallClockToInstant } from './zone.js';

/** How to read day/month text such as 01/02/2024: month first (US) or day first. */
export type DateOrder = 'MDY' | 'DMY';

export interface DateParseOptions {
  /** Marketplace zone: date-only values and datetimes without an offset are read in it. */
  zone: string;
  /** Required to read ambiguous numeric dates (01/02/2024); unset means such text is an error. */
  dateOrder?: DateOrder | undefined;
  /** Which system a bare number (Excel serial) counts from. */
  excelDateSystem?: ExcelDateSystem | undefined;
}

export type DateParseResult = { ok: true; ms: number; dateOnly: boolean } | { ok: false; message: string };

const fail = (message: string): DateParseResult => ({ ok: false, message });

// 2024-01-05T10:22:33+00:00, 2024-01-05 10:22, 2024-01-05T10:22:33.123Z, 2009-01-01T10:50:49-08:00, …+0900, … UTC
const ISO_DATETIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
// 2024-01-05, 2024/1/5, 2024.01.05, 2024年1月5日, optionally followed by a time without offset
const YMD = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
// 1/5/2024, 05.01.2024, 5-1-2024, optionally with a time
const XYZ = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const SERIAL = /^\d{1,7}(?:\.\d+)?$/;
const MIN_SERIAL_WALL_MS = daysFromCivil(1990, 1, 1) * MS_PER_DAY;

function offsetMinutes(text: string): number {
  const t = text.toUpperCase();
  if (t === 'Z' || t === 'UTC' || t === 'GMT') return 0;
  const sign = t[0] === '-' ? -1 : 1;
  const digits = t.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
}

function wallMs(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: number): number {
  return daysFromCivil(y, mo, d) * MS_PER_DAY + h * MS_PER_HOUR + mi * MS_PER_MINUTE + s * 1000 + frac;
}

function timeValid(h: number, mi: number, s: number): boolean {
  return h <= 24 && mi <= 59 && s <= 60 && !(h === 24 && (mi > 0 || s > 0));
}

/**
 * Reads one date or datetime cell into an instant (docs/rules.md §1).
 * - with an offset: that instant;
 * - without an offset: wall-clock time in the marketplace zone;
 * - date only: 00:00 of that day in the marketplace zone (`dateOnly` tells the caller it was a day);
 * - a bare number: an Excel serial in the given date system.
 * Ambiguous day/month text is refused unless the caller names the order.
 */
export function parseDateCell(raw: string, opts: DateParseOptions): DateParseResult {
  const text = raw.trim();
  const fast = parseAmazonFormats(text, opts.zone);
  if (fast !== undefined) return fast;
  let m = ISO_DATETIME.exec(text);
  if (m) {
    const [y, mo, d, h, mi] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!];
    const s = m[6] ? +m[6] : 0;
    const frac = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    if (!isValidCivil(y, mo, d)) return fail(`${excerpt(text)} is not a real calendar date`);
    if (!timeValid(h, mi, s)) return fail(`${excerpt(text)} has an impossible time of day`);
    const wall = wallMs(y, mo, d, h, mi, Math.min(s, 59), frac);
    if (m[8]) {
      const off = offsetMinutes(m[8]);
      if (Math.abs(off) > 18 * 60) return fail(`${excerpt(text)} has an impossible UTC offset`);
      return { ok: true, ms: wall - off * MS_PER_MINUTE, dateOnly: false };
    }
    return { ok: true, ms: wallClockToInstant(wall, opts.zone), dateOnly: false };
  }
  m = YMD.exec(text);
  if (m) {
    const [y, mo, d] = [+m[1]!, +m[2]!, +m[3]!];
    if (!isValidCivil(y, mo, d)) return fail(`${excerpt(text)} is not a real calendar date`);
    return withOptionalTime(y, mo, d, m[4], m[5], m[6], undefined, opts, text);
  }
  m = XYZ.exec(text);
  if (m) {
    const [a, b, y] = [+m[1]!, +m[2]!, +m[3]!];
    let order = opts.dateOrder;
    if (!order) {
      // Only a value that cannot be read two ways is taken without being told the order.
      if (a > 12 && b <= 12) order = 'DMY';
      else if (b > 12 && a <= 12) order = 'MDY';
      else if (a === b) order = 'MDY';
      else
        return fail(
          `${excerpt(text)} could be month/day or day/month; say which with the date order setting (MDY or DMY), or write dates as YYYY-MM-DD`,
        );
    }
    const [mo, d] = order === 'MDY' ? [a, b] : [b, a];
    if (!isValidCivil(y, mo, d)) return fail(`${excerpt(text)} is not a real calendar date when read as ${order}`);
    return withOptionalTime(y, mo, d, m[4], m[5], m[6], m[7], opts, text);
  }
  if (SERIAL.test(text)) {
    const serial = excelSerialToWallMs(Number(text), opts.excelDateSystem ?? 1900);
    if (!serial.ok) return fail(`${excerpt(text)} is not a usable Excel date: ${serial.message}`);
    // A bare 2024 would be 1905-07-16 as a serial: numbers before 1990 are not taken for order dates.
    if (serial.wallMs < MIN_SERIAL_WALL_MS) {
      return fail(`${excerpt(text)} is a number, not a date (as an Excel date it would be ${formatDay(Math.floor(serial.wallMs / MS_PER_DAY))}); write dates as YYYY-MM-DD`);
    }
    const dateOnly = Number.isInteger(Number(text));
    const ms = dateOnly
      ? startOfDayInZone(Math.floor(serial.wallMs / MS_PER_DAY), opts.zone)
      : wallClockToInstant(serial.wallMs, opts.zone);
    return { ok: true, ms, dateOnly };
  }
  return fail(`${excerpt(text)} is not a date (expected e.g. 2024-01-05, 2024-01-05T10:22:33+00:00 or an Excel date)`);
}

function withOptionalTime(
  y: number,
  mo: number,
  d: number,
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
  ampm: string | undefined,
  opts: DateParseOptions,
  text: string,
): DateParseResult {
  if (hh === undefined) return { ok: true, ms: startOfDayInZone(daysFromCivil(y, mo, d), opts.zone), dateOnly: true };
  let h = +hh;
  const mi = +(mm ?? 0);
  const s = +(ss ?? 0);
  if (ampm) {
    if (h < 1 || h > 12) return fail(`${excerpt(text)} has an impossible time of day`);
    const pm = ampm.toLowerCase() === 'pm';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (!timeValid(h, mi, s)) return fail(`${excerpt(text)} has an impossible time of day`);
  return { ok: true, ms: wallClockToInstant(wallMs(y, mo, d, h, mi, Math.min(s, 59), 0), opts.zone), dateOnly: false };
}

/** Value of two ASCII digits at `i`, or NaN. */
function two(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * The two forms nearly every cell of an Amazon report has, read without regular expressions:
 * `2024-02-18T05:05:21+00:00` and `2024-02-18`. Anything else (or anything odd) goes to the general parser.
 */
function parseAmazonFormats(text: string, zone: string): DateParseResult | undefined {
  const n = text.length;
  if ((n !== 25 && n !== 10) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = two(text, 0) * 100 + two(text, 2);
  const mo = two(text, 5);
  const d = two(text, 8);
  if (!(y >= 0) || !(mo >= 1 && mo <= 12) || !(d >= 1 && d <= 28)) return undefined;
  if (n === 10) return { ok: true, ms: startOfDayInZone(daysFromCivil(y, mo, d), zone), dateOnly: true };
  if (text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(22) !== 58) return undefined;
  const sign = text.charCodeAt(19);
  if (sign !== 43 && sign !== 45) return undefined;
  const h = two(text, 11);
  const mi = two(text, 14);
  const s = two(text, 17);
  const oh = two(text, 20);
  const om = two(text, 23);
  if (!(h <= 23 && mi <= 59 && s <= 59 && oh <= 18 && om <= 59)) return undefined;
  const offset = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  return { ok: true, ms: wallMs(y, mo, d, h, mi, s, 0) - offset * MS_PER_MINUTE, dateOnly: false };
}
