import type { OrderRow } from '../schemas/order-row.js';
import type { AppealState, DeliveryState, NextAction, ResponseState } from '../schemas/statuses.js';
import { claimStatusOf } from './days.js';

export interface RowStates {
  delivery: DeliveryState;
  response: ResponseState;
  appeal: AppealState;
  /** The claim window has closed: a late order can no longer draw a claim. */
  windowClosed?: boolean;
}

/**
 * docs/rules.md §7: the one thing to do next for a row, most urgent first.
 * An unanswered open claim comes before everything; on an Amazon-fulfilled order the seller must not
 * refund inside the claim (that admits fault) but hand it to Amazon; a "not received" claim on an order
 * with a recorded delivery is answered with the proof of delivery.
 */
export function nextAction(row: OrderRow, states: RowStates): NextAction {
  const unanswered = states.response === 'due' || states.response === 'due_soon' || states.response === 'overdue';
  if (unanswered) {
    if (row.fulfillment === 'afn') return 'submit_to_amazon';
    if (states.response === 'overdue') return 'respond_overdue';
    if (row.claimReason === 'not_received' && row.deliveredAt !== undefined) return 'send_proof_of_delivery';
    return states.response === 'due_soon' ? 'respond_now' : 'respond';
  }
  if (states.appeal === 'open') return 'appeal';
  const claimOpen = claimStatusOf(row) === 'open';
  if (claimOpen) return 'await_decision';
  if (row.claimAt === undefined && !states.windowClosed) {
    if (states.delivery === 'late') return 'contact_buyer';
    if (states.delivery === 'at_risk') return 'check_carrier';
  }
  return 'none';
}
