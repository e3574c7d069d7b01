import { tzOffset } from '@date-fns/tz';
import { MS_PER_DAY, MS_PER_MINUTE } from './civil.js';

/** POLICY.md §1: the marketplace zone of each Amazon sales channel. Keys are lower-case hosts. */
export const CHANNEL_TIME_ZONES: Readonly<Record<string, string>> = {
  'amazon.com': 'America/Los_Angeles',
  'amazon.ca': 'America/Toronto',
  'amazon.com.mx': 'America/Mexico_City',
  'amazon.co.uk': 'Europe/London',
  'amazon.de': 'Europe/Berlin',
  'amazon.fr': 'Europe/Berlin',
  'amazon.it': 'Europe/Berlin',
  'amazon.es': 'Europe/Berlin',
  'amazon.nl': 'Europe/Berlin',
  'amazon.se': 'Europe/Berlin',
  'amazon.pl': 'Europe/Berlin',
  'amazon.com.be': 'Europe/Berlin',
  'amazon.co.jp': 'Asia/Tokyo',
  'amazon.in': 'Asia/Kolkata',
  'amazon.com.au': 'Australia/Sydney',
  'amazon.ae': 'Asia/Dubai',
  'amazon.sg': 'Asia/Singapore',
};

const validity = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  let ok = validity.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = zone.length > 0;
    } catch {
      ok = false;
    }
    validity.set(zone, ok);
  }
  return ok;
}

export interface ZonePolicy {
  timeZone: string | null;
  defaultTimeZone: string;
  channelTimeZones: Record<string, string>;
}

/** The marketplace zone of a row: the user's override, else its sales channel's zone, else the default. */
export function zoneForChannel(channel: string | undefined, policy: ZonePolicy): string {
  if (policy.timeZone) return policy.timeZone;
  if (channel) {
    const key = channel.trim().toLowerCase().replace(/^www\./, '');
    for (const [name, zone] of Object.entries(policy.channelTimeZones)) {
      if (name.trim().toLowerCase().replace(/^www\./, '') === key) return zone;
    }
    const zone = CHANNEL_TIME_ZONES[key];
    if (zone) return zone;
  }
  return policy.defaultTimeZone;
}

/*
 * Zone offsets come from Intl through @date-fns/tz, which costs about a microsecond a call.
 * Offsets only change at transitions that fall on quarter hours, so one lookup per zone and
 * quarter hour serves every instant in it: a report of a million rows needs a few thousand lookups.
 */
const QUARTER_HOUR = 15 * MS_PER_MINUTE;
const offsetCaches = new Map<string, Map<number, number>>();

/** Offset of `zone` from UTC at instant `ms`, in minutes (east positive: Tokyo = +540). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  let cache = offsetCaches.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(zone, cache);
  }
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    offset = tzOffset(zone, new Date(bucket * QUARTER_HOUR));
    if (Number.isNaN(offset)) throw new RangeError(`unknown time zone: ${zone}`);
    if (cache.size > 200_000) cache.clear();
    cache.set(bucket, offset);
  }
  return offset;
}

/** The calendar day (epoch day) that instant `ms` falls on in `zone`. */
export function dayInZone(ms: number, zone: string): number {
  return Math.floor((ms + zoneOffsetMinutes(zone, ms) * MS_PER_MINUTE) / MS_PER_DAY);
}

/**
 * The instant of a wall-clock time in `zone` (ms of the wall clock read as if it were UTC).
 * A time skipped by a DST gap resolves to the later side; a time repeated in an overlap resolves
 * to the earlier one (as Temporal's "compatible" disambiguation does).
 */
export function wallClockToInstant(wallMs: number, zone: string): number {
  const before = zoneOffsetMinutes(zone, wallMs - MS_PER_DAY);
  const after = zoneOffsetMinutes(zone, wallMs + MS_PER_DAY);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wallMs - offset * MS_PER_MINUTE;
    if (zoneOffsetMinutes(zone, instant) === offset) candidates.push(instant);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: shift forward by the size of the gap (02:30 in a spring-forward becomes 03:30).
  return wallMs - before * MS_PER_MINUTE;
}

const dayStartCache = new Map<string, number>();

/** 00:00 of `epochDay` in `zone`, as an instant. */
export function startOfDayInZone(epochDay: number, zone: string): number {
  const key = `${zone}|${epochDay}`;
  let ms = dayStartCache.get(key);
  if (ms === undefined) {
    ms = wallClockToInstant(epochDay * MS_PER_DAY, zone);
    if (dayStartCache.size > 200_000) dayStartCache.clear();
    dayStartCache.set(key, ms);
  }
  return ms;
}
