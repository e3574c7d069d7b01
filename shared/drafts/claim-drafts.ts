import type { OrderRow } from '../schemas/order-row.js';
import type { EvaluatedRow } from '../schemas/statuses.js';
import type { Locale } from '../i18n/locales.js';
import { formatWallClock } from '../time/format.js';
import type { LineFacts } from '../merge/merge-facts.js';
import type { ReturnFacts, ShipmentFacts } from '../report/facts.js';

/**
 * Drafts the operator copies into Seller Central, with the order's facts filled in (docs/rules.md §7, §5).
 * Amazon reads them, so English is the default whatever the UI language; the Chinese versions help an
 * operator check what is said. Bracketed parts are for the operator to complete.
 */

const REASON_TEXT: Record<NonNullable<OrderRow['claimReason']>, Record<Locale, string>> = {
  not_received: { en: 'the item was not received', 'zh-CN': '未收到商品', 'zh-TW': '未收到商品' },
  damaged: { en: 'the item arrived damaged', 'zh-CN': '商品到货时损坏', 'zh-TW': '商品到貨時損壞' },
  defective: { en: 'the item is defective', 'zh-CN': '商品有质量问题', 'zh-TW': '商品有瑕疵' },
  not_as_described: { en: 'the item is not as described', 'zh-CN': '商品与描述不符', 'zh-TW': '商品與描述不符' },
  return_not_refunded: { en: 'a return was not refunded', 'zh-CN': '退货后未退款', 'zh-TW': '退貨後未退款' },
  international_return_label: { en: 'no prepaid international return label was provided', 'zh-CN': '未提供国际退货预付标签', 'zh-TW': '未提供國際退貨預付標籤' },
  unexpected_fees: { en: 'unexpected customs or other fees were charged', 'zh-CN': '产生了意外的关税或其他费用', 'zh-TW': '產生了意外的關稅或其他費用' },
};

export interface DraftFacts {
  row: OrderRow;
  result: EvaluatedRow;
  /** What the other reports say of the line (shipments, returns): cited instead of a placeholder. */
  facts?: Pick<LineFacts, 'shipments' | 'returns'> | undefined;
}

function when(ms: number | undefined, zone: string): string {
  return ms === undefined ? '[date]' : `${formatWallClock(ms, zone)} (${zone})`;
}

/** The fixed words of the shipment lines (exported for the wording checks). */
export const SHIP_TEXT = {
  en: { shipped: 'Shipped', with: 'with', tracking: 'tracking number', delivered: 'Delivered (carrier scan)', noScan: 'no delivery scan in the carrier record yet' },
  'zh-CN': { shipped: '发货', with: '承运商', tracking: '追踪号', delivered: '送达扫描', noScan: '承运商记录尚无送达扫描' },
  'zh-TW': { shipped: '出貨', with: '物流業者', tracking: '追蹤號碼', delivered: '送達掃描', noScan: '物流業者紀錄尚無送達掃描' },
} as const;

/** The shipment lines of a draft: each shipment's carrier, tracking number and date, then the delivery scan. */
function shipmentLines(row: OrderRow, shipments: readonly ShipmentFacts[], locale: Locale): string[] {
  const t = SHIP_TEXT[locale];
  const sep = locale === 'en' ? ': ' : '：';
  const lines = shipments.map((s) => {
    const parts = [s.shippedAt !== undefined ? when(s.shippedAt, row.timeZone) : undefined, s.carrier ? `${t.with} ${s.carrier}` : undefined, s.trackingNumber ? `${t.tracking} ${s.trackingNumber}` : undefined];
    return `- ${t.shipped}${sep}${parts.filter(Boolean).join(locale === 'en' ? ', ' : '，')}`;
  });
  lines.push(`- ${t.delivered}${sep}${row.deliveredAt === undefined ? t.noScan : when(row.deliveredAt, row.timeZone)}`);
  return lines;
}

