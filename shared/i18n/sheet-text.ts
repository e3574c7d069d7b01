import type { SheetColumnKey } from '../sheet/columns.js';
import type { Locale } from './locales.js';

/**
 * Everything the flagged sheet and its dashboard say besides the state values (those are in
 * status-labels.ts, shared with the task pane): column headers, the help text of every column, the
 * dashboard's labels and chart, yes/no, date formats. One table, three languages, written as an
 * operator says it (zh-TW in Taiwan's terms: 訂單, 回覆, 逾期, 申訴, 聯絡; 列 is a row there).
 */
type Text = Record<Locale, string>;

/** The header of each status and helper column. Helper headers get HELPER_SUFFIX. */
export const COLUMN_HEADERS: Record<SheetColumnKey, Text> = {
  delivery: { en: 'Delivery', 'zh-CN': '配送状态', 'zh-TW': '配送狀態' },
  eligibility: { en: 'Eligibility', 'zh-CN': '索赔资格', 'zh-TW': '索賠資格' },
  eligibilityReasons: { en: 'Eligibility reasons', 'zh-CN': '资格说明', 'zh-TW': '資格說明' },
  claimWindowLastDay: { en: 'Claim window last day', 'zh-CN': '可索赔至', 'zh-TW': '可索賠至' },
  response: { en: 'Response', 'zh-CN': '回复状态', 'zh-TW': '回覆狀態' },
  responseDue: { en: 'Response due', 'zh-CN': '回复截止', 'zh-TW': '回覆期限' },
  appeal: { en: 'Appeal', 'zh-CN': '申诉状态', 'zh-TW': '申訴狀態' },
  appealLastDay: { en: 'Appeal last day', 'zh-CN': '可申诉至', 'zh-TW': '可申訴至' },
  odrDefect: { en: 'ODR defect', 'zh-CN': '计入ODR', 'zh-TW': '計入ODR' },
  nextAction: { en: 'Next action', 'zh-CN': '下一步', 'zh-TW': '下一步' },
  rowErrors: { en: 'Row errors', 'zh-CN': '本行错误', 'zh-TW': '本列錯誤' },
  atRiskFrom: { en: 'At risk from', 'zh-CN': '延误风险起', 'zh-TW': '延誤風險起' },
  lateFrom: { en: 'Late from', 'zh-CN': '延误起', 'zh-TW': '延誤起' },
  openClaimDue: { en: 'Open claim due', 'zh-CN': '未回复索赔截止', 'zh-TW': '未回覆索賠期限' },
  eligibleUntil: { en: 'Eligible until', 'zh-CN': '可被索赔至', 'zh-TW': '可被索賠至' },
  appealClosesAt: { en: 'Appeal closes', 'zh-CN': '申诉截止', 'zh-TW': '申訴截止' },
  odrFrom: { en: 'ODR from', 'zh-CN': 'ODR起', 'zh-TW': 'ODR起' },
  odrUntil: { en: 'ODR until', 'zh-CN': 'ODR止', 'zh-TW': 'ODR止' },
  odrOrder: { en: 'ODR order', 'zh-CN': 'ODR订单', 'zh-TW': 'ODR訂單' },
  odrDefectOrder: { en: 'ODR defect order', 'zh-CN': 'ODR缺陷订单', 'zh-TW': 'ODR瑕疵訂單' },
  odrChannel: { en: 'ODR channel', 'zh-CN': 'ODR渠道', 'zh-TW': 'ODR通路' },
  claimStatus: { en: 'Claim status', 'zh-CN': '索赔状态代码', 'zh-TW': '索賠狀態代碼' },
  claimReason: { en: 'Claim reason', 'zh-CN': '索赔原因代码', 'zh-TW': '索賠原因代碼' },
};

/**
 * The headers of the fact columns Sync adds when the worker's facts (feedback, returns and shipments imports) say
 * something the sheet has no column for (shared/sheet/fact-columns.ts). Amazon Seller Central's own terms. The
 * feedback rating's headers are also the engine's names for its feedbackRating column (shared/columns/canonical.ts).
 */
