import type { RowFacts } from '../../excel/index.js';
import { appealDraft, responseDraft, type DraftFacts } from '../../../shared/drafts/claim-drafts.js';
import { draftFactsOf } from '../../../shared/sheet/fact-columns.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import type { OrderRow } from '../../../shared/schemas/order-row.js';
import type { EvaluatedRow } from '../../../shared/schemas/statuses.js';
import { wallClockToInstant } from '../../../shared/time/zone.js';

/**
 * The shared drafts take the engine's OrderRow; the glue hands the row help its facts with dates as
 * marketplace wall-clock text (`YYYY-MM-DD HH:mm`). Reading them back on the same clock gives the
 * instants the drafts print again, minute for minute.
 */
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

function instantOf(text: string | undefined, zone: string): number | undefined {
  const m = text === undefined ? null : WALL_CLOCK.exec(text);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return wallClockToInstant(wall, zone);
}

export function orderRowOf(facts: RowFacts): OrderRow {
  const at = (key: keyof RowFacts['dates']) => instantOf(facts.dates[key], facts.timeZone);
  const row: OrderRow = {
    orderId: facts.orderId,
    timeZone: facts.timeZone,
    fulfillment: facts.fulfillment,
    itemType: facts.itemType,
    chargeback: facts.chargeback,
  };
  const optional: Partial<OrderRow> = {
    orderItemId: facts.orderItemId,
    sku: facts.sku,
    salesChannel: facts.salesChannel,
    claimReason: facts.claimReason,
    claimStatus: facts.claimStatus,
    feedbackRating: facts.feedbackRating,
    purchaseAt: at('purchase'),
    maxEddAt: at('maxEstimatedDelivery'),
    deliveredAt: at('delivered'),
    claimAt: at('claim'),
    buyerContactAt: at('buyerContact'),
    responseAt: at('response'),
    decisionAt: at('decision'),
    appealAt: at('appeal'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (row as Record<string, unknown>)[key] = value;
  return row;
}

export type DraftKind = 'response' | 'appeal';

/** The row's fact columns (carrier, tracking, return, refund) as the drafts' facts, cited instead of placeholders. */
export function reportFactsOf(facts: RowFacts, sheetRow: number): DraftFacts['facts'] {
  const reports = facts.reports;
  if (!reports) return undefined;
  return draftFactsOf({ ...reports, shipDate: instantOf(reports.shipDate, facts.timeZone), returnRequested: instantOf(reports.returnRequested, facts.timeZone) }, sheetRow);
}

export function draftText(kind: DraftKind, facts: RowFacts, result: EvaluatedRow, locale: Locale): string {
  const input: DraftFacts = { row: orderRowOf(facts), result, facts: reportFactsOf(facts, result.line) };
  return kind === 'response' ? responseDraft(input, locale) : appealDraft(input, locale);
}

/** A response draft fits a row with a claim; an appeal draft a decision that can (or could) be appealed. */
export function draftsFor(facts: RowFacts, result: EvaluatedRow): Record<DraftKind, boolean> {
  return { response: facts.claimStatus !== undefined, appeal: result.appeal !== 'none' };
}
