import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import { claimStatusOf } from './days.js';

/** Claim states that count against the ODR: pending, granted (either funder) or refunded after filing (§6). */
const DEFECT_CLAIM_STATES = new Set(['open', 'granted', 'amazon_funded', 'refunded']);

/** docs/rules.md §6: negative feedback (1-2 stars), a chargeback, or an A-to-z claim that was not denied or withdrawn. */
export function odrDefect(row: OrderRow): boolean {
  if (row.feedbackRating !== undefined && row.feedbackRating <= 2) return true;
  if (row.chargeback) return true;
  const status = claimStatusOf(row);
  return status !== undefined && DEFECT_CLAIM_STATES.has(status);
}

export interface OdrWindow {
  /** First and last purchase day (epoch days) counted. */
  start: number;
  end: number;
}

/** Purchase days from as-of day − (lag + window − 1) through as-of day − lag, both included. */
export function odrWindow(asOfDay: number, policy: Pick<Policy, 'odrWindowDays' | 'odrLagDays'>): OdrWindow {
  const end = asOfDay - policy.odrLagDays;
  return { start: end - policy.odrWindowDays + 1, end };
}
