import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { ResponseState } from '../schemas/statuses.js';
import { MS_PER_HOUR } from '../time/civil.js';
import { claimStatusOf } from './days.js';

type ResponsePolicy = Pick<Policy, 'responseWindowHours' | 'dueSoonHours'>;

/** docs/rules.md §4: claim instant + the response window; for every row with a claim date, open or closed. */
export function responseDueAt(row: OrderRow, policy: ResponsePolicy): number | null {
  return row.claimAt === undefined ? null : row.claimAt + policy.responseWindowHours * MS_PER_HOUR;
}

export function response(row: OrderRow, policy: ResponsePolicy, asOf: number): ResponseState {
  const due = responseDueAt(row, policy);
  if (due === null) return 'none';
  if (row.responseAt !== undefined) return row.responseAt <= due ? 'responded' : 'responded_late';
  if (claimStatusOf(row) !== 'open') return 'none';
  if (asOf > due) return 'overdue';
  return due - asOf <= policy.dueSoonHours * MS_PER_HOUR ? 'due_soon' : 'due';
}
