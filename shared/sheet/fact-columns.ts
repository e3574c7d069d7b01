import { canonicalColumnOf } from '../columns/map-header.js';
import { normalizeName } from '../columns/normalize.js';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { FACT_COLUMN_HEADERS } from '../i18n/sheet-text.js';
import type { ReturnFacts, ShipmentFacts } from '../report/facts.js';

/**
 * The columns Sync writes from what the worker's feedback, returns and shipments imports say of a line (its
 * `facts`): report-owned, rewritten by each sync, never sent back as operator edits. A sheet column that already
 * means the field (a report's own `carrier` or `tracking-number`, the engine's feedback-rating column) is used
 * instead of adding one. The feedback rating is the engine's feedbackRating column (an operator column: Sync
 * fills it where empty, as any operator value the worker has, so the flagging counts a 1-2 star rating).
 */
export type FactColumnKey = keyof typeof FACT_COLUMN_HEADERS;

export interface FactColumnSpec {
  key: FactColumnKey;
  /** date: written as a date cell (an ISO instant from the worker); text: as text ("@"). */
  kind: 'text' | 'date';
  /** Report headers that mean the same field, besides our own headers in every language. */
  aliases: readonly string[];
  /** Character width of a column Sync adds (a date with its time, a UPS tracking number fit). */
  width: number;
}

/** In the order they are added to a sheet. */
export const FACT_COLUMNS: readonly FactColumnSpec[] = [
  { key: 'feedbackRating', kind: 'text', aliases: [], width: 10 },
  { key: 'carrier', kind: 'text', aliases: ['carrier', 'carrier-name', 'ship-carrier'], width: 12 },
  // Not "Tracking ID": the Returns report's name for the return label's tracking number.
  { key: 'trackingNumber', kind: 'text', aliases: ['tracking-number'], width: 22 },
  { key: 'shipDate', kind: 'date', aliases: ['shipment-date', 'ship-date', 'shipped-date'], width: 17 },
  { key: 'returnStatus', kind: 'text', aliases: ['return-status'], width: 14 },
  { key: 'returnRequested', kind: 'date', aliases: ['return-request-date', 'return-requested-date'], width: 17 },
  { key: 'refundedAmount', kind: 'text', aliases: ['refunded-amount', 'refund-amount'], width: 14 },
];

/** A fact column's header in the sheet's language. */
export function factColumnHeader(key: FactColumnKey, language: Locale): string {
  return FACT_COLUMN_HEADERS[key][language];
}

const lookup = new Map<string, FactColumnKey>();
for (const spec of FACT_COLUMNS) {
  if (spec.key === 'feedbackRating') continue; // the engine's column: canonicalColumnOf decides
  for (const name of [...LOCALES.map((l) => FACT_COLUMN_HEADERS[spec.key][l]), ...spec.aliases]) lookup.set(normalizeName(name), spec.key);
}

/** The fact a sheet header names (our header in any language, or a report's name for the same field). */
export function factColumnOf(header: string): FactColumnKey | undefined {
  if (canonicalColumnOf(header) === 'feedbackRating') return 'feedbackRating';
  return lookup.get(normalizeName(header));
}

/** What the worker says of a line (OrderLine.facts, instants as ISO text): the part the fact columns show. */
export interface SheetFacts {
  shipments: readonly { carrier?: string | undefined; trackingNumber?: string | undefined; shippedAt?: string | undefined }[];
  returns: readonly { status?: string | undefined; requestedAt?: string | undefined; refundedAmount?: string | undefined; currency?: string | undefined }[];
  feedback?: { rating: number } | undefined;
}

/** Distinct non-empty values, joined as one cell. */
const joined = (values: readonly (string | undefined)[]): string | undefined => {
  const distinct = [...new Set(values.map((v) => v?.trim()).filter((v): v is string => v !== undefined && v !== ''))];
  return distinct.length === 0 ? undefined : distinct.join(', ');
};

/**
 * The fact columns' texts of a line: every shipment's carrier and tracking number (distinct, joined), the
 * latest ship date; the latest return's status, request date and refund (amount and currency); the feedback
 * rating. Dates stay ISO instants (the sheet writes them as dates in the line's zone). Undefined: nothing said.
 */
export function factTexts(facts: SheetFacts): Partial<Record<FactColumnKey, string>> {
  const out: Partial<Record<FactColumnKey, string>> = {};
  const put = (key: FactColumnKey, text: string | undefined) => {
    if (text !== undefined && text !== '') out[key] = text;
  };
  if (facts.feedback) put('feedbackRating', String(facts.feedback.rating));
  put('carrier', joined(facts.shipments.map((s) => s.carrier)));
  put('trackingNumber', joined(facts.shipments.map((s) => s.trackingNumber)));
  const shipped = facts.shipments.map((s) => s.shippedAt).filter((at): at is string => at !== undefined);
  put('shipDate', shipped.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1));
  // The latest return by its request date (reports may be imported in any order); undated ones count as oldest.
  const requested = (at: string | undefined) => (at === undefined ? -Infinity : Date.parse(at));
  const latest = [...facts.returns].sort((a, b) => requested(a.requestedAt) - requested(b.requestedAt)).at(-1);
  if (latest) {
    put('returnStatus', latest.status?.trim());
    put('returnRequested', latest.requestedAt);
    put('refundedAmount', latest.refundedAmount ? `${latest.refundedAmount.trim()}${latest.currency ? ` ${latest.currency.trim()}` : ''}` : undefined);
  }
  return out;
}

/** What a sheet row's fact columns say (as Sync wrote them or the operator typed them), dates as instants (ms). */
export interface SheetFactValues {
  carrier?: string | undefined;
  trackingNumber?: string | undefined;
  shipDate?: number | undefined;
  returnStatus?: string | undefined;
  returnRequested?: number | undefined;
  refundedAmount?: string | undefined;
}

/**
 * A sheet row's fact columns as the drafts' facts (claim-drafts.ts DraftFacts): a shipment when the row names a
 * carrier, tracking number or ship date, a return when it names a return status, request date or refund
 * ("12.50 USD": amount and currency). Undefined when the row says none of them.
 */
export function draftFactsOf(values: SheetFactValues, sheetRow: number): { shipments: ShipmentFacts[]; returns: ReturnFacts[] } | undefined {
  const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const shipment: ShipmentFacts = { source: { file: 'the sheet', line: sheetRow, kind: 'shipments' } };
  const carrier = text(values.carrier);
  const trackingNumber = text(values.trackingNumber);
  if (carrier !== undefined) shipment.carrier = carrier;
  if (trackingNumber !== undefined) shipment.trackingNumber = trackingNumber;
  if (values.shipDate !== undefined) shipment.shippedAt = values.shipDate;
  const returned: ReturnFacts = { source: { file: 'the sheet', line: sheetRow, kind: 'returns' } };
  const status = text(values.returnStatus);
  if (status !== undefined) returned.status = status;
  if (values.returnRequested !== undefined) returned.requestedAt = values.returnRequested;
  const refund = text(values.refundedAmount);
  if (refund !== undefined) {
    const withCurrency = /^(.*\S)\s+([A-Z]{3})$/.exec(refund);
    returned.refundedAmount = withCurrency ? withCurrency[1]! : refund;
    if (withCurrency) returned.currency = withCurrency[2]!;
  }
  const shipments = Object.keys(shipment).length > 1 ? [shipment] : [];
  const returns = Object.keys(returned).length > 1 ? [returned] : [];
  return shipments.length + returns.length === 0 ? undefined : { shipments, returns };
}
