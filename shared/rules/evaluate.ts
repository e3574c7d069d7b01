import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { EvaluatedRow } from '../schemas/statuses.js';
import { formatDay } from '../time/civil.js';
import { appeal, appealLastDay } from './appeal.js';
import { delivery } from './delivery.js';
import { claimWindowLastDay, eligibilityReasons } from './eligibility.js';
import { nextAction } from './next-action.js';
import { odrDefect } from './odr.js';
import { response, responseDueAt } from './response.js';

/** Every status of one row as of `asOf` (ms since epoch): the contract shared by the CLI, worker and add-in. */
export function evaluateRow(row: OrderRow, policy: Policy, asOf: number, line: number): EvaluatedRow {
  const states = {
    delivery: delivery(row, policy, asOf),
    response: response(row, policy, asOf),
    appeal: appeal(row, policy, asOf),
  };
  const reasons = eligibilityReasons(row, policy, asOf);
  const windowLast = claimWindowLastDay(row, policy);
  const due = responseDueAt(row, policy);
  const appealLast = appealLastDay(row, policy);
  const out: EvaluatedRow = {
    line,
    orderId: row.orderId,
    timeZone: row.timeZone,
    delivery: states.delivery,
    eligibility: reasons.length === 0 ? 'eligible' : 'ineligible',
    eligibilityReasons: reasons,
    claimWindowLastDay: windowLast === null ? null : formatDay(windowLast),
    response: states.response,
    responseDueAt: due === null ? null : new Date(due).toISOString(),
    appeal: states.appeal,
    appealLastDay: appealLast === null ? null : formatDay(appealLast),
    odrDefect: odrDefect(row),
    nextAction: nextAction(row, { ...states, windowClosed: reasons.includes('window_closed') }),
  };
  if (row.orderItemId !== undefined) out.orderItemId = row.orderItemId;
  if (row.sku !== undefined) out.sku = row.sku;
  return out;
}
