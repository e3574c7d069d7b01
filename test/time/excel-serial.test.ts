import { describe, expect, it } from 'vitest';
import { epochDayToExcelSerial, excelSerialToWallMs, MAX_EXCEL_SERIAL } from '../../shared/time/excel-serial.js';
import { parseDateCell, type DateParseOptions } from '../../shared/time/parse.js';
import { at, dayNo } from '../helpers/rows.js';

const UTC1900: DateParseOptions = { zone: 'UTC', excelDateSystem: 1900 };
const UTC1904: DateParseOptions = { zone: 'UTC', excelDateSystem: 1904 };

function parsed(raw: string, opts: DateParseOptions) {
  const r = parseDateCell(raw, opts);
  if (!r.ok) throw new Error(`expected "${raw}" to parse, got: ${r.message}`);
  return r;
}

/**
 * A cell holding a serial of 1990 or later reads as that day; an earlier one is refused, since a bare
 * number such as 2024 in a date column is far likelier a typo than a date in 1905.
 */
function expectCellReading(serial: string, ymd: string, opts: DateParseOptions) {
  const r = parseDateCell(serial, opts);
  if (ymd >= '1990-01-01') {
    expect(r).toEqual({ ok: true, ms: at(`${ymd}T00:00:00Z`), dateOnly: true });
  } else {
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`is a number, not a date (as an Excel date it would be ${ymd})`);
  }
}

describe('Excel serial dates, 1900 system (with its phantom 29 Feb 1900)', () => {
  it.each([
    ['1', '1900-01-01'],
    ['2', '1900-01-02'],
    ['59', '1900-02-28'],
    ['61', '1900-03-01'],
    ['25569', '1970-01-01'],
    ['45292', '2024-01-01'],
    ['45351', '2024-02-29'],
    [String(MAX_EXCEL_SERIAL), '9999-12-31'],
  ])('serial %s is %s', (serial, ymd) => {
    expect(excelSerialToWallMs(Number(serial), 1900)).toEqual({ ok: true, wallMs: at(`${ymd}T00:00:00Z`) });
    expectCellReading(serial, ymd, UTC1900);
  });

  it('1900 is the default system', () => {
    expect(parsed('45292', { zone: 'UTC' }).ms).toBe(at('2024-01-01T00:00:00Z'));
  });

  it('serial 60 (the 29 February 1900 that never was) is refused with a reason', () => {
    const r = parseDateCell('60', UTC1900);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/29 February 1900/);
  });

  it('serial 0 and serials past 9999-12-31 are refused', () => {
    expect(parseDateCell('0', UTC1900).ok).toBe(false);
    expect(parseDateCell(String(MAX_EXCEL_SERIAL + 1), UTC1900).ok).toBe(false);
  });

  it('the fraction is the time of day, on the wall clock of the marketplace zone', () => {
    const noon = parsed('45292.5', UTC1900);
    expect(noon.ms).toBe(at('2024-01-01T12:00:00Z'));
    expect(noon.dateOnly).toBe(false);
    expect(parsed('45292.75', { zone: 'Asia/Tokyo' }).ms).toBe(at('2024-01-01T18:00:00+09:00'));
    expect(parsed('45292.25', { zone: 'America/Los_Angeles' }).ms).toBe(at('2024-01-01T06:00:00-08:00'));
    // 10:30:15 = (10*3600 + 30*60 + 15) / 86400 of a day
    const frac = (10 * 3600 + 30 * 60 + 15) / 86400;
    expect(parsed(String(45292 + frac), UTC1900).ms).toBe(at('2024-01-01T10:30:15Z'));
  });

  it('a whole serial is 00:00 of that day in the marketplace zone', () => {
    expect(parsed('45292', { zone: 'America/Los_Angeles' }).ms).toBe(at('2024-01-01T00:00:00-08:00'));
    expect(parsed('45292', { zone: 'Asia/Tokyo' }).ms).toBe(at('2024-01-01T00:00:00+09:00'));
  });

  it('excelSerialToWallMs directly', () => {
    expect(excelSerialToWallMs(1, 1900)).toEqual({ ok: true, wallMs: at('1900-01-01T00:00:00Z') });
    expect(excelSerialToWallMs(61, 1900)).toEqual({ ok: true, wallMs: at('1900-03-01T00:00:00Z') });
    expect(excelSerialToWallMs(60, 1900).ok).toBe(false);
    expect(excelSerialToWallMs(-1, 1900).ok).toBe(false);
    expect(excelSerialToWallMs(Number.NaN, 1900).ok).toBe(false);
  });
});

describe('Excel serial dates, 1904 system', () => {
  it.each([
    ['0', '1904-01-01'],
    ['1', '1904-01-02'],
    ['43830', '2024-01-01'],
  ])('serial %s is %s', (serial, ymd) => {
    expect(excelSerialToWallMs(Number(serial), 1904)).toEqual({ ok: true, wallMs: at(`${ymd}T00:00:00Z`) });
    expectCellReading(serial, ymd, UTC1904);
  });
  it('no phantom day: serial 60 is a real day (1904-03-01)', () => {
    expect(excelSerialToWallMs(60, 1904)).toEqual({ ok: true, wallMs: at('1904-03-01T00:00:00Z') });
  });
  it('fraction', () => {
    expect(parsed('43830.5', UTC1904).ms).toBe(at('2024-01-01T12:00:00Z'));
  });
});

describe('epochDayToExcelSerial (writing dates back)', () => {
  it.each([
    ['1900-01-01', 1],
    ['1900-02-28', 59],
    ['1900-03-01', 61],
    ['1970-01-01', 25569],
    ['2024-01-01', 45292],
  ])('%s → %i (1900)', (ymd, serial) => {
    expect(epochDayToExcelSerial(dayNo(ymd), 1900)).toBe(serial);
  });
  it('1904', () => {
    expect(epochDayToExcelSerial(dayNo('1904-01-01'), 1904)).toBe(0);
    expect(epochDayToExcelSerial(dayNo('2024-01-01'), 1904)).toBe(43830);
  });
});
