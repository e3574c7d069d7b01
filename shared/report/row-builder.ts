import { CANONICAL_COLUMNS, type CanonicalColumn } from '../columns/canonical.js';
import type { ColumnMap } from '../columns/map-header.js';
import { claimReasons, claimStatuses, fulfillments, itemTypes, yesNo } from '../columns/vocabulary.js';
import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { RowError } from '../schemas/statuses.js';
import type { ExcelDateSystem } from '../time/excel-serial.js';
import { parseDateCell, type DateOrder, type DateParseOptions } from '../time/parse.js';
import { excerpt } from '../text/excerpt.js';
import { zoneForChannel } from '../time/zone.js';

export interface RowBuildOptions {
  policy: Policy;
  dateOrder?: DateOrder | undefined;
  excelDateSystem?: ExcelDateSystem | undefined;
}

type DateField = 'purchaseAt' | 'maxEddAt' | 'deliveredAt' | 'claimAt' | 'buyerContactAt' | 'responseAt' | 'decisionAt' | 'appealAt';
const DATE_COLUMNS: [CanonicalColumn, DateField][] = [
  ['purchaseDate', 'purchaseAt'],
  ['maxEdd', 'maxEddAt'],
  ['deliveredDate', 'deliveredAt'],
  ['claimDate', 'claimAt'],
  ['buyerContactDate', 'buyerContactAt'],
  ['responseDate', 'responseAt'],
  ['decisionDate', 'decisionAt'],
  ['appealDate', 'appealAt'],
];

const listOf = (values: readonly string[]) => values.join(', ');
/** Excel shows long numbers like 5.80293E+13 and drops their last digits. */
const SCIENTIFIC = /^\d(?:\.\d+)?E\+\d+$/i;

/**
 * Turns one record's cells into a typed OrderRow, or the errors of its bad cells (docs/rules.md §8):
 * a bad cell leaves the row out and names its line, the column as the file wrote it, and what
 * would have been accepted.
 */
export class RowBuilder {
  private readonly zones = new Map<string, string>();
  private readonly dateColumns: { index: number; header: string; field: DateField }[];
  /** Cell index of each canonical column, -1 where the report has none (read per row, so kept flat). */
  private readonly at: Record<CanonicalColumn, number>;
  /** Per column: first line and count of values Excel had turned into numbers (digits lost). */
  readonly mangled = new Map<string, { firstLine: number; count: number; example: string }>();

  constructor(
    private readonly columns: ColumnMap,
    private readonly options: RowBuildOptions,
  ) {
    this.dateColumns = DATE_COLUMNS.flatMap(([column, field]) => {
      const at = columns[column];
      return at ? [{ ...at, field }] : [];
    });
    this.at = Object.fromEntries(
      (Object.keys(CANONICAL_COLUMNS) as CanonicalColumn[]).map((column) => [column, columns[column]?.index ?? -1]),
    ) as Record<CanonicalColumn, number>;
  }

