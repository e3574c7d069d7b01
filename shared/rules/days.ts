import type { OrderRow } from '../schemas/order-row.js';
import { dayInZone } from '../time/zone.js';

/**
 * The calendar days (epoch days in the row's marketplace zone) the day-counting rules compare.
 * Computed once per row and passed to each rule; a rule called alone computes them itself.
 */
export interface RowDays {
  today: number;
  purchase: number | undefined;
  edd: number | undefined;
  delivered: number | undefined;
  claim: number | undefined;
  decision: number | undefined;
}

export function rowDays(row: OrderRow, asOf: number): RowDays {
  const zone = row.timeZone;
  const day = (ms: number | undefined) => (ms === undefined ? undefined : dayInZone(ms, zone));
  return {
    today: dayInZone(asOf, zone),
    purchase: day(row.purchaseAt),
    edd: day(row.maxEddAt),
    delivered: day(row.deliveredAt),
    claim: day(row.claimAt),
    decision: day(row.decisionAt),
  };
}

/** Cancelled orders are never late and not counted in the ODR (docs/rules.md §2, §6). */
export function isCancelled(row: OrderRow): boolean {
  return row.orderStatus !== undefined && /^\s*cancell?ed\s*$/i.test(row.orderStatus);
}

/** A claim is filed when it has a claim date; its status is open unless recorded otherwise (§4). */
export function claimStatusOf(row: OrderRow) {
  if (row.claimAt === undefined) return undefined;
  return row.claimStatus ?? 'open';
}
