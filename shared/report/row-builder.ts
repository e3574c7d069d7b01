import type { CanonicalColumn } from '../columns/canonical.js';
import type { ColumnMap } from '../columns/map-header.js';
import { claimReasons, claimStatuses, fulfillments, itemTypes, yesNo } from '../columns/vocabulary.js';
import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { RowError } from '../schemas/statuses.js';
import type { ExcelDateSystem } from '../time/excel-serial.js';
import { parseDateCell, type DateOrder } from '../time/parse.js';
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
 * Turns one record's cells into a typed OrderRow, or the errors of its bad cells (POLICY.md §8):
 * a bad cell leaves the row out and names its line, the column as the file wrote it, and what
 * would have been accepted.
 */
export class RowBuilder {
  private readonly zones = new Map<string, string>();
  private readonly dateColumns: { index: number; header: string; field: DateField }[];
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
  }

  build(cells: readonly string[], line: number): OrderRow | RowError[] {
    const { columns, options } = this;
    let errors: RowError[] | undefined;
    const bad = (column: CanonicalColumn, message: string) => {
      (errors ??= []).push({ line, column: columns[column]?.header ?? null, message });
    };
    const cell = (column: CanonicalColumn): string => {
      const at = columns[column];
      if (!at) return '';
      const value = cells[at.index];
      return value === undefined ? '' : value.trim();
    };

    const orderId = cell('orderId');
    if (orderId === '') bad('orderId', 'the order id is empty');

    const salesChannel = cell('salesChannel');
    const timeZone = this.zoneOf(salesChannel);

    // Every field present from the start: one object shape for all rows keeps the rules' property reads fast.
    const row: OrderRow = {
      orderId,
      orderItemId: undefined,
      sku: undefined,
      timeZone,
      purchaseAt: undefined,
      orderStatus: undefined,
      fulfillment: 'mfn',
      salesChannel: undefined,
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
    const itemId = this.identifier('orderItemId', cell('orderItemId'), line);
    if (itemId) row.orderItemId = itemId;
    const sku = cell('sku');
    if (sku) row.sku = sku;
    if (salesChannel) row.salesChannel = salesChannel;
    const status = cell('orderStatus');
    if (status) row.orderStatus = status;

    const fulfillment = cell('fulfillmentChannel');
    if (fulfillment) {
      const value = fulfillments.read(fulfillment);
      if (value) row.fulfillment = value;
      else bad('fulfillmentChannel', `"${fulfillment}" is not a fulfilment channel; accepted: Amazon or AFN (Amazon-fulfilled), Merchant or MFN (seller-fulfilled)`);
    }
    const itemType = cell('itemType');
    if (itemType) {
      const value = itemTypes.read(itemType);
      if (value) row.itemType = value;
      else bad('itemType', `"${itemType}" is not an item type; accepted: ${listOf(itemTypes.accepted)} (e.g. "gift card" = stored_value)`);
    }
    const reason = cell('claimReason');
    if (reason) {
      const value = claimReasons.read(reason);
      if (value) row.claimReason = value;
      else bad('claimReason', `"${reason}" is not a claim reason; accepted: ${listOf(claimReasons.accepted)}`);
    }
    const claimStatus = cell('claimStatus');
    if (claimStatus) {
      const value = claimStatuses.read(claimStatus);
      if (value) row.claimStatus = value;
      else bad('claimStatus', `"${claimStatus}" is not a claim status; accepted: ${listOf(claimStatuses.accepted)}`);
    }
    const chargeback = cell('chargeback');
    if (chargeback) {
      const value = yesNo.read(chargeback);
      if (value) row.chargeback = value === 'yes';
      else bad('chargeback', `"${chargeback}" is not yes or no; accepted: yes, no, true, false, 1, 0`);
    }
    const rating = cell('feedbackRating');
    if (rating) {
      const value = Number(rating);
      if (Number.isInteger(value) && value >= 1 && value <= 5) row.feedbackRating = value;
      else bad('feedbackRating', `"${rating}" is not a feedback rating; accepted: a whole number from 1 to 5`);
    }

    const dateOptions = { zone: timeZone, dateOrder: options.dateOrder, excelDateSystem: options.excelDateSystem };
    for (const { index, header, field } of this.dateColumns) {
      const raw = cells[index];
      if (raw === undefined || raw.trim() === '') continue;
      const parsed = parseDateCell(raw, dateOptions);
      if (parsed.ok) row[field] = parsed.ms;
      else (errors ??= []).push({ line, column: header, message: parsed.message });
    }
    if (row.claimStatus !== undefined && row.claimAt === undefined && !errors?.some((e) => e.column === columns.claimDate?.header)) {
      bad('claimDate', `the claim status is "${claimStatus}" but the claim date is empty; a claim needs the date it was filed`);
    }
    if (errors && errors.length > 1) errors.sort((a, b) => this.columnOrder(a.column) - this.columnOrder(b.column));
    return errors ?? row;
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
