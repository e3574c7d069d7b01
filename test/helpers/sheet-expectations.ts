import type { Locale } from '../../shared/i18n/locales.js';
import { YES_NO } from '../../shared/i18n/sheet-text.js';
import type { Policy } from '../../shared/policy/schema.js';
import { claimStatusOf } from '../../shared/rules/days.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { odrSummary } from '../../shared/rules/odr-summary.js';
import { CLAIM_REASONS, CLAIM_STATUSES, type OrderRow } from '../../shared/schemas/order-row.js';
import type { EvaluatedRow } from '../../shared/schemas/statuses.js';
import { parseDayKey } from '../../shared/time/civil.js';
import { startOfDayInZone } from '../../shared/time/zone.js';

/**
 * What the sheet's live formulas must show, computed by the engine alone (evaluateRow, odrSummary)
 * as of one instant: the truth of every conditional-format rule per row, and every dashboard figure.
 */

export const DAY_MS = 86_400_000;
const APPEAL_CLOSING_DAYS = 7;

export interface EvaluatedLine {
  line: number;
  row: OrderRow;
}

/** Whether each rule (by plan id) colours this row, as of `asOf`. */
export function expectedRuleTruth(row: OrderRow, policy: Policy, asOf: number): Record<string, boolean> {
  const r = evaluateRow(row, policy, asOf, 2);
  return {
    'delivery.late': r.delivery === 'late',
    'delivery.at_risk': r.delivery === 'at_risk',
    'response.overdue': r.response === 'overdue',
    'response.due_soon': r.response === 'due_soon',
    'responseDue.overdue': r.response === 'overdue',
    'responseDue.due_soon': r.response === 'due_soon',
    'appealLastDay.closing': appealClosingSoon(row, r, asOf),
    'response.due': r.response === 'due',
    'appeal.open': r.appeal === 'open',
    // States time cannot change, coloured by the words the cell holds.
    'delivery.delivered_on_time': r.delivery === 'delivered_on_time',
    'delivery.delivered_late': r.delivery === 'delivered_late',
    'delivery.cancelled': r.delivery === 'cancelled',
    'response.responded': r.response === 'responded',
    'response.responded_late': r.response === 'responded_late',
    'appeal.appealed': r.appeal === 'appealed',
    'odrDefect.yes': r.odrDefect,
  };
}

function appealClosingSoon(row: OrderRow, r: EvaluatedRow, asOf: number): boolean {
  if (r.appeal !== 'open') return false;
  const closesAt = startOfDayInZone(parseDayKey(r.appealLastDay!)! + 1, row.timeZone);
  return closesAt - asOf <= APPEAL_CLOSING_DAYS * DAY_MS;
}

/** Every dashboard figure (by plan id) as of `asOf`. */
export function expectedFigures(
  lines: readonly EvaluatedLine[],
  errorRows: number,
  policy: Policy,
  asOf: number,
  reportZone: string,
  language: Locale = 'en',
): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const bump = (id: string) => (out[id] = ((out[id] as number | undefined) ?? 0) + 1);
  const zero = (ids: string[]) => ids.forEach((id) => (out[id] = 0));
  zero(['delivery.pending', 'delivery.at_risk', 'delivery.late', 'delivery.delivered_on_time', 'delivery.delivered_late', 'delivery.unknown', 'delivery.cancelled']);
  zero(['response.due', 'response.due_soon', 'response.overdue', 'response.responded', 'response.responded_late', 'response.none']);
  zero(['appeal.open', 'appeal.closed', 'appeal.appealed', 'appeal.none', 'eligibility.eligible', 'eligibility.ineligible', 'deadlines.appealsClosing']);
  for (const reason of [...CLAIM_REASONS, 'unspecified']) {
    out[`claims.${reason}.total`] = 0;
    for (const status of CLAIM_STATUSES) out[`claims.${reason}.${status}`] = 0;
  }
  for (const { row, line } of lines) {
    const r = evaluateRow(row, policy, asOf, line);
    bump(`delivery.${r.delivery}`);
    bump(`response.${r.response}`);
    bump(`appeal.${r.appeal}`);
    bump(`eligibility.${r.eligibility}`);
    if (appealClosingSoon(row, r, asOf)) bump('deadlines.appealsClosing');
    const status = claimStatusOf(row);
    if (status !== undefined) {
      const reason = row.claimReason ?? 'unspecified';
      bump(`claims.${reason}.${status}`);
      bump(`claims.${reason}.total`);
    }
  }
  out['rows.evaluated'] = lines.length;
  out['rows.errors'] = errorRows;
  out['deadlines.dueSoon'] = out['response.due_soon']!;
  out['deadlines.overdue'] = out['response.overdue']!;
  out['deadlines.late'] = out['delivery.late']!;
  const odr = odrSummary(
    lines.map((l) => l.row),
    policy,
    asOf,
    reportZone,
  );
  const sides = { all: { orders: odr.orders, ordersWithDefects: odr.ordersWithDefects }, afn: odr.afn, mfn: odr.mfn };
  for (const [id, side] of Object.entries(sides)) {
    out[`odr.${id}.orders`] = side.orders;
    out[`odr.${id}.defects`] = side.ordersWithDefects;
    out[`odr.${id}.rate`] = side.orders === 0 ? '' : side.ordersWithDefects / side.orders;
  }
  out['odr.target'] = policy.odrTarget;
  out['odr.meetsTarget'] = YES_NO[odr.meetsTarget ? 'yes' : 'no'][language];
  return out;
}
