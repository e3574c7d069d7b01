import type { OrderRow } from '../schemas/order-row.js';
import type { EvaluatedRow, NextAction, OdrSummary } from '../schemas/statuses.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, parseDayKey } from '../time/civil.js';
import { dayInZone, zoneOffsetMinutes } from '../time/zone.js';
import type { AlertEventKind, AlertSettings } from './settings.js';

/** What is open in an account: the digest's figures. */
export interface OpenCounts {
  claimsDue: number;
  claimsDueSoon: number;
  claimsOverdue: number;
  appealsOpen: number;
  lateOrders: number;
}

/**
 * One thing to tell the team. `kind` + `lineKey` + `occurrence` identify it: the same claim due again later
 * (a new claim date) is a new event; the same one seen by the next sweep is not.
 */
export interface AlertEvent {
  kind: AlertEventKind;
  /** The order line's key, '' for an account-wide event (ODR, digest). */
  lineKey: string;
  /** What makes it new: the deadline it is about, the digest's day… */
  occurrence: string;
  orderId: string | null;
  /** The marketplace zone of the line (the account's readers' zone for account-wide events). */
  timeZone: string;
  nextAction: NextAction | null;
  /** An instant (ISO, UTC) for hour deadlines, a marketplace day (YYYY-MM-DD) for day deadlines. */
  deadline: { at: string } | { day: string } | null;
  /** odr_over_target: the summary that crossed. digest: what is open. */
  odr?: Pick<OdrSummary, 'rate' | 'target' | 'windowStart' | 'windowEnd' | 'orders' | 'ordersWithDefects'>;
  open?: OpenCounts;
}

export const eventKey = (event: Pick<AlertEvent, 'kind' | 'lineKey' | 'occurrence'>): string => `${event.kind}\u001f${event.lineKey}\u001f${event.occurrence}`;

export const emptyCounts = (): OpenCounts => ({ claimsDue: 0, claimsDueSoon: 0, claimsOverdue: 0, appealsOpen: 0, lateOrders: 0 });

/** Adds one evaluated line to the digest's figures. */
export function countOpen(counts: OpenCounts, statuses: EvaluatedRow, row: OrderRow): void {
  if (statuses.response === 'due') counts.claimsDue++;
  else if (statuses.response === 'due_soon') counts.claimsDueSoon++;
  else if (statuses.response === 'overdue') counts.claimsOverdue++;
  if (statuses.appeal === 'open') counts.appealsOpen++;
  if (statuses.delivery === 'late' && row.claimAt === undefined) counts.lateOrders++;
}

/**
 * The events one order line gives as of `asOf`, from the engine's statuses (docs/alerts.md, "Events"). Pure:
 * the caller evaluates the line (shared/rules/evaluate.ts) and owns the clock.
 */
export function lineEvents(lineKey: string, row: OrderRow, statuses: EvaluatedRow, settings: AlertSettings, asOf: number): AlertEvent[] {
  const events: AlertEvent[] = [];
  const on = (kind: AlertEventKind) => !settings.disabled.includes(kind);
  const base = { lineKey, orderId: row.orderId, timeZone: row.timeZone, nextAction: statuses.nextAction };
  const open = statuses.response === 'due' || statuses.response === 'due_soon' || statuses.response === 'overdue';
  if (open && row.claimAt !== undefined && on('new_claim')) {
    events.push({ ...base, kind: 'new_claim', occurrence: new Date(row.claimAt).toISOString(), deadline: statuses.responseDueAt ? { at: statuses.responseDueAt } : null });
  }
  if (statuses.responseDueAt !== null) {
    const left = Date.parse(statuses.responseDueAt) - asOf;
    const deadline = { at: statuses.responseDueAt };
    if (statuses.response === 'overdue' && on('claim_overdue')) events.push({ ...base, kind: 'claim_overdue', occurrence: statuses.responseDueAt, deadline });
    else if ((statuses.response === 'due' || statuses.response === 'due_soon') && left <= settings.dueWithinHours * MS_PER_HOUR && on('claim_due_soon')) {
      events.push({ ...base, kind: 'claim_due_soon', occurrence: statuses.responseDueAt, deadline });
    }
  }
  if (statuses.appeal === 'open' && statuses.appealLastDay !== null && on('appeal_closing')) {
    const daysLeft = parseDayKey(statuses.appealLastDay)! - dayInZone(asOf, row.timeZone);
    if (daysLeft <= settings.appealClosesWithinDays) events.push({ ...base, kind: 'appeal_closing', occurrence: statuses.appealLastDay, deadline: { day: statuses.appealLastDay } });
  }
  if (statuses.delivery === 'late' && row.claimAt === undefined && on('order_late')) {
    const day = statuses.claimWindowLastDay;
    events.push({ ...base, kind: 'order_late', occurrence: day ?? '', deadline: day === null ? null : { day } });
  }
  return events;
}

/** The account-wide ODR event while the rate is at or over its target (null while it meets it). */
export function odrEvent(odr: OdrSummary, settings: AlertSettings, asOf: number): AlertEvent | null {
  if (odr.meetsTarget || odr.rate === null || settings.disabled.includes('odr_over_target')) return null;
  const { rate, target, windowStart, windowEnd, orders, ordersWithDefects } = odr;
  // The crossing's instant: the sweep sends it once while the rate stays over, and again after a new crossing.
  return { kind: 'odr_over_target', lineKey: '', occurrence: new Date(asOf).toISOString(), orderId: null, timeZone: settings.timeZone, nextAction: null, deadline: null, odr: { rate, target, windowStart, windowEnd, orders, ordersWithDefects } };
}

/** The digest due as of `asOf`: once per day of the readers' clock, from `digestAt` on; null before or when off. */
export function digestEvent(settings: AlertSettings, asOf: number, open: OpenCounts): AlertEvent | null {
  if (settings.digestAt === null || settings.disabled.includes('digest')) return null;
  const local = asOf + zoneOffsetMinutes(settings.timeZone, asOf) * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  const [hours, minutes] = settings.digestAt.split(':').map(Number) as [number, number];
  if (local - day * MS_PER_DAY < (hours * 60 + minutes) * MS_PER_MINUTE) return null;
  const occurrence = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return { kind: 'digest', lineKey: '', occurrence, orderId: null, timeZone: settings.timeZone, nextAction: null, deadline: null, open };
}
