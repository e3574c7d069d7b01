/** The 32 columns of Amazon's "All Orders" flat-file report, in Amazon's order. */
export const ALL_ORDERS_COLUMNS = [
  'amazon-order-id',
  'merchant-order-id',
  'purchase-date',
  'last-updated-date',
  'order-status',
  'fulfillment-channel',
  'sales-channel',
  'order-channel',
  'url',
  'ship-service-level',
  'product-name',
  'sku',
  'asin',
  'item-status',
  'quantity',
  'currency',
  'item-price',
  'item-tax',
  'shipping-price',
  'shipping-tax',
  'gift-wrap-price',
  'gift-wrap-tax',
  'item-promotion-discount',
  'ship-promotion-discount',
  'ship-city',
  'ship-state',
  'ship-postal-code',
  'ship-country',
  'promotion-ids',
  'is-business-order',
  'purchase-order-number',
  'price-designation',
] as const;

/** Columns a seller's team appends to track deliveries and A-to-z claims. */
export const CLAIM_TRACKING_COLUMNS = [
  'latest-delivery-date',
  'delivered-date',
  'claim-date',
  'claim-reason',
  'claim-status',
  'buyer-contact-date',
  'response-date',
  'decision-date',
  'appeal-date',
  'chargeback',
  'feedback-rating',
  'item-type',
] as const;

export const ORDER_REPORT_COLUMNS = [...ALL_ORDERS_COLUMNS, ...CLAIM_TRACKING_COLUMNS] as const;

export type OrderReportColumn = (typeof ORDER_REPORT_COLUMNS)[number];

/** Columns holding dates or datetimes (date-only `YYYY-MM-DD` or ISO with an offset). */
export const DATE_COLUMNS: readonly OrderReportColumn[] = [
  'purchase-date',
  'last-updated-date',
  'latest-delivery-date',
  'delivered-date',
  'claim-date',
  'buyer-contact-date',
  'response-date',
  'decision-date',
  'appeal-date',
];

export const CLAIM_REASONS = [
  'not_received',
  'damaged',
  'defective',
  'not_as_described',
  'return_not_refunded',
  'international_return_label',
  'unexpected_fees',
] as const;
export type ClaimReason = (typeof CLAIM_REASONS)[number];

export const CLAIM_STATUSES = ['open', 'granted', 'amazon_funded', 'denied', 'withdrawn', 'refunded'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
