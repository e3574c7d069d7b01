/**
 * The columns the engine reads, and every header spelling that names each one (English as Amazon's
 * reports write them, then the Simplified and Traditional Chinese names operators use in their sheets).
 * Order matters where a report carries several: the first alias found wins (a `latest-delivery-date`
 * beats a `promise-date`).
 */
export const CANONICAL_COLUMNS = {
  orderId: ['amazon-order-id', 'order-id', '订单号', '订单编号', '亚马逊订单号', '訂單號', '訂單編號', '亞馬遜訂單號'],
  orderItemId: ['order-item-id', 'amazon-order-item-id', '订单商品编号', '訂單商品編號'],
  sku: ['sku', 'seller-sku', 'merchant-sku'],
  purchaseDate: ['purchase-date', 'order-date', '购买日期', '下单日期', '订单日期', '購買日期', '下單日期', '訂單日期'],
  orderStatus: ['order-status', '订单状态', '訂單狀態'],
  fulfillmentChannel: ['fulfillment-channel', 'fulfilment-channel', '配送渠道', '配送方式', '配送管道'],
  salesChannel: ['sales-channel', 'marketplace', '销售渠道', '站点', '銷售渠道', '站點'],
  itemType: ['item-type', '商品类型', '商品類型'],
  maxEdd: [
    'latest-delivery-date',
    'max-estimated-delivery-date',
    'delivery-end-date',
    'promise-date',
    'estimated-arrival-date',
    '最晚送达日期',
    '最晚预计送达日期',
    '预计送达日期',
    '最晚送達日期',
    '最晚預計送達日期',
    '預計送達日期',
  ],
  deliveredDate: ['delivered-date', 'delivery-date', '送达日期', '妥投日期', '实际送达日期', '送達日期', '實際送達日期'],
  claimDate: ['claim-date', 'a-to-z-claim-date', 'atoz-claim-date', '索赔日期', 'A-to-Z索赔日期', '索賠日期', 'A-to-Z索賠日期'],
  claimReason: ['claim-reason', '索赔原因', '索賠原因'],
  claimStatus: ['claim-status', '索赔状态', '索賠狀態'],
  buyerContactDate: ['buyer-contact-date', 'first-contact-date', '买家联系日期', '首次联系日期', '買家聯繫日期', '首次聯繫日期'],
  responseDate: ['response-date', '回复日期', '响应日期', '回覆日期', '回應日期'],
  decisionDate: ['decision-date', '裁决日期', '决定日期', '裁決日期', '決定日期'],
  appealDate: ['appeal-date', '申诉日期', '申訴日期'],
  chargeback: ['chargeback', '拒付', '信用卡拒付', '退单', '退單'],
  feedbackRating: ['feedback-rating', '反馈评分', '买家反馈评分', '回饋評分', '反饋評分', '買家回饋評分', '意見回饋評分'],
} as const;

export type CanonicalColumn = keyof typeof CANONICAL_COLUMNS;

/** Columns the operators own (claim tracking); imports never overwrite them. */
export const OPERATOR_COLUMNS: readonly CanonicalColumn[] = [
  'itemType',
  'claimDate',
  'claimReason',
  'claimStatus',
  'buyerContactDate',
  'responseDate',
  'decisionDate',
  'appealDate',
  'chargeback',
  'feedbackRating',
];
