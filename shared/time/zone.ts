import { tzOffset } from '@date-fns/tz';
import { MS_PER_DAY, MS_PER_MINUTE } from './civil.js';

/** docs/rules.md §1: the marketplace zone of each Amazon sales channel. Keys are lower-case hosts. */
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
 * A UTC day whose two ends have the same offset has it all day (in practice no zone changes twice
 * within a day), so one lookup per zone and day serves nearly every instant; on a day with a
 * transition, one lookup per quarter hour does, since transitions fall on quarter hours.
 */
const QUARTER_HOUR = 15 * MS_PER_MINUTE;
const CACHE_LIMIT = 200_000;

interface ZoneCache {
  /** UTC day → the zone's offset all that day, or NaN when it changes during the day. */
  dayOffsets: Map<number, number>;
  /** Quarter hour → offset, for the few days with a transition. */
  offsets: Map<number, number>;
  dayStarts: Map<number, number>;
}
const zoneCaches = new Map<string, ZoneCache>();

function cacheOf(zone: string): ZoneCache {
  let cache = zoneCaches.get(zone);
  if (!cache) {
    cache = { dayOffsets: new Map(), offsets: new Map(), dayStarts: new Map() };
    zoneCaches.set(zone, cache);
  }
  return cache;
}

/** Offset of `zone` from UTC at instant `ms`, in minutes (east positive: Tokyo = +540). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const cache = cacheOf(zone);
  const utcDay = Math.floor(ms / MS_PER_DAY);
  let dayOffset = cache.dayOffsets.get(utcDay);
  if (dayOffset === undefined) {
    const first = quarterHourOffset(cache, zone, utcDay * MS_PER_DAY);
    const last = quarterHourOffset(cache, zone, (utcDay + 1) * MS_PER_DAY - 1);
    dayOffset = first === last ? first : Number.NaN;
    if (cache.dayOffsets.size > CACHE_LIMIT) cache.dayOffsets.clear();
    cache.dayOffsets.set(utcDay, dayOffset);
  }
  return Number.isNaN(dayOffset) ? quarterHourOffset(cache, zone, ms) : dayOffset;
}

function quarterHourOffset(cache: ZoneCache, zone: string, ms: number): number {
  const { offsets } = cache;
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = offsets.get(bucket);
  if (offset === undefined) {
    offset = tzOffset(zone, new Date(bucket * QUARTER_HOUR));
    if (Number.isNaN(offset)) throw new RangeError(`unknown time zone: ${zone}`);
    if (offsets.size > CACHE_LIMIT) offsets.clear();
    offsets.set(bucket, offset);
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
  if (before === after) {
    const instant = wallMs - before * MS_PER_MINUTE;
    if (zoneOffsetMinutes(zone, instant) === before) return instant;
  }
  const candidates: number[] = [];
  for (const offset of [before, after]) {
    const instant = wallMs - offset * MS_PER_MINUTE;
    if (zoneOffsetMinutes(zone, instant) === offset) candidates.push(instant);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: shift forward by the size of the gap (02:30 in a spring-forward becomes 03:30).
  return wallMs - before * MS_PER_MINUTE;
}

/** 00:00 of `epochDay` in `zone`, as an instant. */
export function startOfDayInZone(epochDay: number, zone: string): number {
  const { dayStarts } = cacheOf(zone);
  let ms = dayStarts.get(epochDay);
  if (ms === undefined) {
    ms = wallClockToInstant(epochDay * MS_PER_DAY, zone);
    if (dayStarts.size > CACHE_LIMIT) dayStarts.clear();
    dayStarts.set(epochDay, ms);
  }
  return ms;
}