/** A return's facts: when it was requested, its status, when the item came back, and the refund. */
function returnLines(row: OrderRow, returns: readonly ReturnFacts[], locale: Locale): string[] {
  const zh = locale !== 'en';
  const tw = locale === 'zh-TW';
  return returns.map((r) => {
    const parts: string[] = [];
    if (r.requestedAt !== undefined) parts.push(zh ? `${tw ? '退貨申請' : '退货申请'} ${when(r.requestedAt, row.timeZone)}` : `requested ${when(r.requestedAt, row.timeZone)}`);
    if (r.status) parts.push(zh ? `${tw ? '狀態' : '状态'} ${r.status}` : `status ${r.status}`);
    if (r.returnDeliveredAt !== undefined) parts.push(zh ? `${tw ? '退貨送達' : '退货送达'} ${when(r.returnDeliveredAt, row.timeZone)}` : `item received back ${when(r.returnDeliveredAt, row.timeZone)}`);
    if (r.refundedAmount) parts.push(zh ? `${tw ? '已退款' : '已退款'} ${r.refundedAmount}${r.currency ? ` ${r.currency}` : ''}` : `refunded ${r.refundedAmount}${r.currency ? ` ${r.currency}` : ''}`);
    else parts.push(zh ? (tw ? '尚無退款紀錄' : '尚无退款记录') : 'no refund recorded yet');
    if (r.resolution) parts.push(zh ? `${tw ? '處理方式' : '处理方式'} ${r.resolution}` : `resolution ${r.resolution}`);
    return zh ? `- ${tw ? '退貨' : '退货'}：${parts.join('，')}` : `- Return: ${parts.join(', ')}`;
  });
}

/** The shipping facts of a draft: from a shipment report when one gave them, else what the row knows, else what the operator must fill in. */
function shippingFacts(row: OrderRow, facts: DraftFacts['facts'], locale: Locale): string[] {
  if (facts && facts.shipments.length > 0) return shipmentLines(row, facts.shipments, locale);
  if (locale === 'en') {
    return [row.deliveredAt !== undefined ? `- Delivered (carrier record): ${when(row.deliveredAt, row.timeZone)}; tracking: [tracking number]` : '- Shipping status: [carrier, tracking number, latest scan]'];
  }
  const zh = locale === 'zh-CN';
  return [`- ${zh ? '送达记录' : '送達紀錄'}：${row.deliveredAt === undefined ? (zh ? '[承运商、追踪号、最新扫描]' : '[物流業者、追蹤號碼、最新掃描]') : when(row.deliveredAt, row.timeZone)}`];
}

/** A professional answer to an open claim: acknowledge, take it seriously, offer a resolution, facts with dates. */
export function responseDraft({ row, facts }: DraftFacts, locale: Locale = 'en'): string {
  const zone = row.timeZone;
  const reason = row.claimReason ? REASON_TEXT[row.claimReason][locale] : locale === 'en' ? 'a problem with the order' : locale === 'zh-CN' ? '订单问题' : '訂單問題';
  if (locale === 'en') {
    return [
      `Order ${row.orderId}: response to the A-to-z Guarantee claim`,
      '',
      `Thank you for letting us know that ${reason}. We take this seriously and want to resolve it quickly.`,
      '',
      'Facts:',
      `- Order placed: ${when(row.purchaseAt, zone)}`,
      `- Latest estimated delivery date: ${when(row.maxEddAt, zone)}`,
      ...shippingFacts(row, facts, locale),
      ...returnLines(row, facts?.returns ?? [], locale),
      `- Buyer first contacted us: ${row.buyerContactAt === undefined ? 'no message received before the claim' : when(row.buyerContactAt, zone)}`,
      `- Claim filed: ${when(row.claimAt, zone)}`,
      '',
      'Resolution offered: [replacement / refund of amount / return label], which we can arrange as soon as the buyer confirms.',
      'Our communication with the buyer is attached. We would appreciate a prompt reply.',
    ].join('\n');
  }
  const zh = locale === 'zh-CN';
  return [
    zh ? `订单 ${row.orderId}：A-to-z 索赔回复` : `訂單 ${row.orderId}：A-to-z 索賠回覆`,
    '',
    zh ? `感谢告知：${reason}。我们非常重视，希望尽快解决。` : `感謝告知：${reason}。我們非常重視，希望儘快解決。`,
    '',
    zh ? '事实：' : '事實：',
    `- ${zh ? '下单时间' : '下單時間'}：${when(row.purchaseAt, zone)}`,
    `- ${zh ? '最晚预计送达日期' : '最晚預計送達日期'}：${when(row.maxEddAt, zone)}`,
    ...shippingFacts(row, facts, locale),
    ...returnLines(row, facts?.returns ?? [], locale),
    `- ${zh ? '买家首次联系' : '買家首次聯絡'}：${row.buyerContactAt === undefined ? (zh ? '索赔前未收到消息' : '索賠前未收到訊息') : when(row.buyerContactAt, zone)}`,
    `- ${zh ? '索赔提出' : '索賠提出'}：${when(row.claimAt, zone)}`,
    '',
    zh ? '解决方案：[补发 / 退款金额 / 退货标签]，买家确认后即可安排。' : '解決方案：[補寄 / 退款金額 / 退貨標籤]，買家確認後即可安排。',
    zh ? '附上与买家的沟通记录，期待尽快回复。' : '附上與買家的溝通紀錄，期待儘快回覆。',
  ].join('\n');
}

