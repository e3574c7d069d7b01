import type { OrderRow } from '../schemas/order-row.js';
import { dayInZone } from '../time/zone.js';

/** The calendar day (epoch day, marketplace zone) of one of a row's instants; undefined stays undefined. */
export function rowDay(row: OrderRow, ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : dayInZone(ms, row.timeZone);
}

/** Cancelled orders are never late and not counted in the ODR (POLICY.md §2, §6). */
export function isCancelled(row: OrderRow): boolean {
  return row.orderStatus !== undefined && /^\s*cancell?ed\s*$/i.test(row.orderStatus);
}

/** A claim is filed when it has a claim date; its status is open unless recorded otherwise (§4). */
export function claimStatusOf(row: OrderRow) {
  if (row.claimAt === undefined) return undefined;
  return row.claimStatus ?? 'open';
}
