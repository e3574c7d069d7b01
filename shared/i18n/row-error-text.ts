import type { Locale } from './locales.js';

/**
 * A row error's message in the workbook's language. The reader and the engine write their messages in
 * English (the JSON and CSV contract, and the worker's problem answers, keep them so); the sheet's
 * "Row errors" cell says them in zh-CN or zh-TW. Each message the reader can give has one pattern here;
 * the operator's own text in a message (a quoted excerpt, the accepted words, a date) is kept as it is.
 * A message with no pattern (a newer one) stays English rather than be guessed at.
 */
type Say = (parts: readonly string[]) => string;
interface Pattern {
  pattern: RegExp;
  'zh-CN': Say;
  'zh-TW': Say;
}

/** A quoted excerpt of a cell, as shared/text/excerpt.ts writes it: "text" or "text…" (+N characters). */
const Q = '(".*"(?: \\(\\+[\\d,]+ characters\\))?)';
const re = (source: string) => new RegExp(`^${source}$`, 's');
/** The date examples as a Chinese list: 2024-01-05、…、Excel 日期. */
const listed = (examples = '') => examples.replaceAll(', ', '、').replace(' or ', '、').replace('an Excel date', 'Excel 日期');

const PATTERNS: readonly Pattern[] = [
  { pattern: re('the order id is empty'), 'zh-CN': () => '订单编号为空', 'zh-TW': () => '訂單編號空白' },
  {
    pattern: re(`${Q} is not a fulfilment channel; accepted: .*`),
    'zh-CN': ([x]) => `${x} 不是有效的配送方式；可填：Amazon 或 AFN（亚马逊配送），Merchant 或 MFN（卖家自配送）`,
    'zh-TW': ([x]) => `${x} 不是有效的配送方式；可填：Amazon 或 AFN（亞馬遜配送）、Merchant 或 MFN（賣家自行配送）`,
  },
  {
    pattern: re(`${Q} is not an item type; accepted: (.*) \\(e\\.g\\. "gift card" = stored_value\\)`),
    'zh-CN': ([x, list]) => `${x} 不是有效的商品类型；可填：${list}（例如 "gift card" = stored_value）`,
    'zh-TW': ([x, list]) => `${x} 不是有效的商品類型；可填：${list}（例如 "gift card" = stored_value）`,
  },
  {
    pattern: re(`${Q} is not a claim reason; accepted: (.*)`),
    'zh-CN': ([x, list]) => `${x} 不是有效的索赔原因；可填：${list}`,
    'zh-TW': ([x, list]) => `${x} 不是有效的索賠原因；可填：${list}`,
  },
  {
    pattern: re(`${Q} is not a claim status; accepted: (.*)`),
    'zh-CN': ([x, list]) => `${x} 不是有效的索赔状态；可填：${list}`,
    'zh-TW': ([x, list]) => `${x} 不是有效的索賠狀態；可填：${list}`,
  },
  {
    pattern: re(`${Q} is not yes or no; accepted: (.*)`),
    'zh-CN': ([x, list]) => `${x} 不是“是”或“否”；可填：${list}`,
    'zh-TW': ([x, list]) => `${x} 不是「是」或「否」；可填：${list}`,
  },
  {
    pattern: re(`${Q} is not a feedback rating; accepted: a whole number from 1 to 5`),
    'zh-CN': ([x]) => `${x} 不是有效的反馈评分；可填 1 到 5 的整数`,
    'zh-TW': ([x]) => `${x} 不是有效的意見回饋評分；可填 1 到 5 的整數`,
  },
  {
    pattern: re(`the claim status is ${Q} but the claim date is empty; a claim needs the date it was filed`),
    'zh-CN': ([x]) => `索赔状态为 ${x}，但索赔日期为空；请填写买家提出索赔的日期`,
    'zh-TW': ([x]) => `索賠狀態為 ${x}，但索賠日期空白；請填寫買家提出索賠的日期`,
  },
  {
    pattern: re(`${Q} is not a real calendar date when read as (.*)`),
    'zh-CN': ([x, order]) => `按 ${order} 顺序读取时，${x} 不是实际存在的日期`,
    'zh-TW': ([x, order]) => `依 ${order} 順序讀取時，${x} 不是實際存在的日期`,
  },
  {
    pattern: re(`${Q} is not a real calendar date`),
    'zh-CN': ([x]) => `${x} 不是实际存在的日期`,
    'zh-TW': ([x]) => `${x} 不是實際存在的日期`,
  },
  {
    pattern: re(`${Q} has an impossible time of day`),
    'zh-CN': ([x]) => `${x} 的时间不存在`,
    'zh-TW': ([x]) => `${x} 的時間不存在`,
  },
  {
    pattern: re(`${Q} has an impossible UTC offset`),
    'zh-CN': ([x]) => `${x} 的 UTC 时差不可能存在`,
    'zh-TW': ([x]) => `${x} 的 UTC 時差不可能存在`,
  },
  {
    pattern: re(`${Q} is not a usable Excel date: (.*)`),
    'zh-CN': ([x, why]) => `${x} 不是可用的 Excel 日期（${why}）`,
    'zh-TW': ([x, why]) => `${x} 不是可用的 Excel 日期（${why}）`,
  },
  {
    pattern: re(`${Q} is a number, not a date \\(as an Excel date it would be (.*)\\); write dates as YYYY-MM-DD`),
    'zh-CN': ([x, day]) => `${x} 是数字，不是日期（按 Excel 日期是 ${day}）；日期请写成 YYYY-MM-DD`,
    'zh-TW': ([x, day]) => `${x} 是數字，不是日期（依 Excel 日期為 ${day}）；日期請寫成 YYYY-MM-DD`,
  },
  {
    pattern: re(`${Q} is not a date \\(expected e\\.g\\. (.*)\\)`),
    'zh-CN': ([x, examples]) => `${x} 不是日期（应为如 ${listed(examples)}）`,
    'zh-TW': ([x, examples]) => `${x} 不是日期（應為如 ${listed(examples)}）`,
  },
];

/** `message` (a RowError's, in English) as the workbook's language says it. */
export function rowErrorMessage(message: string, language: Locale): string {
  if (language === 'en') return message;
  for (const entry of PATTERNS) {
    const match = entry.pattern.exec(message);
    if (match) return entry[language](match.slice(1).map((part) => part ?? ''));
  }
  return message;
}
