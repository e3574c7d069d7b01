/**
 * Amazon order reports whose header line was lost (copied out of a program, a test string, a paste of the data
 * rows only). Such a file is read only when its first line is, beyond doubt, a line of one of these layouts: its
 * field count is the layout's exactly, and the order id, the purchase date and the fulfilment channel stand where
 * that layout has them. Anything else stays "no header line", refused: columns are never guessed.
 *
 * The layouts are Amazon's flat files as their headers appear in test/fixtures/amazon-reports (SOURCES.md).
 */

/** All Orders (`GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE` / `…_BY_LAST_UPDATE`): fixture it-all-orders-2017. */
const ALL_ORDERS = [
  'amazon-order-id', 'merchant-order-id', 'purchase-date', 'last-updated-date', 'order-status', 'fulfillment-channel',
  'sales-channel', 'order-channel', 'url', 'ship-service-level', 'product-name', 'sku', 'asin', 'item-status', 'quantity',
  'currency', 'item-price', 'item-tax', 'shipping-price', 'shipping-tax', 'gift-wrap-price', 'gift-wrap-tax',
  'item-promotion-discount', 'ship-promotion-discount', 'ship-city', 'ship-state', 'ship-postal-code', 'ship-country',
  'promotion-ids', 'is-business-order', 'purchase-order-number', 'price-designation',
] as const;

/** Archived orders (`GET_FLAT_FILE_ARCHIVED_ORDERS_DATA_BY_ORDER_DATE`): fixture airbyte-archived-orders-by-order-date. */
const ARCHIVED_ORDERS = [
  'amazon-order-id', 'merchant-order-id', 'purchase-date', 'last-updated-date', 'order-status', 'fulfillment-channel',
  'sales-channel', 'order-channel', 'url', 'ship-service-level', 'product-name', 'sku', 'asin', 'item-status', 'quantity',
  'currency', 'item-price', 'item-tax', 'shipping-price', 'shipping-tax', 'gift-wrap-price', 'gift-wrap-tax',
  'item-promotion-discount', 'ship-promotion-discount', 'ship-country', 'ship-promotion-id', 'promotion-ids',
  'is-business-order', 'purchase-order-number', 'price-designation', 'customized-url', 'customized-page',
  'is-heavy-or-bulky', 'is-replacement-order',
] as const;

export interface HeaderlessLayout {
  /** How a message names it. */
  title: string;
  headers: readonly string[];
}

const LAYOUTS: readonly HeaderlessLayout[] = [
  { title: "Amazon's All Orders report", headers: ALL_ORDERS },
  { title: "Amazon's Archived Orders report", headers: ARCHIVED_ORDERS },
];

const ORDER_ID = /^\d{3}-\d{7}-\d{7}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const FULFILMENT = new Set(['amazon', 'merchant']);

/**
 * The layout a header-less first line belongs to, or undefined when it matches none beyond doubt. Trailing empty
 * fields count (the layouts end in columns often left empty, and Amazon still writes their tabs).
 */
export function headerlessLayout(cells: readonly string[]): HeaderlessLayout | undefined {
  const matches = LAYOUTS.filter((layout) => {
    if (cells.length !== layout.headers.length) return false;
    const at = (name: string) => cells[layout.headers.indexOf(name)]?.trim() ?? '';
    return ORDER_ID.test(at('amazon-order-id')) && INSTANT.test(at('purchase-date')) && FULFILMENT.has(at('fulfillment-channel').toLowerCase());
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/** The warning a report read this way carries. */
export function headerlessWarning(layout: HeaderlessLayout, firstLine: number): string {
  const shown = layout.headers.slice(0, 3).join(', ');
  return (
    `the file has no header line: line ${firstLine} already holds order data, and its ${layout.headers.length} fields match ${layout.title} ` +
    `(order id, purchase date and fulfilment channel where that report has them), so it was read with that report's columns (${shown}, …); ` +
    `if it is another report, add its header line as line 1`
  );
}
