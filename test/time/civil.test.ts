import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, daysInMonth, formatDay, isValidCivil, parseDayKey } from '../../shared/time/civil.js';
import { DAY } from '../helpers/rows.js';

/** Epoch day by the JavaScript built-in (an independent implementation of the proleptic Gregorian calendar). */
const utcDay = (y: number, m: number, d: number) => {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  date.setUTCHours(0, 0, 0, 0);
  return date.getTime() / DAY;
};

describe('civil epoch-day arithmetic', () => {
  it('knows fixed days', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    expect(daysFromCivil(2024, 1, 1)).toBe(19723);
    expect(daysFromCivil(2024, 2, 29)).toBe(19782);
    expect(daysFromCivil(1900, 1, 1)).toBe(-25567);
    expect(daysFromCivil(1904, 1, 1)).toBe(-24107);
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 });
    expect(civilFromDays(19782)).toEqual({ year: 2024, month: 2, day: 29 });
    expect(civilFromDays(19783)).toEqual({ year: 2024, month: 3, day: 1 });
    expect(civilFromDays(-25567)).toEqual({ year: 1900, month: 1, day: 1 });
  });

  it('leap years follow the Gregorian rules (1900 is not one, 2000 is)', () => {
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
    expect(isValidCivil(2023, 2, 29)).toBe(false);
    expect(isValidCivil(2024, 2, 29)).toBe(true);
    expect(isValidCivil(2024, 13, 1)).toBe(false);
    expect(isValidCivil(2024, 0, 1)).toBe(false);
    expect(isValidCivil(2024, 4, 31)).toBe(false);
    expect(isValidCivil(2024, 1, 0)).toBe(false);
  });

  it('formats and parses YYYY-MM-DD day keys', () => {
    expect(formatDay(19782)).toBe('2024-02-29');
    expect(formatDay(-25567)).toBe('1900-01-01');
    expect(parseDayKey('2024-02-29')).toBe(19782);
    expect(parseDayKey('2023-02-29')).toBeUndefined();
    expect(parseDayKey('2024-2-29')).toBeUndefined();
    expect(parseDayKey('garbage')).toBeUndefined();
  });

  it('property: civilFromDays and daysFromCivil are inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (d) => {
        const { year, month, day } = civilFromDays(d);
        expect(isValidCivil(year, month, day)).toBe(true);
        expect(daysFromCivil(year, month, day)).toBe(d);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: agrees with the JavaScript Date calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        fc.pre(isValidCivil(y, m, d));
        expect(daysFromCivil(y, m, d)).toBe(utcDay(y, m, d));
        expect(civilFromDays(utcDay(y, m, d))).toEqual({ year: y, month: m, day: d });
      }),
      { numRuns: 2000 },
    );
  });

  it('property: formatDay and parseDayKey round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1, 1, 1), max: daysFromCivil(9999, 12, 31) }), (d) => {
        expect(parseDayKey(formatDay(d))).toBe(d);
        expect(formatDay(d)).toBe(new Date(d * DAY).toISOString().slice(0, 10));
      }),
      { numRuns: 1000 },
    );
  });
});
