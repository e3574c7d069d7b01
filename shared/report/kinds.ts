import { CANONICAL_COLUMNS, OPERATOR_COLUMNS, type CanonicalColumn } from '../columns/canonical.js';
import { canonicalColumnOf } from '../columns/map-header.js';
import { normalizeName } from '../columns/normalize.js';

/**
 * The reports a seller downloads (docs/reports.md), each with the columns it owns: an import of one kind
 * sets only its own facts, so a feedback report never blanks a claim date and a claim sheet never moves
 * a purchase date.
 */
export const REPORT_KINDS = ['orders', 'shipments', 'feedback', 'returns', 'claims', 'seller-performance'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Kinds whose lines are order lines the engine evaluates on their own. */
export const ROW_KINDS: readonly ReportKind[] = ['orders', 'shipments', 'claims'];

/**
 * The facts other reports add to an order line, and every header spelling Amazon's downloads use
 * (test/fixtures/amazon-reports/SOURCES.md): the Feedback report (GET_SELLER_FEEDBACK_DATA), the Returns
 * reports (MFN GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE, FBA GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA),
 * FBA Amazon Fulfilled Shipments and the merchant shipping-confirmation file. Flat files come with these
 * English headers on every marketplace (the Amazon.co.jp fixture has them too).
 */
export const FACT_COLUMNS = {
  feedbackDate: ['date', 'feedback-date'],
  rating: ['rating'],
  feedbackComments: ['comments'],
  feedbackResponse: ['your response'],
  returnDate: ['return request date', 'return-date'],
  returnStatus: ['return request status', 'status'],
  returnReason: ['return reason', 'reason'],
  returnResolution: ['resolution', 'detailed-disposition'],
  refundedAmount: ['refunded amount'],
  currency: ['currency code', 'currency'],
  atozClaim: ['a-to-z claim'],
  returnDeliveryDate: ['return delivery date'],
  returnTracking: ['tracking id'],
  carrier: ['carrier', 'carrier-name', 'carrier-code'],
  trackingNumber: ['tracking-number'],
  shipDate: ['shipment-date', 'ship-date'],
} as const;
export type FactColumn = keyof typeof FACT_COLUMNS;

type AnyColumn = CanonicalColumn | FactColumn;

export interface KindSpec {
  kind: ReportKind;
  /** What an operator calls it and where Seller Central offers it. */
  title: string;
  /** Every one of these must be in the header (the detection signature). */
  needs: readonly AnyColumn[];
  /** At least one of these, when given. */
  needsOneOf?: readonly AnyColumn[];
  /** The columns an import of this kind sets; nothing else of an order changes. */
  owns: readonly AnyColumn[];
  /**
   * Columns it sets only where its cell has a value, never blanking what the line has: a claim sheet's copy of the
   * order report's columns (an operator's delivered date or status fills in; an empty cell keeps the report's).
   */
  fills?: readonly AnyColumn[];
}

const CLAIM_COLUMNS = OPERATOR_COLUMNS;

/** In detection order: the first kind whose signature a header has is its kind. */
export const KIND_SPECS: readonly KindSpec[] = [
  {
    kind: 'feedback',
    title: 'Feedback report (Performance → Feedback → Download)',
    needs: ['orderId', 'rating'],
    owns: ['feedbackDate', 'rating', 'feedbackComments', 'feedbackResponse'],
  },
  {
    kind: 'returns',
    title: 'Returns report (MFN returns, or FBA customer returns)',
    needs: ['orderId', 'returnDate'],
    owns: ['returnDate', 'returnStatus', 'returnReason', 'returnResolution', 'refundedAmount', 'currency', 'atozClaim', 'returnDeliveryDate', 'returnTracking'],
  },
  {
    kind: 'shipments',
    title: 'Amazon Fulfilled Shipments (FBA) or a merchant shipping confirmation',
    needs: ['orderId', 'trackingNumber'],
    needsOneOf: ['carrier'],
    owns: ['carrier', 'trackingNumber', 'shipDate', 'maxEdd', 'deliveredDate'],
  },
  {
    kind: 'claims',
    title: "operators' claim sheet (CSV or .xlsx)",
    needs: ['orderId'],
    needsOneOf: CLAIM_COLUMNS.filter((c) => c !== 'itemType'),
    owns: CLAIM_COLUMNS,
    // An operator's sheet of orders and claims (the example sheet) carries order columns too: its delivery dates and
    // marketplace fill in (Amazon's order reports have no delivery date; the operator knows it). Never the purchase
    // date (the order report's; a differing one is a warning), the order status (Amazon's word, not the operator's)
    // nor the fulfilment channel (an empty cell reads as the seller's, so it cannot say "nothing here").
    fills: ['salesChannel', 'maxEdd', 'deliveredDate'],
  },
  {
    kind: 'orders',
    title: 'order report (All Orders, Unshipped, New Orders, Archived orders)',
    needs: ['orderId'],
    owns: ['orderItemId', 'sku', 'purchaseDate', 'orderStatus', 'fulfillmentChannel', 'salesChannel', 'maxEdd', 'deliveredDate'],
  },
];

export function kindSpec(kind: ReportKind): KindSpec | undefined {
  return KIND_SPECS.find((spec) => spec.kind === kind);
}

const factLookup: ReadonlyMap<string, FactColumn> = new Map(
  (Object.entries(FACT_COLUMNS) as [FactColumn, readonly string[]][]).flatMap(([column, aliases]) => aliases.map((a) => [normalizeName(a), column] as const)),
);

/** Where each column sits in a header (0-based), canonical and fact columns both; the leftmost spelling wins. */
export function columnsOf(headers: readonly string[]): Partial<Record<AnyColumn, number>> {
  const at: Partial<Record<AnyColumn, number>> = {};
  headers.forEach((header, index) => {
    const fact = factLookup.get(normalizeName(header));
    if (fact !== undefined && at[fact] === undefined) at[fact] = index;
    const canonical = canonicalColumnOf(header);
    if (canonical !== undefined && at[canonical] === undefined) at[canonical] = index;
  });
  return at;
}

function has(spec: KindSpec, at: Partial<Record<AnyColumn, number>>): boolean {
  return spec.needs.every((c) => at[c] !== undefined) && (!spec.needsOneOf || spec.needsOneOf.some((c) => at[c] !== undefined));
}

/** The kind a header row names, or undefined when no kind's signature is in it. */
export function detectKind(headers: readonly string[]): ReportKind | undefined {
  const at = columnsOf(headers);
  return KIND_SPECS.find((spec) => has(spec, at))?.kind;
}

/** A header's text for a column, as the docs and messages show it. */
export function columnLabel(column: AnyColumn): string {
  return column in FACT_COLUMNS ? FACT_COLUMNS[column as FactColumn][0] : CANONICAL_COLUMNS[column as CanonicalColumn][0];
}

/**
 * For a header no kind fits: each kind it could be (those it shares a column with first) and the
 * columns that kind still needs, e.g. `feedback: needs order-id (has rating)`.
 */
export function kindCandidates(headers: readonly string[]): string[] {
  const at = columnsOf(headers);
  const scored = KIND_SPECS.map((spec) => {
    const wanted = [...spec.needs, ...(spec.needsOneOf ?? [])];
    const present = wanted.filter((c) => at[c] !== undefined);
    const missing = spec.needs.filter((c) => at[c] === undefined).map(columnLabel);
    if (spec.needsOneOf && !spec.needsOneOf.some((c) => at[c] !== undefined)) missing.push(`one of ${spec.needsOneOf.map(columnLabel).join(', ')}`);
    return { spec, present, missing };
  }).filter((s) => s.missing.length > 0);
  scored.sort((a, b) => b.present.length - a.present.length);
  return scored.map(
    ({ spec, present, missing }) =>
      `${spec.kind} (${spec.title}): needs ${missing.join(' and ')}${present.length ? ` (has ${present.map(columnLabel).join(', ')})` : ''}`,
  );
}

export function isReportKind(text: string): text is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(text);
}

