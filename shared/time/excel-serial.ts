import { MS_PER_DAY } from './civil.js';

/** Which epoch an Excel workbook counts its serial dates from. */
export type ExcelDateSystem = 1900 | 1904;

/** Serial 25569 is 1970-01-01 in the 1900 system; the 1904 system is 1462 days behind it. */
const EPOCH_1900 = 25569;
const EPOCH_1904 = 24107;
/** Largest serial Excel shows as a date in the 1900 system: 9999-12-31. */
export const MAX_EXCEL_SERIAL = 2958465;

/** The serial of 9999-12-31, the last day Excel shows, in a date system (1904 counts 1462 days fewer). */
export function maxExcelSerial(system: ExcelDateSystem): number {
  return system === 1904 ? MAX_EXCEL_SERIAL - (EPOCH_1900 - EPOCH_1904) : MAX_EXCEL_SERIAL;
}

export type SerialResult = { ok: true; wallMs: number } | { ok: false; message: string };

/**
 * An Excel serial date as wall-clock milliseconds (the marketplace zone applies it).
 * The 1900 system keeps Lotus 1-2-3's phantom 29 February 1900 (serial 60): serials 1-59 are one day
 * later than plain counting says, and serial 60 names no real day, so it is refused.
 */
export function excelSerialToWallMs(serial: number, system: ExcelDateSystem): SerialResult {
  const max = maxExcelSerial(system);
  if (!Number.isFinite(serial) || serial < 0 || serial > max) {
    return { ok: false, message: `${serial} is outside Excel's date range (0 to ${max})` };
  }
  const whole = Math.floor(serial);
  // Time of day to the millisecond; Excel stores it as a fraction of the day.
  const timeMs = Math.round((serial - whole) * MS_PER_DAY);
  let epochDay: number;
  if (system === 1904) {
    epochDay = whole - EPOCH_1904;
  } else {
    if (whole === 60) return { ok: false, message: 'serial 60 is 29 February 1900, a day that Excel invents and that never existed' };
    if (whole === 0) return { ok: false, message: 'serial 0 is "0 January 1900" in Excel, not a date' };
    epochDay = whole < 60 ? whole - EPOCH_1900 + 1 : whole - EPOCH_1900;
  }
  return { ok: true, wallMs: epochDay * MS_PER_DAY + timeMs };
}

/** The serial Excel uses for an epoch day (the inverse, for writing real dates into a sheet). */
export function epochDayToExcelSerial(epochDay: number, system: ExcelDateSystem): number {
  if (system === 1904) return epochDay + EPOCH_1904;
  const serial = epochDay + EPOCH_1900;
  return serial < 61 ? serial - 1 : serial;
}
