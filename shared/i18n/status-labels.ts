import type { AppealState, DeliveryState, EligibilityReason, EligibilityState, NextAction, ResponseState } from '../schemas/statuses.js';
import type { Locale } from './locales.js';

type Labels<K extends string> = Record<K, Record<Locale, string>>;

export const DELIVERY_LABELS: Labels<DeliveryState> = {
  pending: { en: 'In transit', 'zh-CN': '运输中', 'zh-TW': '運送中' },
  at_risk: { en: 'At risk', 'zh-CN': '可能延误', 'zh-TW': '可能延誤' },
  late: { en: 'Late', 'zh-CN': '已延误', 'zh-TW': '已延誤' },
  delivered_on_time: { en: 'Delivered on time', 'zh-CN': '按时送达', 'zh-TW': '準時送達' },
  delivered_late: { en: 'Delivered late', 'zh-CN': '延迟送达', 'zh-TW': '延遲送達' },
  unknown: { en: 'No delivery date', 'zh-CN': '无预计送达日', 'zh-TW': '無預計送達日' },
  cancelled: { en: 'Cancelled', 'zh-CN': '已取消', 'zh-TW': '已取消' },
};

export const ELIGIBILITY_LABELS: Labels<EligibilityState> = {
  eligible: { en: 'Eligible', 'zh-CN': '符合条件', 'zh-TW': '符合條件' },
  ineligible: { en: 'Not eligible (contest it)', 'zh-CN': '不符合条件（可抗辩）', 'zh-TW': '不符合條件（可抗辯）' },
};

export const REASON_LABELS: Labels<EligibilityReason> = {
  digital_item: { en: 'Digital item', 'zh-CN': '数字商品', 'zh-TW': '數位商品' },
  stored_value: { en: 'Gift card', 'zh-CN': '礼品卡/储值卡', 'zh-TW': '禮物卡/儲值卡' },
  service: { en: 'Service', 'zh-CN': '服务', 'zh-TW': '服務' },
  chargeback: { en: 'Buyer filed a chargeback', 'zh-CN': '买家已申请拒付', 'zh-TW': '買家已申請信用卡爭議款' },
  window_closed: { en: 'Claim window closed', 'zh-CN': '已过索赔期', 'zh-TW': '已過索賠期' },
  filed_too_early: { en: 'Filed too early (grace period)', 'zh-CN': '宽限期内提前索赔', 'zh-TW': '寬限期內提前索賠' },
  no_prior_contact: { en: 'Buyer did not contact you first (48 h)', 'zh-CN': '买家未先联系卖家（48小时）', 'zh-TW': '買家未先聯絡賣家（48小時）' },
};

export const RESPONSE_LABELS: Labels<ResponseState> = {
  none: { en: '—', 'zh-CN': '—', 'zh-TW': '—' },
  due: { en: 'Response due', 'zh-CN': '待回复', 'zh-TW': '待回覆' },
  due_soon: { en: 'Due soon (24 h)', 'zh-CN': '即将到期', 'zh-TW': '即將到期' },
  overdue: { en: 'Overdue', 'zh-CN': '已逾期', 'zh-TW': '已逾期' },
  responded: { en: 'Responded', 'zh-CN': '已回复', 'zh-TW': '已回覆' },
  responded_late: { en: 'Responded late', 'zh-CN': '逾期回复', 'zh-TW': '逾期回覆' },
};

export const APPEAL_LABELS: Labels<AppealState> = {
  none: { en: '—', 'zh-CN': '—', 'zh-TW': '—' },
  open: { en: 'Can appeal', 'zh-CN': '可申诉', 'zh-TW': '可申訴' },
  closed: { en: 'Appeal window closed', 'zh-CN': '申诉期已过', 'zh-TW': '申訴期已過' },
  appealed: { en: 'Appealed', 'zh-CN': '已申诉', 'zh-TW': '已申訴' },
};