export const FACT_COLUMN_HEADERS = {
  feedbackRating: { en: 'Feedback rating', 'zh-CN': '反馈评分', 'zh-TW': '意見回饋評分' },
  carrier: { en: 'Carrier', 'zh-CN': '承运人', 'zh-TW': '貨運商' },
  trackingNumber: { en: 'Tracking number', 'zh-CN': '追踪编号', 'zh-TW': '追蹤編號' },
  shipDate: { en: 'Ship date', 'zh-CN': '发货日期', 'zh-TW': '出貨日期' },
  returnStatus: { en: 'Return status', 'zh-CN': '退货状态', 'zh-TW': '退貨狀態' },
  returnRequested: { en: 'Return requested', 'zh-CN': '退货申请日期', 'zh-TW': '退貨申請日期' },
  refundedAmount: { en: 'Refunded amount', 'zh-CN': '退款金额', 'zh-TW': '退款金額' },
} as const satisfies Record<string, Text>;

/** Appended to a hidden helper column's header, so nobody mistakes it for report data. */
export const HELPER_SUFFIX: Text = { en: ' [atoz helper]', 'zh-CN': ' [atoz辅助列]', 'zh-TW': ' [atoz輔助欄]' };

/** What each column holds: on the dashboard's column guide (and for whoever unhides a helper). */
export const COLUMN_HELP: Record<SheetColumnKey, Text> = {
  delivery: { en: 'Delivery state when the sheet was flagged (late: past the latest delivery date + grace).', 'zh-CN': '标记时的配送状态（已延误：超过最晚送达日加宽限期）。', 'zh-TW': '標記時的配送狀態（已延誤：超過最晚送達日加寬限期）。' },
  eligibility: { en: 'Whether a buyer\'s A-to-z claim would be eligible; if not, contest it.', 'zh-CN': '买家的 A-to-z 索赔是否符合条件；不符合时可抗辩。', 'zh-TW': '買家的 A-to-z 索賠是否符合條件；不符合時可抗辯。' },
  eligibilityReasons: { en: 'Why a claim is not eligible.', 'zh-CN': '索赔不符合条件的原因。', 'zh-TW': '索賠不符合條件的原因。' },
  claimWindowLastDay: { en: 'Last day a buyer can file a claim (marketplace calendar).', 'zh-CN': '买家可提出索赔的最后一天（站点日历）。', 'zh-TW': '買家可提出索賠的最後一天（站點日曆）。' },
  response: { en: 'Your response to an open claim: due, due soon, overdue, responded.', 'zh-CN': '对未结索赔的回复：待回复、即将到期、已逾期、已回复。', 'zh-TW': '對未結索賠的回覆：待回覆、即將到期、已逾期、已回覆。' },
  responseDue: { en: 'When the response is due (claim + response window), sheet clock.', 'zh-CN': '回复截止时间（索赔时间加回复时限），按表格时钟。', 'zh-TW': '回覆截止時間（索賠時間加回覆時限），依試算表時鐘。' },
  appeal: { en: 'Whether a decision against you can still be appealed.', 'zh-CN': '对不利裁决是否还能申诉。', 'zh-TW': '對不利裁決是否還能申訴。' },
  appealLastDay: { en: 'Last day to appeal (decision + appeal window).', 'zh-CN': '申诉的最后一天（裁决日加申诉期）。', 'zh-TW': '申訴的最後一天（裁決日加申訴期）。' },
  odrDefect: { en: 'Whether this line counts as an Order Defect Rate defect.', 'zh-CN': '该行是否计入订单缺陷率（ODR）。', 'zh-TW': '該列是否計入訂單瑕疵率（ODR）。' },
  nextAction: { en: 'What to do next; select the row in the add-in for advice and drafts.', 'zh-CN': '下一步该做什么；在加载项中选中该行可查看建议和回复草稿。', 'zh-TW': '下一步該做什麼；在增益集中選取該列可查看建議和回覆草稿。' },
  rowErrors: { en: 'Cells that kept the row from being evaluated, and what is accepted.', 'zh-CN': '导致该行无法评估的单元格及可接受的写法。', 'zh-TW': '導致該列無法評估的儲存格及可接受的寫法。' },
  atRiskFrom: { en: 'Not delivered: from when it is at risk (day after the latest delivery date).', 'zh-CN': '未送达：从何时起有延误风险（最晚送达日的次日）。', 'zh-TW': '未送達：從何時起有延誤風險（最晚送達日的隔天）。' },
  lateFrom: { en: 'Not delivered: from when it is late.', 'zh-CN': '未送达：从何时起算延误。', 'zh-TW': '未送達：從何時起算延誤。' },
  openClaimDue: { en: 'Open claim without a response: when it is due.', 'zh-CN': '尚未回复的索赔：回复截止时间。', 'zh-TW': '尚未回覆的索賠：回覆期限。' },
  eligibleUntil: { en: 'Eligible order: when its claim window closes.', 'zh-CN': '索赔资格为“符合条件”的订单：索赔期结束时间。', 'zh-TW': '索賠資格為「符合條件」的訂單：索賠期結束時間。' },
  appealClosesAt: { en: 'Appealable decision: when the appeal window closes.', 'zh-CN': '可申诉的裁决：申诉期结束时间。', 'zh-TW': '可申訴的裁決：申訴期結束時間。' },
  odrFrom: { en: 'When the order enters the ODR window.', 'zh-CN': '订单进入 ODR 统计期的时间。', 'zh-TW': '訂單進入 ODR 統計期的時間。' },
  odrUntil: { en: 'When the order leaves the ODR window.', 'zh-CN': '订单离开 ODR 统计期的时间。', 'zh-TW': '訂單離開 ODR 統計期的時間。' },
  odrOrder: { en: '1 on the first line of each order (an order counts once).', 'zh-CN': '每个订单的第一行记为 1（订单只计一次）。', 'zh-TW': '每筆訂單的第一列記為 1（訂單只計一次）。' },
  odrDefectOrder: { en: '1 on the first defective line of each order.', 'zh-CN': '每个订单中第一条有缺陷的行记为 1。', 'zh-TW': '每筆訂單中第一個有瑕疵的列記為 1。' },
  odrChannel: { en: 'AFN (Amazon-fulfilled) or MFN (seller-fulfilled).', 'zh-CN': 'AFN（亚马逊配送）或 MFN（卖家自配送）。', 'zh-TW': 'AFN（亞馬遜配送）或 MFN（賣家自行配送）。' },
  claimStatus: { en: 'Claim status code (for the claims table).', 'zh-CN': '索赔状态代码（供索赔统计表使用）。', 'zh-TW': '索賠狀態代碼（供索賠統計表使用）。' },
  claimReason: { en: 'Claim reason code (for the claims table).', 'zh-CN': '索赔原因代码（供索赔统计表使用）。', 'zh-TW': '索賠原因代碼（供索賠統計表使用）。' },
};

