import type { EvaluatedRow } from '../schemas/statuses.js';
import { parseDayKey, formatDay } from '../time/civil.js';

/** One deadline in the calendar: an instant (UTC) or an all-day event on a marketplace day. */
export interface CalendarEntry {
  /** Stable across feeds, so a subscribed calendar updates the event instead of adding another. */
  uid: string;
  summary: string;
  description: string;
  when: { at: string } | { day: string };
}

/** The open deadlines of one evaluated line (docs/alerts.md, "Calendar"). */
export function lineDeadlines(lineKey: string, statuses: EvaluatedRow): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  const id = (kind: string) => `${kind}-${encodeUid(lineKey)}@atoz-guard`;
  const zone = `marketplace day, ${statuses.timeZone}`;
  if (statuses.responseDueAt !== null && (statuses.response === 'due' || statuses.response === 'due_soon' || statuses.response === 'overdue')) {
    entries.push({ uid: id('response'), summary: `Answer A-to-z claim: order ${statuses.orderId}`, description: `The answer to the claim on order ${statuses.orderId} is due.`, when: { at: statuses.responseDueAt } });
  }
  if (statuses.appeal === 'open' && statuses.appealLastDay !== null) {
    entries.push({ uid: id('appeal'), summary: `Last day to appeal: order ${statuses.orderId}`, description: `Last day to appeal the decision on order ${statuses.orderId} (${zone}).`, when: { day: statuses.appealLastDay } });
  }
  if (statuses.delivery === 'late' && statuses.claimWindowLastDay !== null && statuses.response === 'none' && statuses.appeal === 'none') {
    entries.push({
      uid: id('claim-window'),
      summary: `Claim window closes: late order ${statuses.orderId}`,
      description: `Order ${statuses.orderId} is late; the buyer can file a claim through this day (${zone}).`,
      when: { day: statuses.claimWindowLastDay },
    });
  }
  return entries;
}

/** A line key as UID text: only letters, digits and - . _ kept, the rest as %XX (a UID is one line, no separators). */
function encodeUid(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9._-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1: content lines longer than 75 octets are folded (CRLF + one space), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets; each continuation starts with a space, so holds 74 more.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utcStamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const dayStamp = (day: string) => day.replace(/-/g, '');

/** The feed: a VCALENDAR with one VEVENT per entry, CRLF line ends, folded and escaped (RFC 5545). */
export function renderCalendar(entries: readonly CalendarEntry[], options: { name: string; stamp: string }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//atoz-guard//A-to-z Claim Guard//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(options.name)}`];
  const stamp = utcStamp(options.stamp);
  for (const entry of entries) {
    lines.push('BEGIN:VEVENT', `UID:${entry.uid}`, `DTSTAMP:${stamp}`);
    if ('at' in entry.when) {
      lines.push(`DTSTART:${utcStamp(entry.when.at)}`, 'DURATION:PT30M');
    } else {
      const next = formatDay(parseDayKey(entry.when.day)! + 1);
      lines.push(`DTSTART;VALUE=DATE:${dayStamp(entry.when.day)}`, `DTEND;VALUE=DATE:${dayStamp(next)}`, 'TRANSP:TRANSPARENT');
    }
    lines.push(`SUMMARY:${escapeText(entry.summary)}`, `DESCRIPTION:${escapeText(entry.description)}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
