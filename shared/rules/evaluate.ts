import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { EvaluatedRow } from '../schemas/statuses.js';
import { formatDay } from '../time/civil.js';
import { appeal, appealLastDay } from './appeal.js';
import { rowDays, type RowDays } from './days.js';
import { delivery } from './delivery.js';
import { claimWindowLastDay, eligibilityReasons } from './eligibility.js';
import { nextAction } from './next-action.js';
import { odrDefect } from './odr.js';
import { response, responseDueAt } from './response.js';

/** Day texts repeat across rows (a report spans a few hundred days): format each once. */
const dayTexts = new Map<number, string>();
function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = formatDay(day);
    if (dayTexts.size > 100_000) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

/** Every status of one row as of `asOf` (ms since epoch): the contract shared by the CLI, worker and add-in. */
export function evaluateRow(row: OrderRow, policy: Policy, asOf: number, line: number, days: RowDays = rowDays(row, asOf)): EvaluatedRow {
  const reasons = eligibilityReasons(row, policy, asOf, days);
  const states = {
    delivery: delivery(row, policy, asOf, days),
    response: response(row, policy, asOf),
    appeal: appeal(row, policy, asOf, days),
    windowClosed: reasons.includes('window_closed'),
  };
  const windowLast = claimWindowLastDay(row, policy, days);
  const due = responseDueAt(row, policy);
  const appealLast = appealLastDay(row, policy, days);
  const out: EvaluatedRow = {
    line,
    orderId: row.orderId,
    timeZone: row.timeZone,
    delivery: states.delivery,
    eligibility: reasons.length === 0 ? 'eligible' : 'ineligible',
    eligibilityReasons: reasons,
    claimWindowLastDay: windowLast === null ? null : dayText(windowLast),
    response: states.response,
    responseDueAt: due === null ? null : new Date(due).toISOString(),
    appeal: states.appeal,
    appealLastDay: appealLast === null ? null : dayText(appealLast),
    odrDefect: odrDefect(row),
    nextAction: nextAction(row, states),
  };
  if (row.orderItemId !== undefined) out.orderItemId = row.orderItemId;
  if (row.sku !== undefined) out.sku = row.sku;
  return out;
}
