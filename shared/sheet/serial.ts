import { MS_PER_DAY, MS_PER_MINUTE } from '../time/civil.js';
import { epochDayToExcelSerial, maxExcelSerial, type ExcelDateSystem } from '../time/excel-serial.js';
import { startOfDayInZone, zoneOffsetMinutes } from '../time/zone.js';

/**
 * Serial numbers for the sheet. Live formulas compare deadlines with NOW(), which is the wall clock of
 * the computer showing the sheet, so every deadline a formula reads is written on one named clock (the
 * "sheet clock", normally the zone of the person who flags). Calendar days (claim window, appeal) are
 * written as whole-day serials of the marketplace's own calendar, as the engine counts them.
 */

/**
 * 9999-12-31 00:00, "never", for deadlines that do not expire: the last date Excel shows, in the
 * workbook's own date system (a 1904 workbook shows the 1900 system's last serial as ####).
 */
export function neverSerial(system: ExcelDateSystem): number {
  return maxExcelSerial(system);
}

/** Serials keep 8 decimals (under a millisecond), so cells stay short in requests and files. */
const round = (serial: number) => Math.round(serial * 1e8) / 1e8;

/** The whole-day serial of an epoch day. */
export function daySerial(epochDay: number, system: ExcelDateSystem): number {
  return epochDayToExcelSerial(epochDay, system);
}

/** An instant as the date-time serial that NOW() shows at that instant on the wall clock of `clockZone`. */
export function instantSerial(ms: number, clockZone: string, system: ExcelDateSystem): number {
  const wall = ms + zoneOffsetMinutes(clockZone, ms) * MS_PER_MINUTE;
  const day = Math.floor(wall / MS_PER_DAY);
  return round(daySerial(day, system) + (wall - day * MS_PER_DAY) / MS_PER_DAY);
}

/** The instant a marketplace calendar day begins (00:00 in `marketZone`), as a serial on the sheet clock. */
export function dayStartSerial(epochDay: number, marketZone: string, clockZone: string, system: ExcelDateSystem): number {
  return instantSerial(startOfDayInZone(epochDay, marketZone), clockZone, system);
}