/** docs/rules.md §7, what the operator should do next: a short label and the seller guide's advice. */
export const NEXT_ACTION_TEXT: Record<NextAction, Record<Locale, { label: string; advice: string }>> = {
  respond_overdue: {
    en: { label: 'Respond now (overdue)', advice: 'The response window has passed. Answer the claim immediately with the facts, dates and your communication with the buyer.' },
    'zh-CN': { label: '立即回复（已逾期）', advice: '回复期限已过。请立即回复索赔，列明事实、日期以及与买家的沟通记录。' },
    'zh-TW': { label: '立即回覆（已逾期）', advice: '回覆期限已過。請立即回覆索賠，列明事實、日期以及與買家的溝通紀錄。' },
  },
  submit_to_amazon: {
    en: { label: 'Hand to Amazon (FBA)', advice: 'Amazon fulfilled this order: do not refund inside the claim (that admits fault and counts against your ODR). Reply that the order was fulfilled by Amazon and ask Amazon to handle it.' },
    'zh-CN': { label: '提交亚马逊处理（FBA）', advice: '此订单由亚马逊配送：不要在索赔中退款（这等于承认责任并计入 ODR）。回复说明订单由亚马逊配送，请亚马逊处理。' },
    'zh-TW': { label: '提交亞馬遜處理（FBA）', advice: '此訂單由亞馬遜配送：不要在索賠中退款（這等於承認責任並計入 ODR）。回覆說明訂單由亞馬遜配送，請亞馬遜處理。' },
  },
  send_proof_of_delivery: {
    en: { label: 'Send proof of delivery', advice: 'The buyer says the item did not arrive but the carrier shows it delivered: answer with the tracking number and the carrier\'s proof of delivery.' },
    'zh-CN': { label: '提供妥投证明', advice: '买家称未收到，但承运商显示已送达：回复时附上追踪号和承运商的妥投证明。' },
    'zh-TW': { label: '提供送達證明', advice: '買家稱未收到，但物流業者顯示已送達：回覆時附上追蹤號碼和物流業者的送達證明。' },
  },
  respond_now: {
    en: { label: 'Respond within 24 h', advice: 'Less than a day is left. Acknowledge the problem, show you take it seriously, offer a fair resolution and list the facts with dates, times and amounts.' },
    'zh-CN': { label: '24 小时内回复', advice: '剩余不到一天。承认问题、表明重视、提出合理的解决方案，并列出日期、时间和金额等事实。' },
    'zh-TW': { label: '24 小時內回覆', advice: '剩餘不到一天。承認問題、表明重視、提出合理的解決方案，並列出日期、時間和金額等事實。' },
  },
  respond: {
    en: { label: 'Respond to the claim', advice: 'Answer within the window, professionally: acknowledge, offer a satisfying resolution, ask for a prompt reply, and attach your communication with the buyer.' },
    'zh-CN': { label: '回复索赔', advice: '在期限内专业地回复：承认问题、提出令人满意的解决方案、请买家尽快回复，并附上与买家的沟通记录。' },
    'zh-TW': { label: '回覆索賠', advice: '在期限內專業地回覆：承認問題、提出令人滿意的解決方案、請買家儘快回覆，並附上與買家的溝通紀錄。' },
  },
  appeal: {
    en: { label: 'Appeal the decision', advice: 'If the decision was unfair, appeal before the window closes: name the decision, include the communication with the buyer, explain why it is unfair, and propose a fair resolution.' },
    'zh-CN': { label: '提出申诉', advice: '如果裁决不公平，请在期限内申诉：说明所针对的裁决、附上与买家的沟通、解释为何不公平，并提出合理的解决方案。' },
    'zh-TW': { label: '提出申訴', advice: '如果裁決不公平，請在期限內申訴：說明所針對的裁決、附上與買家的溝通、解釋為何不公平，並提出合理的解決方案。' },
  },
  contact_buyer: {
    en: { label: 'Contact the buyer', advice: 'The buyer can now file "not received". Check the carrier, contact the buyer first and offer a replacement or a refund from the order page before a claim is filed (that avoids the defect).' },
    'zh-CN': { label: '联系买家', advice: '买家现在可以提出“未收到”索赔。请查询物流、先联系买家，并在索赔前通过订单页面提供补发或退款（可避免计入缺陷）。' },
    'zh-TW': { label: '聯絡買家', advice: '買家現在可以提出「未收到」索賠。請查詢物流、先聯絡買家，並在索賠前透過訂單頁面提供補寄或退款（可避免計入缺陷）。' },
  },
  check_carrier: {
    en: { label: 'Check the carrier', advice: 'The latest delivery date has passed. Check the tracking and tell the buyer what is happening before the grace period ends.' },
    'zh-CN': { label: '查询物流', advice: '已过最晚送达日期。请查询物流追踪，并在宽限期结束前告知买家情况。' },
    'zh-TW': { label: '查詢物流', advice: '已過最晚送達日期。請查詢物流追蹤，並在寬限期結束前告知買家情況。' },
  },
  await_decision: {
    en: { label: 'Await Amazon\'s decision', advice: 'You have responded. Amazon usually decides within about a week; keep the buyer communication ready.' },
    'zh-CN': { label: '等待亚马逊裁决', advice: '已回复。亚马逊通常在一周左右做出裁决；请保留与买家的沟通记录。' },
    'zh-TW': { label: '等待亞馬遜裁決', advice: '已回覆。亞馬遜通常在一週左右做出裁決；請保留與買家的溝通紀錄。' },
  },
  none: {
    en: { label: 'Nothing to do', advice: 'No claim risk needs your attention on this order now.' },
    'zh-CN': { label: '无需处理', advice: '此订单目前没有需要处理的索赔风险。' },
    'zh-TW': { label: '無需處理', advice: '此訂單目前沒有需要處理的索賠風險。' },
  },
};
