import type { ClaimReason, ClaimStatus, Fulfillment, ItemType } from '../schemas/order-row.js';
import { normalizeName } from './normalize.js';

/** Accepted spellings of each enumerated value (docs/rules.md §8), matched after normalizeName. */
function vocabulary<T extends string>(entries: Record<T, readonly string[]>) {
  const lookup = new Map<string, T>();
  for (const [value, spellings] of Object.entries(entries) as [T, readonly string[]][]) {
    lookup.set(normalizeName(value), value);
    for (const s of spellings) lookup.set(normalizeName(s), value);
  }
  // Report columns repeat a handful of spellings millions of times: remember each cell text once.
  const seen = new Map<string, T | null>();
  return {
    /** The value a cell names, or undefined when it is none of the accepted spellings. */
    read: (cell: string): T | undefined => {
      let value = seen.get(cell);
      if (value === undefined) {
        value = lookup.get(normalizeName(cell)) ?? null;
        if (seen.size > 10_000) seen.clear();
        seen.set(cell, value);
      }
      return value ?? undefined;
    },
    /** The canonical values, for error messages. */
    accepted: Object.keys(entries) as T[],
  };
}

export const claimReasons = vocabulary<ClaimReason>({
  not_received: ['item not received', 'undelivered', 'never arrived', '未收到', '未收到货', '未收到商品', '未收到貨'],
  damaged: ['damage', '损坏', '破损', '損壞', '破損'],
  defective: ['defect', '有缺陷', '缺陷', '瑕疵', '质量问题', '質量問題'],
  not_as_described: ['not as described', 'materially different', '与描述不符', '描述不符', '與描述不符'],
  return_not_refunded: ['returned not refunded', '退货未退款', '退貨未退款'],
  international_return_label: ['no return label', '国际退货标签', '国际退货', '國際退貨標籤', '國際退貨'],
  unexpected_fees: ['customs fees', 'unexpected charges', '意外费用', '额外费用', '关税', '意外費用', '額外費用', '關稅'],
});

export const claimStatuses = vocabulary<ClaimStatus>({
  open: ['pending', 'under review', 'in progress', '处理中', '待处理', '进行中', '未决', '處理中', '待處理', '進行中', '未決'],
  granted: ['seller funded', 'seller-funded', 'granted seller funded', '已批准', '批准', '卖家承担', '已批准卖家承担', '賣家承擔'],
  amazon_funded: ['granted amazon funded', 'amazon funded', '亚马逊承担', '亞馬遜承擔'],
  denied: ['rejected', 'declined', '已拒绝', '拒绝', '驳回', '已駁回', '拒絕', '駁回'],
  withdrawn: ['closed by buyer', '已撤回', '撤回', '撤销', '撤銷'],
  refunded: ['refund', '已退款', '退款'],
});

export const itemTypes = vocabulary<ItemType>({
  physical: ['physical item', 'physical product', '实物', '实物商品', '實物', '實物商品'],
  digital: ['digital item', 'digital product', '数字', '数字商品', '虚拟商品', '數位', '數位商品', '虛擬商品'],
  stored_value: ['gift card', 'giftcard', 'stored value', 'stored-value card', '礼品卡', '储值卡', '禮品卡', '儲值卡'],
  service: ['services', '服务', '服務'],
});

export const fulfillments = vocabulary<Fulfillment>({
  afn: ['amazon', 'fba', 'amazon fulfilled', '亚马逊配送', '亞馬遜配送'],
  mfn: ['merchant', 'seller', 'fbm', 'merchant fulfilled', '卖家自配送', '自发货', '賣家自配送', '自發貨'],
});

export const yesNo = vocabulary<'yes' | 'no'>({
  yes: ['y', 'true', '1', '是', '有'],
  no: ['n', 'false', '0', '否', '无', '無'],
});
