import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { EligibilityReason, EligibilityState } from '../schemas/statuses.js';
import { MS_PER_HOUR } from '../time/civil.js';
import { rowDays, type RowDays } from './days.js';
import { lateThresholdDay } from './delivery.js';

type EligibilityPolicy = Pick<
  Policy,
  'claimWindowDays' | 'noEddStandInDays' | 'contactFirstHours' | 'requireContactFirst' | 'lateGraceDays' | 'orderAgeCapDays'
>;

/**
 * docs/rules.md §3: the last day a claim can stand: max EDD + window days; with no max EDD,
 * purchase day + the stand-in days takes its place. Null when neither date is known.
 */
export function claimWindowLastDay(row: OrderRow, policy: EligibilityPolicy, days: RowDays = rowDays(row, 0)): number | null {
  const { edd, purchase } = days;
  const anchor = edd ?? (purchase === undefined ? undefined : purchase + policy.noEddStandInDays);
  return anchor === undefined ? null : anchor + policy.claimWindowDays;
}

/** Every reason the order (or its filed claim) is outside the A-to-z Guarantee, in docs/rules.md's order. */
export function eligibilityReasons(
  row: OrderRow,
  policy: EligibilityPolicy,
  asOf: number,
  days: RowDays = rowDays(row, asOf),
): EligibilityReason[] {
  const reasons: EligibilityReason[] = [];
  if (row.itemType === 'digital') reasons.push('digital_item');
  else if (row.itemType === 'stored_value') reasons.push('stored_value');
  else if (row.itemType === 'service') reasons.push('service');
  if (row.chargeback) reasons.push('chargeback');

  const lastDay = claimWindowLastDay(row, policy, days);
  const claimDay = days.claim;
  const judgedDay = claimDay ?? days.today;
  if (lastDay !== null && judgedDay > lastDay) reasons.push('window_closed');

  if (row.claimAt !== undefined) {
    if (row.claimReason === 'not_received') {
      const threshold = lateThresholdDay(row, policy, days);
      if (threshold !== undefined && claimDay! <= threshold) reasons.push('filed_too_early');
    }
    if (policy.requireContactFirst) {
      const waited = row.buyerContactAt === undefined ? -Infinity : row.claimAt - row.buyerContactAt;
      if (waited < policy.contactFirstHours * MS_PER_HOUR) reasons.push('no_prior_contact');
    }
  }
  return reasons;
}

export function eligibility(row: OrderRow, policy: EligibilityPolicy, asOf: number, days?: RowDays): EligibilityState {
  return eligibilityReasons(row, policy, asOf, days).length === 0 ? 'eligible' : 'ineligible';
}