/** Columns that identify a line: every kind that stores lines states them as it reads them. */
const KEY_COLUMNS: ReadonlySet<AnyColumn> = new Set<AnyColumn>(['orderId', 'orderItemId', 'sku']);

/**
 * The column a header names (canonical, else a fact column), else the header's own normalized text: what makes two
 * headers one cell of a line (`purchase-date` in the order report, `Order Date` in a claim sheet).
 */
export function cellColumnOf(header: string): string {
  const name = normalizeName(header);
  return canonicalColumnOf(header) ?? factLookup.get(name) ?? `#${name}`;
}

/**
 * What an import of `kind` does with a line's cell under `header` (the report's own text, kept by the worker): an
 * order report `sets` every cell it has; any other kind sets the cells of the columns it owns, of the key columns, and
 * of columns no kind that stores lines reads (a product name, an operator's notes or "Status": the file's own text); it
 * `fills` the cells of its `fills` columns only with a non-empty value; a column another kind that stores lines owns (a
 * claim sheet's purchase date) `keeps` the line's.
 */
export function cellRule(kind: ReportKind, header: string): 'sets' | 'fills' | 'keeps' {
  if (kind === 'orders') return 'sets';
  const spec = kindSpec(kind);
  const owns = spec?.owns ?? [];
  const columns = [canonicalColumnOf(header), factLookup.get(normalizeName(header))].filter((column) => column !== undefined);
  if (columns.length === 0 || columns.some((column) => KEY_COLUMNS.has(column) || owns.includes(column))) return 'sets';
  if (columns.some((column) => spec?.fills?.includes(column))) return 'fills';
  // Kept only where another kind that stores lines owns the column (a claim sheet's purchase date or order status);
  // a word a feedback or returns report uses ("Status", "Comments", "Date") is the operator's own column here.
  const ownedElsewhere = columns.some((column) => ROW_KINDS.some((other) => other !== kind && (kindSpec(other)?.owns ?? []).includes(column)));
  return ownedElsewhere ? 'keeps' : 'sets';
}
