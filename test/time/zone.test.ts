import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWallClock } from '../../shared/time/format.js';
import {
  dayInZone,
  isValidTimeZone,
  startOfDayInZone,
  wallClockToInstant,
  zoneForChannel,
  zoneOffsetMinutes,
} from '../../shared/time/zone.js';
import { at, dayNo, MINUTE, P, policy } from '../helpers/rows.js';

/** Wall-clock ms of a `YYYY-MM-DDTHH:mm` (read as if it were UTC). */
const wall = (text: string) => Date.parse(`${text}:00Z`);

const ZONES = ['America/Los_Angeles', 'Europe/London', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/Berlin', 'America/Toronto', 'UTC'];

describe('zoneForChannel (docs/rules.md §1)', () => {
  const table: [string, string][] = [
    ['Amazon.com', 'America/Los_Angeles'],
    ['Amazon.ca', 'America/Toronto'],
    ['Amazon.com.mx', 'America/Mexico_City'],
    ['Amazon.co.uk', 'Europe/London'],
    ['Amazon.de', 'Europe/Berlin'],
    ['Amazon.fr', 'Europe/Berlin'],
    ['Amazon.it', 'Europe/Berlin'],
    ['Amazon.es', 'Europe/Berlin'],
    ['Amazon.nl', 'Europe/Berlin'],
    ['Amazon.se', 'Europe/Berlin'],
    ['Amazon.pl', 'Europe/Berlin'],
    ['Amazon.com.be', 'Europe/Berlin'],
    ['Amazon.co.jp', 'Asia/Tokyo'],
    ['Amazon.in', 'Asia/Kolkata'],
    ['Amazon.com.au', 'Australia/Sydney'],
    ['Amazon.ae', 'Asia/Dubai'],
    ['Amazon.sg', 'Asia/Singapore'],
  ];
  it.each(table)('%s → %s', (channel, zone) => {
    expect(zoneForChannel(channel, P)).toBe(zone);
  });

  it('ignores case, surrounding spaces and a www. prefix', () => {
    expect(zoneForChannel('AMAZON.CO.JP', P)).toBe('Asia/Tokyo');
    expect(zoneForChannel('  amazon.co.uk ', P)).toBe('Europe/London');
    expect(zoneForChannel('www.amazon.de', P)).toBe('Europe/Berlin');
  });

  it('unknown or missing channel: the policy default (America/Los_Angeles unless changed)', () => {
    expect(zoneForChannel('Non-Amazon', P)).toBe('America/Los_Angeles');
    expect(zoneForChannel(undefined, P)).toBe('America/Los_Angeles');
    expect(zoneForChannel('', P)).toBe('America/Los_Angeles');
    expect(zoneForChannel('Amazon.com.br', P)).toBe('America/Los_Angeles');
    expect(zoneForChannel('Amazon.com.br', policy({ defaultTimeZone: 'America/Sao_Paulo' }))).toBe('America/Sao_Paulo');
  });

  it("the user's override wins over every channel", () => {
    const p = policy({ timeZone: 'Europe/Paris' });
    expect(zoneForChannel('Amazon.co.jp', p)).toBe('Europe/Paris');
    expect(zoneForChannel('Amazon.com', p)).toBe('Europe/Paris');
    expect(zoneForChannel(undefined, p)).toBe('Europe/Paris');
  });

  it('channel pairs in the policy add or replace entries', () => {
    const p = policy({ channelTimeZones: { 'Amazon.com.br': 'America/Sao_Paulo', 'amazon.com': 'America/New_York' } });
    expect(zoneForChannel('Amazon.com.br', p)).toBe('America/Sao_Paulo');
    expect(zoneForChannel('Amazon.com', p)).toBe('America/New_York');
    expect(zoneForChannel('Amazon.co.jp', p)).toBe('Asia/Tokyo');
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and refuses others', () => {
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('zone offsets (east positive)', () => {
  it('west, east, half-hour and southern-hemisphere zones', () => {
    expect(zoneOffsetMinutes('America/Los_Angeles', at('2024-01-15T12:00:00Z'))).toBe(-480);
    expect(zoneOffsetMinutes('America/Los_Angeles', at('2024-07-15T12:00:00Z'))).toBe(-420);
    expect(zoneOffsetMinutes('Asia/Tokyo', at('2024-07-15T12:00:00Z'))).toBe(540);
    expect(zoneOffsetMinutes('Asia/Kolkata', at('2024-07-15T12:00:00Z'))).toBe(330);
    expect(zoneOffsetMinutes('Europe/London', at('2024-01-15T12:00:00Z'))).toBe(0);
    expect(zoneOffsetMinutes('Europe/London', at('2024-07-15T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Australia/Sydney', at('2024-01-15T12:00:00Z'))).toBe(660);
    expect(zoneOffsetMinutes('Australia/Sydney', at('2024-07-15T12:00:00Z'))).toBe(600);
  });

  it('changes exactly at the DST instants', () => {
    // Los Angeles springs forward at 2024-03-10 02:00 PST = 10:00Z and falls back at 2024-11-03 02:00 PDT = 09:00Z.
    expect(zoneOffsetMinutes('America/Los_Angeles', at('2024-03-10T09:59:59.999Z'))).toBe(-480);
    expect(zoneOffsetMinutes('America/Los_Angeles', at('2024-03-10T10:00:00Z'))).toBe(-420);
    expect(zoneOffsetMinutes('America/Los_Angeles', at('2024-11-03T08:59:59.999Z'))).toBe(-420);
    expect(zoneOffsetMinutes('America/Los_Angeles', at('2024-11-03T09:00:00Z'))).toBe(-480);
    // London: 2024-03-31 01:00Z and 2024-10-27 01:00Z.
    expect(zoneOffsetMinutes('Europe/London', at('2024-03-31T00:59:59.999Z'))).toBe(0);
    expect(zoneOffsetMinutes('Europe/London', at('2024-03-31T01:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Europe/London', at('2024-10-27T00:59:59.999Z'))).toBe(60);
    expect(zoneOffsetMinutes('Europe/London', at('2024-10-27T01:00:00Z'))).toBe(0);
  });
});

describe('dayInZone: calendar days in the marketplace zone', () => {
  it('Tokyo (east of UTC) is already on the next day', () => {
    expect(dayInZone(at('2024-06-13T14:59:59.999Z'), 'Asia/Tokyo')).toBe(dayNo('2024-06-13'));
    expect(dayInZone(at('2024-06-13T15:00:00Z'), 'Asia/Tokyo')).toBe(dayNo('2024-06-14'));
    expect(dayInZone(at('2024-06-13T15:00:00Z'), 'UTC')).toBe(dayNo('2024-06-13'));
  });

  it('Los Angeles (west of UTC) is still on the previous day', () => {
    expect(dayInZone(at('2024-06-14T06:59:59.999Z'), 'America/Los_Angeles')).toBe(dayNo('2024-06-13'));
    expect(dayInZone(at('2024-06-14T07:00:00Z'), 'America/Los_Angeles')).toBe(dayNo('2024-06-14'));
    expect(dayInZone(at('2024-06-14T06:59:59.999Z'), 'UTC')).toBe(dayNo('2024-06-14'));
  });

  it('Kolkata (+05:30): 18:29:59Z is 23:59:59 the same day, 18:30Z the next day', () => {
    expect(dayInZone(at('2025-08-21T18:29:59+00:00'), 'Asia/Kolkata')).toBe(dayNo('2025-08-21'));
    expect(dayInZone(at('2025-08-21T18:30:00+00:00'), 'Asia/Kolkata')).toBe(dayNo('2025-08-22'));
  });

  it('Los Angeles day boundaries on the DST days (23 h and 25 h days)', () => {
    const la = 'America/Los_Angeles';
    expect(dayInZone(at('2024-03-10T07:59:59.999Z'), la)).toBe(dayNo('2024-03-09'));
    expect(dayInZone(at('2024-03-10T08:00:00Z'), la)).toBe(dayNo('2024-03-10'));
    expect(dayInZone(at('2024-03-11T06:59:59.999Z'), la)).toBe(dayNo('2024-03-10'));
    expect(dayInZone(at('2024-03-11T07:00:00Z'), la)).toBe(dayNo('2024-03-11'));
    expect(dayInZone(at('2024-11-03T06:59:59.999Z'), la)).toBe(dayNo('2024-11-02'));
    expect(dayInZone(at('2024-11-03T07:00:00Z'), la)).toBe(dayNo('2024-11-03'));
    expect(dayInZone(at('2024-11-04T07:59:59.999Z'), la)).toBe(dayNo('2024-11-03'));
    expect(dayInZone(at('2024-11-04T08:00:00Z'), la)).toBe(dayNo('2024-11-04'));
  });

  it('London day boundaries on the DST days', () => {
    const ldn = 'Europe/London';
    expect(dayInZone(at('2024-03-30T23:59:59.999Z'), ldn)).toBe(dayNo('2024-03-30'));
    expect(dayInZone(at('2024-03-31T00:00:00Z'), ldn)).toBe(dayNo('2024-03-31'));
    expect(dayInZone(at('2024-03-31T22:59:59.999Z'), ldn)).toBe(dayNo('2024-03-31'));
    expect(dayInZone(at('2024-03-31T23:00:00Z'), ldn)).toBe(dayNo('2024-04-01'));
    expect(dayInZone(at('2024-10-26T22:59:59.999Z'), ldn)).toBe(dayNo('2024-10-26'));
    expect(dayInZone(at('2024-10-26T23:00:00Z'), ldn)).toBe(dayNo('2024-10-27'));
    expect(dayInZone(at('2024-10-27T23:59:59.999Z'), ldn)).toBe(dayNo('2024-10-27'));
    expect(dayInZone(at('2024-10-28T00:00:00Z'), ldn)).toBe(dayNo('2024-10-28'));
  });
});

describe('startOfDayInZone', () => {
  it('is 00:00 on the wall clock, including on DST days', () => {
    expect(startOfDayInZone(dayNo('2024-03-10'), 'America/Los_Angeles')).toBe(at('2024-03-10T00:00:00-08:00'));
    expect(startOfDayInZone(dayNo('2024-03-11'), 'America/Los_Angeles')).toBe(at('2024-03-11T00:00:00-07:00'));
    expect(startOfDayInZone(dayNo('2024-11-03'), 'America/Los_Angeles')).toBe(at('2024-11-03T00:00:00-07:00'));
    expect(startOfDayInZone(dayNo('2024-11-04'), 'America/Los_Angeles')).toBe(at('2024-11-04T00:00:00-08:00'));
    expect(startOfDayInZone(dayNo('2024-03-31'), 'Europe/London')).toBe(at('2024-03-31T00:00:00+00:00'));
    expect(startOfDayInZone(dayNo('2024-04-01'), 'Europe/London')).toBe(at('2024-04-01T00:00:00+01:00'));
    expect(startOfDayInZone(dayNo('2024-10-27'), 'Europe/London')).toBe(at('2024-10-27T00:00:00+01:00'));
    expect(startOfDayInZone(dayNo('2024-10-28'), 'Europe/London')).toBe(at('2024-10-28T00:00:00+00:00'));
    expect(startOfDayInZone(dayNo('2024-01-10'), 'Asia/Tokyo')).toBe(at('2024-01-10T00:00:00+09:00'));
    expect(startOfDayInZone(dayNo('2024-01-10'), 'Asia/Kolkata')).toBe(at('2024-01-10T00:00:00+05:30'));
  });

  it('DST days are 23 h and 25 h long', () => {
    const la = 'America/Los_Angeles';
    expect(startOfDayInZone(dayNo('2024-03-11'), la) - startOfDayInZone(dayNo('2024-03-10'), la)).toBe(23 * 3_600_000);
    expect(startOfDayInZone(dayNo('2024-11-04'), la) - startOfDayInZone(dayNo('2024-11-03'), la)).toBe(25 * 3_600_000);
  });

  it('property: dayInZone(startOfDayInZone(d)) = d, and the instant before is the day before', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNo('1900-01-01'), max: dayNo('2100-12-31') }), fc.constantFrom(...ZONES), (d, zone) => {
        const start = startOfDayInZone(d, zone);
        expect(dayInZone(start, zone)).toBe(d);
        expect(dayInZone(start - 1, zone)).toBe(d - 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: every DST day of 2024 in the zones maps back to itself', () => {
    for (const zone of ZONES) {
      for (const ymd of ['2024-03-10', '2024-03-11', '2024-03-31', '2024-04-01', '2024-04-07', '2024-10-06', '2024-10-27', '2024-10-28', '2024-11-03', '2024-11-04']) {
        expect(dayInZone(startOfDayInZone(dayNo(ymd), zone), zone)).toBe(dayNo(ymd));
      }
    }
  });
});

describe('wallClockToInstant: wall-clock times without an offset', () => {
  it('reads an ordinary time with the offset in force then', () => {
    expect(wallClockToInstant(wall('2024-01-05T10:22'), 'America/Los_Angeles')).toBe(at('2024-01-05T10:22:00-08:00'));
    expect(wallClockToInstant(wall('2024-07-05T10:22'), 'America/Los_Angeles')).toBe(at('2024-07-05T10:22:00-07:00'));
    expect(wallClockToInstant(wall('2024-07-05T10:22'), 'Asia/Tokyo')).toBe(at('2024-07-05T10:22:00+09:00'));
  });

  it('a time skipped by the spring-forward gap moves forward by the gap', () => {
    expect(wallClockToInstant(wall('2024-03-10T02:30'), 'America/Los_Angeles')).toBe(at('2024-03-10T03:30:00-07:00'));
    expect(wallClockToInstant(wall('2024-03-31T01:30'), 'Europe/London')).toBe(at('2024-03-31T02:30:00+01:00'));
  });

  it('a time repeated in the fall-back overlap takes the earlier instant', () => {
    expect(wallClockToInstant(wall('2024-11-03T01:30'), 'America/Los_Angeles')).toBe(at('2024-11-03T01:30:00-07:00'));
    expect(wallClockToInstant(wall('2024-10-27T01:30'), 'Europe/London')).toBe(at('2024-10-27T01:30:00+01:00'));
  });

  it('the hours just outside the gap and overlap are unambiguous', () => {
    expect(wallClockToInstant(wall('2024-03-10T01:59'), 'America/Los_Angeles')).toBe(at('2024-03-10T01:59:00-08:00'));
    expect(wallClockToInstant(wall('2024-03-10T03:00'), 'America/Los_Angeles')).toBe(at('2024-03-10T03:00:00-07:00'));
    expect(wallClockToInstant(wall('2024-11-03T00:59'), 'America/Los_Angeles')).toBe(at('2024-11-03T00:59:00-07:00'));
    expect(wallClockToInstant(wall('2024-11-03T02:00'), 'America/Los_Angeles')).toBe(at('2024-11-03T02:00:00-08:00'));
  });

  it('property: the instant found shows the requested wall-clock time (outside DST gaps)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('1990-01-01T00:00:00Z'), max: at('2060-01-01T00:00:00Z') }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          const wallMs = ms + zoneOffsetMinutes(zone, ms) * MINUTE;
          const found = wallClockToInstant(wallMs, zone);
          expect(found + zoneOffsetMinutes(zone, found) * MINUTE).toBe(wallMs);
          // the earlier reading in an overlap: never after the real instant, and at most the overlap (1 h) before it
          expect(found).toBeLessThanOrEqual(ms);
          expect(ms - found).toBeLessThanOrEqual(3_600_000);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('formatWallClock', () => {
  it('shows the local wall clock', () => {
    expect(formatWallClock(at('2024-03-10T10:30:00Z'), 'America/Los_Angeles')).toBe('2024-03-10 03:30');
    expect(formatWallClock(at('2024-06-13T15:00:00Z'), 'Asia/Tokyo')).toBe('2024-06-14 00:00');
    expect(formatWallClock(at('2025-08-21T18:29:59Z'), 'Asia/Kolkata')).toBe('2025-08-21 23:59');
  });
});
