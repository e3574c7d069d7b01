import { z } from 'zod';
import type { CanonicalColumn } from '../columns/canonical.js';
import type { ColumnMap } from '../columns/map-header.js';
import { yesNo } from '../columns/vocabulary.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { RowError } from '../schemas/statuses.js';
import { excerpt } from '../text/excerpt.js';
import { parseDateCell, type DateOrder } from '../time/parse.js';
import type { ExcelDateSystem } from '../time/excel-serial.js';
import { columnsOf, kindSpec, REPORT_KINDS, type FactColumn, type ReportKind } from './kinds.js';
import type { ReportItem } from './read-report.js';
import type { SellerPerformance } from './seller-performance.js';

const instant = z.number().finite();

/** Where a fact was read: the file as the user named it, its line (header = line 1) and the report's kind. */
export const FactSourceSchema = z.object({ file: z.string(), line: z.number().int().nonnegative(), kind: z.enum(REPORT_KINDS) });

/** What a shipment report says of one order line (FBA Amazon Fulfilled Shipments, a shipping confirmation). */
export const ShipmentFactsSchema = z.object({
  carrier: z.string().optional(),
  trackingNumber: z.string().optional(),
  shippedAt: instant.optional(),
  source: FactSourceSchema,
});

/** What a Returns report says of one returned item. */
export const ReturnFactsSchema = z.object({
  requestedAt: instant.optional(),
  status: z.string().optional(),
  reason: z.string().optional(),
  resolution: z.string().optional(),
  /** As written, e.g. `12.99`, with the currency when the report gives one. */
  refundedAmount: z.string().optional(),
  currency: z.string().optional(),
  /** The report's "A-to-Z Claim" flag: a claim was filed on this return. */
  atozClaim: z.boolean().optional(),
  returnDeliveredAt: instant.optional(),
  trackingId: z.string().optional(),
  source: FactSourceSchema,
});

/** One line of the seller Feedback report. The date is kept as written (the report writes 10/20/23). */
export const FeedbackFactsSchema = z.object({
  rating: z.number().int().min(1).max(5),
  date: z.string().optional(),
  comments: z.string().optional(),
  source: FactSourceSchema,
});

export type FactSource = z.infer<typeof FactSourceSchema>;
export type ShipmentFacts = z.infer<typeof ShipmentFactsSchema>;
export type ReturnFacts = z.infer<typeof ReturnFactsSchema>;
export type FeedbackFacts = z.infer<typeof FeedbackFactsSchema>;

/** Engine fields a report line may state about an order line. */
export type FactField = Exclude<keyof OrderRow, 'orderId' | 'timeZone'>;

/** One line of any report, as facts about an order (and, when it names one, an order item or SKU). */
export interface FactRecord {
  source: FactSource;
  orderId: string;
  orderItemId?: string | undefined;
  sku?: string | undefined;
  /** The engine fields this line states: those of the columns its kind owns, and its purchase date (to be checked). */
  fields: Partial<Pick<OrderRow, FactField>>;
  shipment?: ShipmentFacts;
  returned?: ReturnFacts;
  feedback?: FeedbackFacts;
  /** A Seller Performance report (account-level, orderId ''): the worker keeps it to show Amazon's ODR beside ours. */
  performance?: SellerPerformance;
}

/** Which engine field each canonical column fills. */
export const FIELD_OF: Partial<Record<CanonicalColumn, FactField>> = {
  purchaseDate: 'purchaseAt',
  orderStatus: 'orderStatus',
  fulfillmentChannel: 'fulfillment',
  salesChannel: 'salesChannel',
  itemType: 'itemType',
  maxEdd: 'maxEddAt',
  deliveredDate: 'deliveredAt',
  claimDate: 'claimAt',
  claimReason: 'claimReason',
  claimStatus: 'claimStatus',
  buyerContactDate: 'buyerContactAt',
  responseDate: 'responseAt',
  decisionDate: 'decisionAt',
  appealDate: 'appealAt',
  chargeback: 'chargeback',
  feedbackRating: 'feedbackRating',
};

/** The engine fields a header states (columns it has), for telling a stated value from a default. */
export function statedFields(columns: ColumnMap, kind?: ReportKind): Set<FactField> {
  const owned = kind ? new Set<string>([...(kindSpec(kind)?.owns ?? []), ...(kindSpec(kind)?.fills ?? [])]) : undefined;
  const fields = new Set<FactField>();
  for (const column of Object.keys(columns) as CanonicalColumn[]) {
    const field = FIELD_OF[column];
    if (field && (!owned || owned.has(column) || field === 'purchaseAt')) fields.add(field);
  }
  return fields;
}