/** An appeal in the four parts of docs/rules.md §5: the decision, the buyer communication, why it is unfair, a fair resolution. */
export function appealDraft({ row, result }: DraftFacts, locale: Locale = 'en'): string {
  const zone = row.timeZone;
  const contestable = result.eligibilityReasons.filter((r) => r === 'filed_too_early' || r === 'no_prior_contact' || r === 'window_closed');
  if (locale === 'en') {
    const grounds: Record<string, string> = {
      filed_too_early: 'the claim was filed before the delivery grace period after the latest estimated delivery date had ended',
      no_prior_contact: 'the buyer did not contact us and allow the required time to resolve the issue before filing',
      window_closed: 'the claim was filed after the claim window had closed',
    };
    return [
      `Order ${row.orderId}: appeal of the A-to-z Guarantee decision of ${when(row.decisionAt, zone)}`,
      '',
      `1. The decision: the claim filed on ${when(row.claimAt, zone)} was granted against us.`,
      `2. Communication with the buyer: ${row.buyerContactAt === undefined ? 'the buyer did not write to us before filing' : `first contact ${when(row.buyerContactAt, zone)}`}; our messages are attached.`,
      `3. Why the decision is unfair: ${contestable.length ? contestable.map((r) => grounds[r]).join('; ') : '[explain, with dates and evidence]'}.`,
      '4. A fair resolution: [what you propose, e.g. the decision reversed and removed from our Order Defect Rate].',
    ].join('\n');
  }
  const zh = locale === 'zh-CN';
  const grounds: Record<string, string> = zh
    ? { filed_too_early: '索赔在最晚预计送达日期后的宽限期结束前提出', no_prior_contact: '买家在索赔前未先联系我们并给予处理时间', window_closed: '索赔在索赔期限结束后提出' }
    : { filed_too_early: '索賠在最晚預計送達日期後的寬限期結束前提出', no_prior_contact: '買家在索賠前未先聯絡我們並給予處理時間', window_closed: '索賠在索賠期限結束後提出' };
  return [
    `${zh ? '订单' : '訂單'} ${row.orderId}：${zh ? '对' : '對'} ${when(row.decisionAt, zone)} ${zh ? 'A-to-z 裁决的申诉' : 'A-to-z 裁決的申訴'}`,
    '',
    `1. ${zh ? '裁决' : '裁決'}：${when(row.claimAt, zone)} ${zh ? '提出的索赔被判卖家承担' : '提出的索賠被判賣家承擔'}。`,
    `2. ${zh ? '与买家的沟通' : '與買家的溝通'}：${row.buyerContactAt === undefined ? (zh ? '买家索赔前未联系我们' : '買家索賠前未聯絡我們') : when(row.buyerContactAt, zone)}${zh ? '；附上沟通记录。' : '；附上溝通紀錄。'}`,
    `3. ${zh ? '不公平的理由' : '不公平的理由'}：${contestable.length ? contestable.map((r) => grounds[r]).join('；') : zh ? '[说明理由，附日期和证据]' : '[說明理由，附日期和證據]'}。`,
    `4. ${zh ? '合理的解决方案' : '合理的解決方案'}：${zh ? '[例如撤销裁决并从 ODR 中移除]' : '[例如撤銷裁決並從 ODR 中移除]'}。`,
  ].join('\n');
}
