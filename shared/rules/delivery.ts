import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { DeliveryState } from '../schemas/statuses.js';
import { isCancelled, rowDays, type RowDays } from './days.js';

type LatePolicy = Pick<Policy, 'lateGraceDays' | 'orderAgeCapDays'>;

/**
 * The last calendar day on which a not-delivered order is not yet late: max EDD + grace days,
 * or, with the optional order-age cap, the sooner of that and purchase day + cap (docs/rules.md §2).
 * A "not received" claim may be filed on the days after it.
 */
export function lateThresholdDay(row: OrderRow, policy: LatePolicy, days: RowDays = rowDays(row, 0)): number | undefined {
  const { edd, purchase } = days;
  const byEdd = edd === undefined ? undefined : edd + policy.lateGraceDays;
  const byAge = policy.orderAgeCapDays === null || purchase === undefined ? undefined : purchase + policy.orderAgeCapDays;
  if (byEdd === undefined) return byAge;
  return byAge === undefined ? byEdd : Math.min(byEdd, byAge);
}

/** docs/rules.md §2: the order-side state, as of instant `asOf`. */
export function delivery(row: OrderRow, policy: LatePolicy, asOf: number, days: RowDays = rowDays(row, asOf)): DeliveryState {
  if (isCancelled(row)) return 'cancelled';
  const { edd, delivered, today } = days;
  if (edd === undefined) return 'unknown';
  if (delivered !== undefined) return delivered <= edd ? 'delivered_on_time' : 'delivered_late';
  // With the order-age cap the buyer may file before the max EDD has passed: late wins over pending.
  if (today > lateThresholdDay(row, policy, days)!) return 'late';
  return today <= edd ? 'pending' : 'at_risk';
}
