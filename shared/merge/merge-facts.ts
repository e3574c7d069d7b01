import type { OrderRow } from '../schemas/order-row.js';
import type { FactField, FactRecord, FactSource, FeedbackFacts, ReturnFacts, ShipmentFacts } from '../report/facts.js';
import { formatWallClock } from '../time/format.js';

/**
 * Merging by order (and order item): what every report given says of one order line, in one picture.
 * Pure: the caller reads the files; this only decides, and says where each fact came from.
 */

/** What the merge adds to an order line beside the engine's fields. */
export interface LineFacts {
  /** Per engine field: the report line it was taken from (fields the line's own report stated are not listed). */
  sources: Partial<Record<FactField, FactSource>>;
  shipments: ShipmentFacts[];
  returns: ReturnFacts[];
  feedback?: FeedbackFacts;
}

export interface MergedLine {
  row: OrderRow;
  facts: LineFacts;
  /** A fact two lines state differently: which order, both files and lines, both values, which was kept. */
  warnings: string[];
}

/** Facts of other reports by order id, in the order they were added (file order, then line order). */
export class FactIndex {
  private readonly byOrder = new Map<string, FactRecord[]>();
  /**
   * The fact lists an order line has taken. Kept by list, never by the line's order id: that string is a slice of
   * the order report's text, and holding one per order would keep the whole report's text alive.
   */
  private readonly matched = new Set<readonly FactRecord[]>();

  add(record: FactRecord): void {
    const list = this.byOrder.get(record.orderId);
    if (list) list.push(record);
    else this.byOrder.set(record.orderId, [record]);
  }

  get size(): number {
    return this.byOrder.size;
  }

  /** The facts of an order, marking it as found. */
  take(orderId: string): readonly FactRecord[] {
    const list = this.byOrder.get(orderId);
    if (!list) return NO_FACTS;
    this.matched.add(list);
    return list;
  }

  /** Per file: how many of its lines name an order no order line had, and one such order id. */
  unmatched(): { file: string; lines: number; example: string }[] {
    const perFile = new Map<string, { file: string; lines: number; example: string }>();
    for (const [orderId, list] of this.byOrder) {
      if (this.matched.has(list)) continue;
      for (const record of list) {
        const seen = perFile.get(record.source.file);
        if (seen) seen.lines++;
        else perFile.set(record.source.file, { file: record.source.file, lines: 1, example: orderId });
      }
    }
    return [...perFile.values()];
  }
}

const NO_FACTS: readonly FactRecord[] = [];

const LABEL: Record<FactField, string> = {
  orderItemId: 'order item id',
  sku: 'SKU',
  purchaseAt: 'purchase date',
  orderStatus: 'order status',
  fulfillment: 'fulfilment channel',
  salesChannel: 'sales channel',
  itemType: 'item type',
  maxEddAt: 'latest estimated delivery date',
  deliveredAt: 'delivery date',
  claimAt: 'claim date',
  claimReason: 'claim reason',
  claimStatus: 'claim status',
  buyerContactAt: 'buyer contact date',
  responseAt: 'response date',
  decisionAt: 'decision date',
  appealAt: 'appeal date',
  chargeback: 'chargeback',
  feedbackRating: 'feedback rating',
};

const DATE_FIELDS = new Set<FactField>(['purchaseAt', 'maxEddAt', 'deliveredAt', 'claimAt', 'buyerContactAt', 'responseAt', 'decisionAt', 'appealAt']);

/** A fact of an item (a line with an order item id or SKU) belongs to the order line of that item only. */
function appliesTo(record: FactRecord, row: OrderRow): boolean {
  if (record.orderItemId !== undefined && row.orderItemId !== undefined) return record.orderItemId === row.orderItemId;
  if (record.sku !== undefined && row.sku !== undefined) return record.sku === row.sku;
  return true;
}

/** `file line N`; a source of line 0 is a whole thing (a stored order line), named by its file text alone. */
const where = (source: FactSource) => (source.line === 0 ? source.file : `${source.file} line ${source.line}`);

/**
 * One order line with every fact the other reports give it. `stated` lists the fields the line's own report
 * has columns for: those values are the line's, and a default (mfn, physical, no chargeback) of a column the
 * report lacks is not. A field nobody stated yet is taken from the first fact that states it; a fact that
 * contradicts the value kept is a warning naming both lines, never a silent pick: the first value stays.
 */
export function mergeLine(row: OrderRow, rowSource: FactSource, stated: ReadonlySet<FactField>, facts: readonly FactRecord[]): MergedLine {
  const merged: OrderRow = { ...row };
  const origin = new Map<FactField, FactSource>();
  for (const field of stated) if (row[field] !== undefined) origin.set(field, rowSource);
  const result: LineFacts = { sources: {}, shipments: [], returns: [] };
  const warnings: string[] = [];

  for (const record of facts) {
    if (!appliesTo(record, row)) continue;
    for (const [field, value] of Object.entries(record.fields) as [FactField, OrderRow[FactField]][]) {
      if (value === undefined) continue;
      const keptFrom = origin.get(field);
      if (keptFrom === undefined || (field === 'chargeback' && merged.chargeback === false)) {
        (merged as Record<string, unknown>)[field] = value;
        origin.set(field, record.source);
        result.sources[field] = record.source;
        continue;
      }
      if (field === 'chargeback' && value === false) continue;
      const kept = merged[field];
      if (kept === value) continue;
      warnings.push(
        `order ${row.orderId}${row.orderItemId ? ` item ${row.orderItemId}` : ''}: the ${LABEL[field]} differs: ` +
          `${where(keptFrom)} says ${show(field, kept, row.timeZone)}, ${where(record.source)} says ${show(field, value, row.timeZone)}; ` +
          `${keptFrom.line === 0 ? keptFrom.file : `${keptFrom.file}'s`} is used`,
      );
    }
    if (record.shipment) result.shipments.push(record.shipment);
    if (record.returned) result.returns.push(record.returned);
    if (record.feedback && !result.feedback) result.feedback = record.feedback;
  }
  return { row: merged, facts: result, warnings };
}

function show(field: FactField, value: unknown, zone: string): string {
  if (DATE_FIELDS.has(field) && typeof value === 'number') return `${formatWallClock(value, zone)} (${zone})`;
  return JSON.stringify(value);
}
