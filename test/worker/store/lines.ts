import type { OrderRow } from '../../../shared/schemas/order-row.js';
import { lineKeyOf, type ImportLine, type ReportCells } from '../../../worker/store/index.js';

const BASE_ROW: OrderRow = {
  orderId: '',
  orderItemId: undefined,
  sku: undefined,
  timeZone: 'America/Los_Angeles',
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

const PURCHASE = Date.parse('2024-03-01T17:30:00Z');

/** Order line number `n`, as the report reader builds it (every field present, undefined where empty). */
export function orderLine(n: number, changes: Partial<OrderRow> = {}): ImportLine {
  const orderId = `111-${String(Math.floor(n / 2)).padStart(7, '0')}-0000001`;
  const row: OrderRow = {
    ...BASE_ROW,
    orderId,
    orderItemId: `${10_000_000 + n}`,
    sku: `SKU-${n % 97}`,
    purchaseAt: PURCHASE + n * 60_000,
    orderStatus: 'Shipped',
    salesChannel: 'Amazon.com',
    maxEddAt: PURCHASE + 5 * 86_400_000,
    ...changes,
  };
  const cells = reportCells({
    'amazon-order-id': row.orderId,
    'order-item-id': row.orderItemId ?? '',
    sku: row.sku ?? '',
    'order-status': row.orderStatus ?? '',
    'purchase-date': row.purchaseAt === undefined ? '' : new Date(row.purchaseAt).toISOString(),
    'claim-status': row.claimStatus ?? '',
    '买家备注': '送货前请致电',
  });
  return { lineKey: lineKeyOf(row), row, cells };
}

/** Cells as a report line carries them: the headers and the values in their order. */
export function reportCells(record: Record<string, string>): ReportCells {
  return { headers: Object.keys(record), values: Object.values(record) };
}

export function orderLines(from: number, count: number, changes: Partial<OrderRow> = {}): ImportLine[] {
  return Array.from({ length: count }, (_, i) => orderLine(from + i, changes));
}