/** The CSV export's time-zone column. */
export const TIME_ZONE_HEADER: Text = { en: 'Time zone', 'zh-CN': '时区', 'zh-TW': '時區' };

/** The ODR defect column's values. */
export const YES_NO: Record<'yes' | 'no', Text> = {
  yes: { en: 'Yes', 'zh-CN': '是', 'zh-TW': '是' },
  no: { en: 'No', 'zh-CN': '否', 'zh-TW': '否' },
};

/** "row" where a row error names no column. */
export const ROW_WORD: Text = { en: 'row', 'zh-CN': '行', 'zh-TW': '列' };

/** How the reasons of one row are joined in a cell (and split again when read). */
export const LIST_SEPARATOR: Text = { en: '; ', 'zh-CN': '；', 'zh-TW': '；' };

/** Date and date-time formats of the date columns (invariant number-format codes). */
export const DATE_FORMATS: Record<Locale, { date: string; datetime: string }> = {
  en: { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm' },
  'zh-CN': { date: 'yyyy/m/d', datetime: 'yyyy/m/d hh:mm' },
  'zh-TW': { date: 'yyyy/m/d', datetime: 'yyyy/m/d hh:mm' },
};

/** Claim status and reason codes as the dashboard's claims table and chart name them. */
export const CLAIM_STATUS_LABELS: Record<string, Text> = {
  open: { en: 'Open', 'zh-CN': '处理中', 'zh-TW': '處理中' },
  granted: { en: 'Granted (seller funded)', 'zh-CN': '卖家承担', 'zh-TW': '賣家承擔' },
  amazon_funded: { en: 'Amazon funded', 'zh-CN': '亚马逊承担', 'zh-TW': '亞馬遜承擔' },
  denied: { en: 'Denied', 'zh-CN': '已驳回', 'zh-TW': '已駁回' },
  withdrawn: { en: 'Withdrawn', 'zh-CN': '已撤回', 'zh-TW': '已撤回' },
  refunded: { en: 'Refunded', 'zh-CN': '已退款', 'zh-TW': '已退款' },
};

export const CLAIM_REASON_LABELS: Record<string, Text> = {
  not_received: { en: 'Not received', 'zh-CN': '未收到货', 'zh-TW': '未收到貨' },
  damaged: { en: 'Damaged', 'zh-CN': '商品损坏', 'zh-TW': '商品損壞' },
  defective: { en: 'Defective', 'zh-CN': '质量问题', 'zh-TW': '商品瑕疵' },
  not_as_described: { en: 'Not as described', 'zh-CN': '与描述不符', 'zh-TW': '與描述不符' },
  return_not_refunded: { en: 'Returned, not refunded', 'zh-CN': '退货未退款', 'zh-TW': '退貨未退款' },
  international_return_label: { en: 'No international return label', 'zh-CN': '无国际退货标签', 'zh-TW': '無國際退貨標籤' },
  unexpected_fees: { en: 'Unexpected fees', 'zh-CN': '额外费用', 'zh-TW': '額外費用' },
  unspecified: { en: 'Reason not given', 'zh-CN': '未填原因', 'zh-TW': '未填原因' },
};

/** The dashboard's words. Functions take the policy's numbers. */
export const DASHBOARD_TEXT = {
  title: { en: 'A-to-z Claim Guard: dashboard', 'zh-CN': 'A-to-z 索赔看板', 'zh-TW': 'A-to-z 索賠儀表板' },
  now: { en: 'Now (sheet clock)', 'zh-CN': '当前时间（表格时钟）', 'zh-TW': '目前時間（試算表時鐘）' },
  clock: { en: 'Sheet clock (deadline columns)', 'zh-CN': '表格时钟（截止时间列）', 'zh-TW': '試算表時鐘（期限欄）' },
  flaggedAt: { en: 'Flagged at', 'zh-CN': '标记时间', 'zh-TW': '標記時間' },
  rowsEvaluated: { en: 'Rows evaluated', 'zh-CN': '已评估行数', 'zh-TW': '已評估列數' },
  rowsWithErrors: { en: 'Rows with errors', 'zh-CN': '有错误的行', 'zh-TW': '有錯誤的列' },
  liveNote: {
    en: '"live" counts follow NOW(); "as flagged" counts and the status columns change when the sheet is flagged again.',
    'zh-CN': '“实时”数字随当前时间变化；“标记时”数字和状态列在重新标记后更新。',
    'zh-TW': '「即時」數字隨目前時間變化；「標記時」數字和狀態欄在重新標記後更新。',
  },
  live: { en: 'live', 'zh-CN': '实时', 'zh-TW': '即時' },
  /** The dashboard's caption for the "—" rows (the cells themselves hold —). */
  responseNone: { en: '— (no claim)', 'zh-CN': '—（无索赔）', 'zh-TW': '—（無索賠）' },
  appealNone: { en: '— (nothing to appeal)', 'zh-CN': '—（无需申诉）', 'zh-TW': '—（無需申訴）' },
  asFlagged: { en: 'as flagged', 'zh-CN': '标记时', 'zh-TW': '標記時' },
  delivery: { en: 'Delivery (lines)', 'zh-CN': '配送（行）', 'zh-TW': '配送（列）' },
  response: { en: 'Response (lines)', 'zh-CN': '回复（行）', 'zh-TW': '回覆（列）' },
  appeal: { en: 'Appeal (lines)', 'zh-CN': '申诉（行）', 'zh-TW': '申訴（列）' },
  eligibility: { en: 'Eligibility (lines)', 'zh-CN': '索赔资格（行）', 'zh-TW': '索賠資格（列）' },
  odr: { en: 'Order Defect Rate (orders)', 'zh-CN': '订单缺陷率 ODR（订单）', 'zh-TW': '訂單瑕疵率 ODR（訂單）' },
  orders: { en: 'orders', 'zh-CN': '订单数', 'zh-TW': '訂單數' },
  withDefects: { en: 'with defects', 'zh-CN': '缺陷订单', 'zh-TW': '瑕疵訂單' },
  rate: { en: 'rate', 'zh-CN': '缺陷率', 'zh-TW': '瑕疵率' },
  allOrders: { en: 'All orders', 'zh-CN': '全部订单', 'zh-TW': '全部訂單' },
  afn: { en: 'Amazon-fulfilled (AFN)', 'zh-CN': '亚马逊配送（AFN）', 'zh-TW': '亞馬遜配送（AFN）' },
  mfn: { en: 'Seller-fulfilled (MFN)', 'zh-CN': '卖家自配送（MFN）', 'zh-TW': '賣家自行配送（MFN）' },
  target: { en: 'Target (rate must stay below)', 'zh-CN': '目标（须低于）', 'zh-TW': '目標（須低於）' },
  meetsTarget: { en: 'Meets target', 'zh-CN': '是否达标', 'zh-TW': '是否達標' },
  window: {
    en: 'Window: purchase days (each in its marketplace calendar)',
    'zh-CN': '统计期：下单日（按各站点日历）',
    'zh-TW': '統計期間：下單日（依各站點日曆）',
  },
  deadlines: { en: 'Deadlines (lines)', 'zh-CN': '截止提醒（行）', 'zh-TW': '期限提醒（列）' },
  dueSoon: { en: (hours: number) => `Claims due in the next ${hours} h`, 'zh-CN': (hours: number) => `${hours}小时内到期的索赔`, 'zh-TW': (hours: number) => `${hours}小時內到期的索賠` },
  overdue: { en: 'Claims overdue', 'zh-CN': '已逾期的索赔', 'zh-TW': '已逾期的索賠' },
  appealsClosing: { en: (days: number) => `Appeals closing within ${days} days`, 'zh-CN': (days: number) => `${days}天内截止的申诉`, 'zh-TW': (days: number) => `${days}天內截止的申訴` },
  lateOrders: { en: 'Late orders (not delivered)', 'zh-CN': '已延误（未送达）', 'zh-TW': '已延誤（未送達）' },
  claims: { en: 'Claims by reason and status (lines, as flagged)', 'zh-CN': '索赔：按原因和状态（行，标记时）', 'zh-TW': '索賠：依原因和狀態（列，標記時）' },
  reason: { en: 'reason', 'zh-CN': '原因', 'zh-TW': '原因' },
  total: { en: 'total', 'zh-CN': '合计', 'zh-TW': '合計' },
  chartTitle: { en: 'Claims by reason and status', 'zh-CN': '索赔原因与状态', 'zh-TW': '索賠原因與狀態' },
  chartFallback: {
    en: 'Chart: select the table above and insert a stacked column chart (this file was written without one).',
    'zh-CN': '图表：选中上表，插入“堆积柱形图”（本文件生成时未含图表）。',
    'zh-TW': '圖表：選取上表，插入「堆疊直條圖」（本檔案產生時未含圖表）。',
  },
  guide: { en: 'Column guide', 'zh-CN': '列说明', 'zh-TW': '欄位說明' },
  helpersNote: {
    en: 'Helper columns (hidden, grouped: click + above the sheet to show them) hold the instants the live colours and figures compare with NOW().',
    'zh-CN': '辅助列（已隐藏并分组，点击表格上方的 + 可展开）存放实时颜色和数字与当前时间比较的时间点。',
    'zh-TW': '輔助欄（已隱藏並設為群組，按試算表上方的 + 可展開）存放即時顏色和數字與目前時間比較的時間點。',
  },
} as const;
