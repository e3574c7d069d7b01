import { describe, expect, it } from 'vitest';
import { parseDateCell, type DateParseOptions } from '../../shared/time/parse.js';
import { at } from '../helpers/rows.js';

const LA: DateParseOptions = { zone: 'America/Los_Angeles' };
const TOKYO: DateParseOptions = { zone: 'Asia/Tokyo' };
const LONDON: DateParseOptions = { zone: 'Europe/London' };

function ok(raw: string, opts: DateParseOptions) {
  const r = parseDateCell(raw, opts);
  if (!r.ok) throw new Error(`expected "${raw}" to parse, got: ${r.message}`);
  return r;
}
function err(raw: string, opts: DateParseOptions): string {
  const r = parseDateCell(raw, opts);
  if (r.ok) throw new Error(`expected "${raw}" to be refused, got ${new Date(r.ms).toISOString()}`);
  expect(r.message.length).toBeGreaterThan(0);
  return r.message;
}

describe('parseDateCell: datetimes with an offset are that instant, whatever the zone (§1)', () => {
  it.each([
    ['2024-01-05T10:22:33+00:00', '2024-01-05T10:22:33Z'],
    ['2009-01-01T10:50:49-08:00', '2009-01-01T18:50:49Z'],
    ['2024-01-05T10:22:33.123Z', '2024-01-05T10:22:33.123Z'],
    ['2024-01-05T10:22:33+0900', '2024-01-05T01:22:33Z'],
    ['2024-01-05T10:22:33+05:30', '2024-01-05T04:52:33Z'],
    ['2024-01-05 10:22:33 UTC', '2024-01-05T10:22:33Z'],
    ['2025-08-21T18:29:59+00:00', '2025-08-21T18:29:59Z'],
    ['  2024-01-05T10:22:33+00:00  ', '2024-01-05T10:22:33Z'],
  ])('%s', (raw, expected) => {
    for (const opts of [LA, TOKYO, LONDON]) {
      const r = ok(raw, opts);
      expect(r.ms).toBe(at(expected));
      expect(r.dateOnly).toBe(false);
    }
  });

  it('refuses an offset beyond ±18:00', () => {
    err('2024-01-05T10:22:33+19:00', LA);
  });
});

describe('parseDateCell: datetimes without an offset are wall-clock time in the marketplace zone', () => {
  it('Los Angeles, winter and summer', () => {
    expect(ok('2024-01-05T10:22:33', LA).ms).toBe(at('2024-01-05T10:22:33-08:00'));
    expect(ok('2024-01-05 10:22', LA).ms).toBe(at('2024-01-05T10:22:00-08:00'));
    expect(ok('2024-07-05 10:22', LA).ms).toBe(at('2024-07-05T10:22:00-07:00'));
  });
  it('Tokyo and London', () => {
    expect(ok('2024-01-05T10:22:33', TOKYO).ms).toBe(at('2024-01-05T10:22:33+09:00'));
    expect(ok('2024-07-05T10:22:33', LONDON).ms).toBe(at('2024-07-05T10:22:33+01:00'));
    expect(ok('2024-01-05T10:22:33', LONDON).ms).toBe(at('2024-01-05T10:22:33+00:00'));
  });
  it('a wall-clock time in a spring-forward gap is moved forward by the gap', () => {
    expect(ok('2024-03-10T02:30:00', LA).ms).toBe(at('2024-03-10T03:30:00-07:00'));
    expect(ok('2024-03-31 01:30', LONDON).ms).toBe(at('2024-03-31T02:30:00+01:00'));
  });
  it('a wall-clock time in a fall-back overlap is read as the earlier instant', () => {
    expect(ok('2024-11-03T01:30:00', LA).ms).toBe(at('2024-11-03T01:30:00-07:00'));
    expect(ok('2024-10-27 01:30', LONDON).ms).toBe(at('2024-10-27T01:30:00+01:00'));
  });
  it('a YYYY/MM/DD date with a time is wall-clock time too', () => {
    const r = ok('2024/01/05 10:22', LA);
    expect(r.ms).toBe(at('2024-01-05T10:22:00-08:00'));
    expect(r.dateOnly).toBe(false);
  });
});

