import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { AppealState } from '../schemas/statuses.js';
import { claimStatusOf, rowDays, type RowDays } from './days.js';

type AppealPolicy = Pick<Policy, 'appealWindowDays'>;

/**
 * docs/rules.md §5: a decision against the seller that the seller funds (status granted, with a decision
 * date) can be appealed through decision day + the window. Null for every other row.
 */
export function appealLastDay(row: OrderRow, policy: AppealPolicy, days: RowDays = rowDays(row, 0)): number | null {
  if (claimStatusOf(row) !== 'granted' || days.decision === undefined) return null;
  return days.decision + policy.appealWindowDays;
}

export function appeal(row: OrderRow, policy: AppealPolicy, asOf: number, days: RowDays = rowDays(row, asOf)): AppealState {
  const lastDay = appealLastDay(row, policy, days);
  if (lastDay === null) return 'none';
  if (row.appealAt !== undefined) return 'appealed';
  return days.today <= lastDay ? 'open' : 'closed';
}