/** The engine fields an import of `kind` sets only with a value (KindSpec.fills): an empty cell keeps the line's. */
export function fillFields(kind: ReportKind | undefined): Set<FactField> {
  const fields = new Set<FactField>();
  for (const column of (kind ? kindSpec(kind)?.fills : undefined) ?? []) {
    const field = FIELD_OF[column as CanonicalColumn];
    if (field) fields.add(field);
  }
  return fields;
}

export interface FactReadOptions {
  dateOrder?: DateOrder | undefined;
  excelDateSystem?: ExcelDateSystem | undefined;
}

const A_TO_Z_YES = new Set(['y', 'yes', 'true', '1']);

/**
 * Turns the lines of one opened report into FactRecords: the engine fields the RowBuilder read (kept to the
 * columns the kind owns) plus the kind's own facts (carrier, return dates, rating…). A line the RowBuilder
 * refused (an empty order id, a bad date) stays a row error; so does a bad cell of the kind's own columns.
 */
export class FactBuilder {
  private readonly at: Partial<Record<FactColumn, number>>;
  private readonly stated: Set<FactField>;

  constructor(
    private readonly kind: ReportKind,
    /** The header as written (trimmed), naming columns in row errors. */
    private readonly headers: readonly string[],
    columns: ColumnMap,
    private readonly file: string,
    private readonly options: FactReadOptions = {},
  ) {
    this.at = columnsOf(headers) as Partial<Record<FactColumn, number>>;
    this.stated = statedFields(columns, kind);
  }

  build(item: ReportItem): FactRecord | RowError[] {
    if (item.errors) return item.errors;
    const { row, cells, line } = item;
    const source: FactSource = { file: this.file, line, kind: this.kind };
    const fields: FactRecord['fields'] = {};
    for (const field of this.stated) {
      const value = row[field];
      if (value !== undefined) (fields as Record<string, unknown>)[field] = value;
    }
    const record: FactRecord = { source, orderId: row.orderId, orderItemId: row.orderItemId, sku: row.sku, fields };
    const errors: RowError[] = [];
    const cell = (column: FactColumn) => {
      const index = this.at[column];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const header = (column: FactColumn) => this.headers[this.at[column] ?? -1] ?? null;
    const date = (column: FactColumn): number | undefined => {
      const raw = cell(column);
      if (!raw) return undefined;
      const parsed = parseDateCell(raw, { zone: row.timeZone, dateOrder: this.options.dateOrder, excelDateSystem: this.options.excelDateSystem });
      if (parsed.ok) return parsed.ms;
      errors.push({ line, column: header(column), message: parsed.message });
      return undefined;
    };
    const text = (column: FactColumn) => cell(column) || undefined;

    if (this.kind === 'feedback') {
      const raw = cell('rating');
      const rating = Number(raw);
      if (Number.isInteger(rating) && rating >= 1 && rating <= 5) {
        record.feedback = { rating, date: text('feedbackDate'), comments: text('feedbackComments'), source };
        fields.feedbackRating = rating;
      } else {
        errors.push({ line, column: header('rating'), message: `${excerpt(raw)} is not a feedback rating; accepted: a whole number from 1 to 5` });
      }
    } else if (this.kind === 'returns') {
      const flag = cell('atozClaim');
      if (flag && !A_TO_Z_YES.has(flag.toLowerCase()) && yesNo.read(flag) === undefined) {
        errors.push({ line, column: header('atozClaim'), message: `${excerpt(flag)} is not yes or no; accepted: Y, N, yes, no, true, false` });
      }
      record.returned = {
        requestedAt: date('returnDate'),
        status: text('returnStatus'),
        reason: text('returnReason'),
        resolution: text('returnResolution'),
        refundedAmount: text('refundedAmount'),
        currency: text('currency'),
        atozClaim: flag ? A_TO_Z_YES.has(flag.toLowerCase()) || yesNo.read(flag) === 'yes' : undefined,
        returnDeliveredAt: date('returnDeliveryDate'),
        trackingId: text('returnTracking'),
        source,
      };
    } else if (this.kind === 'shipments') {
      record.shipment = { carrier: text('carrier'), trackingNumber: text('trackingNumber'), shippedAt: date('shipDate'), source };
    }
    return errors.length > 0 ? errors : record;
  }
}