describe('parseDateCell: a date without a time is 00:00 of that day in the marketplace zone', () => {
  it.each([
    ['2024-01-10', LA, '2024-01-10T00:00:00-08:00'],
    ['2024-01-10', TOKYO, '2024-01-10T00:00:00+09:00'],
    ['2024-07-10', LONDON, '2024-07-10T00:00:00+01:00'],
    ['2024-01-10', LONDON, '2024-01-10T00:00:00+00:00'],
    ['2024/01/10', LA, '2024-01-10T00:00:00-08:00'],
    ['2024/1/5', TOKYO, '2024-01-05T00:00:00+09:00'],
    ['2024-03-10', LA, '2024-03-10T00:00:00-08:00'],
    ['2024-03-11', LA, '2024-03-11T00:00:00-07:00'],
    ['2024-02-29', LA, '2024-02-29T00:00:00-08:00'],
  ])('%s in %o', (raw, opts, expected) => {
    const r = ok(raw, opts);
    expect(r.ms).toBe(at(expected));
    expect(r.dateOnly).toBe(true);
  });
});

describe('parseDateCell: day/month order', () => {
  it('01/02/2024 is ambiguous without a date order, and the message says how to fix it', () => {
    const message = err('01/02/2024', LA);
    expect(message).toMatch(/MDY/);
    expect(message).toMatch(/DMY/);
  });
  it('01/02/2024 with MDY is 2 January, with DMY 1 February', () => {
    expect(ok('01/02/2024', { ...LA, dateOrder: 'MDY' }).ms).toBe(at('2024-01-02T00:00:00-08:00'));
    expect(ok('01/02/2024', { ...LA, dateOrder: 'DMY' }).ms).toBe(at('2024-02-01T00:00:00-08:00'));
    expect(ok('01/02/2024', { ...LA, dateOrder: 'DMY' }).dateOnly).toBe(true);
  });
  it('13/02/2024 and 02/13/2024 can be read only one way', () => {
    expect(ok('13/02/2024', LA).ms).toBe(at('2024-02-13T00:00:00-08:00'));
    expect(ok('02/13/2024', LA).ms).toBe(at('2024-02-13T00:00:00-08:00'));
  });
  it('the same number twice reads the same either way', () => {
    expect(ok('05/05/2024', LA).ms).toBe(at('2024-05-05T00:00:00-07:00'));
  });
  it('a date impossible in the named order is refused', () => {
    err('13/02/2024', { ...LA, dateOrder: 'MDY' });
    err('02/13/2024', { ...LA, dateOrder: 'DMY' });
    err('13/13/2024', LA);
    err('31/04/2024', LA);
  });
  it('with a time of day (12-hour clock)', () => {
    expect(ok('01/02/2024 1:30 PM', { ...LA, dateOrder: 'MDY' }).ms).toBe(at('2024-01-02T13:30:00-08:00'));
    expect(ok('01/02/2024 12:05 AM', { ...LA, dateOrder: 'MDY' }).ms).toBe(at('2024-01-02T00:05:00-08:00'));
  });
  it('ISO and YYYY/MM/DD dates never need the order', () => {
    expect(ok('2024-01-02', LA).ms).toBe(at('2024-01-02T00:00:00-08:00'));
    expect(ok('2024/01/02', LA).ms).toBe(at('2024-01-02T00:00:00-08:00'));
    expect(ok('2024/01/02', { ...LA, dateOrder: 'DMY' }).ms).toBe(at('2024-01-02T00:00:00-08:00'));
  });
});

describe('parseDateCell: errors', () => {
  it.each([
    'garbage',
    'soon',
    'n/a',
    '',
    '2024-13-01',
    '2023-02-29',
    '2023-02-29T10:00:00+00:00',
    '2024-04-31',
    '2013-01-15T12:24:57+00e00',
    '2024-01-05T25:00:00Z',
    '2024-01-05T10:60:00Z',
    '-5',
    '45292abc',
  ])('%j is refused', (raw) => {
    err(raw, LA);
  });
});
