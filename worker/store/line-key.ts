import type { OrderRow } from '../../shared/schemas/order-row.js';

/** What identifies an order line across imports: `orderId` + U+001F + (orderItemId ?? sku ?? ''). */
export function lineKeyOf(row: Pick<OrderRow, 'orderId' | 'orderItemId' | 'sku'>): string {
  return `${row.orderId}\u001f${row.orderItemId ?? row.sku ?? ''}`;
}