  build(cells: readonly string[], line: number): OrderRow | RowError[] {
    const at = this.at;
    let errors: RowError[] | undefined;

    const orderId = text(cells, at.orderId);
    if (orderId === '') errors = this.bad(errors, line, 'orderId', 'the order id is empty');
    const salesChannel = text(cells, at.salesChannel);
    const timeZone = this.zoneOf(salesChannel);

    // Every field present from the start: one object shape for all rows keeps the rules' property reads fast.
    const row: OrderRow = {
      orderId,
      orderItemId: this.identifier('orderItemId', text(cells, at.orderItemId), line),
      sku: text(cells, at.sku) || undefined,
      timeZone,
      purchaseAt: undefined,
      orderStatus: text(cells, at.orderStatus) || undefined,
      fulfillment: 'mfn',
      salesChannel: salesChannel || undefined,
      itemType: 'physical',
      maxEddAt: undefined,
      deliveredAt: undefined,
      claimAt: undefined,
      claimReason: undefined,
      claimStatus: undefined,
      buyerContactAt: undefined,
      responseAt: undefined,
      decisionAt: undefined,
      appealAt: undefined,
      chargeback: false,
      feedbackRating: undefined,
    };

    const fulfillment = text(cells, at.fulfillmentChannel);
    if (fulfillment) {
      const value = fulfillments.read(fulfillment);
      if (value) row.fulfillment = value;
      else errors = this.bad(errors, line, 'fulfillmentChannel', `${excerpt(fulfillment)} is not a fulfilment channel; accepted: Amazon or AFN (Amazon-fulfilled), Merchant or MFN (seller-fulfilled)`);
    }
    const itemType = text(cells, at.itemType);
    if (itemType) {
      const value = itemTypes.read(itemType);
      if (value) row.itemType = value;
      else errors = this.bad(errors, line, 'itemType', `${excerpt(itemType)} is not an item type; accepted: ${listOf(itemTypes.accepted)} (e.g. "gift card" = stored_value)`);
    }
    const reason = text(cells, at.claimReason);
    if (reason) {
      const value = claimReasons.read(reason);
      if (value) row.claimReason = value;
      else errors = this.bad(errors, line, 'claimReason', `${excerpt(reason)} is not a claim reason; accepted: ${listOf(claimReasons.accepted)}`);
    }
    const claimStatus = text(cells, at.claimStatus);
    if (claimStatus) {
      const value = claimStatuses.read(claimStatus);
      if (value) row.claimStatus = value;
      else errors = this.bad(errors, line, 'claimStatus', `${excerpt(claimStatus)} is not a claim status; accepted: ${listOf(claimStatuses.accepted)}`);
    }
    const chargeback = text(cells, at.chargeback);
    if (chargeback) {
      const value = yesNo.read(chargeback);
      if (value) row.chargeback = value === 'yes';
      else errors = this.bad(errors, line, 'chargeback', `${excerpt(chargeback)} is not yes or no; accepted: yes, no, true, false, 1, 0`);
    }
    const rating = text(cells, at.feedbackRating);
    if (rating) {
      const value = Number(rating);
      if (Number.isInteger(value) && value >= 1 && value <= 5) row.feedbackRating = value;
      else errors = this.bad(errors, line, 'feedbackRating', `${excerpt(rating)} is not a feedback rating; accepted: a whole number from 1 to 5`);
    }

    let dateOptions: DateParseOptions | undefined;
    for (const { index, header, field } of this.dateColumns) {
      const raw = cells[index];
      if (raw === undefined || raw === '' || raw.trim() === '') continue;
      dateOptions ??= { zone: timeZone, dateOrder: this.options.dateOrder, excelDateSystem: this.options.excelDateSystem };
      const parsed = parseDateCell(raw, dateOptions);
      if (parsed.ok) row[field] = parsed.ms;
      else (errors ??= []).push({ line, column: header, message: parsed.message });
    }
    if (row.claimStatus !== undefined && row.claimAt === undefined && !errors?.some((e) => e.column === this.columns.claimDate?.header)) {
      errors = this.bad(errors, line, 'claimDate', `the claim status is ${excerpt(claimStatus)} but the claim date is empty; a claim needs the date it was filed`);
    }
    if (errors && errors.length > 1) errors.sort((a, b) => this.columnOrder(a.column) - this.columnOrder(b.column));
    return errors ?? row;
  }

  private bad(errors: RowError[] | undefined, line: number, column: CanonicalColumn, message: string): RowError[] {
    const list = errors ?? [];
    list.push({ line, column: this.columns[column]?.header ?? null, message });
    return list;
  }

  /** Errors of one row are listed left to right, as the operator reads the sheet. */
  private columnOrder(header: string | null): number {
    for (const at of Object.values(this.columns)) if (at && at.header === header) return at.index;
    return -1;
  }

  private zoneOf(channel: string): string {
    let zone = this.zones.get(channel);
    if (zone === undefined) {
      zone = zoneForChannel(channel || undefined, this.options.policy);
      this.zones.set(channel, zone);
    }
    return zone;
  }

  /** An id Excel mangled into 5.80293E+13 no longer identifies anything: drop it and remember the column. */
  private identifier(column: CanonicalColumn, value: string, line: number): string | undefined {
    if (!value) return undefined;
    if (!SCIENTIFIC.test(value)) return value;
    const header = this.columns[column]!.header;
    const seen = this.mangled.get(header);
    if (seen) seen.count++;
    else this.mangled.set(header, { firstLine: line, count: 1, example: value });
    return undefined;
  }
}

/** A cell's text without surrounding spaces; '' for a missing column or a short row. */
function text(cells: readonly string[], index: number): string {
  if (index < 0) return '';
  const value = cells[index];
  return value === undefined ? '' : value.trim();
}
