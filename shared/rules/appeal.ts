import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { AppealState } from '../schemas/statuses.js';
import { dayInZone } from '../time/zone.js';
import { claimStatusOf, rowDay } from './days.js';

type AppealPolicy = Pick<Policy, 'appealWindowDays'>;

/**
 * POLICY.md §5: a decision against the seller that the seller funds (status granted, with a decision
 * date) can be appealed through decision day + the window. Null for every other row.
 */
export function appealLastDay(row: OrderRow, policy: AppealPolicy): number | null {
  if (claimStatusOf(row) !== 'granted' || row.decisionAt === undefined) return null;
  return rowDay(row, row.decisionAt)! + policy.appealWindowDays;
}

export function appeal(row: OrderRow, policy: AppealPolicy, asOf: number): AppealState {
  const lastDay = appealLastDay(row, policy);
  if (lastDay === null) return 'none';
  if (row.appealAt !== undefined) return 'appealed';
  return dayInZone(asOf, row.timeZone) <= lastDay ? 'open' : 'closed';
}
