import type { Locale } from '../i18n/locales.js';
import { NEXT_ACTION_TEXT } from '../i18n/status-labels.js';
import { formatWallClock } from '../time/format.js';
import type { AlertEvent } from './events.js';
import type { AlertEventKind } from './settings.js';

/** A message as every channel shows it: a title and a few lines of plain text (formatters add markup). */
export interface AlertMessage {
  title: string;
  lines: string[];
  /** The order the message is about (null for account-wide ones). */
  orderId: string | null;
}

type Texts = Record<Locale, string>;

export const TITLES: Record<AlertEventKind | 'test', Texts> = {
  claim_due_soon: { en: 'A-to-z claim: answer due soon', 'zh-CN': 'A-to-z 索赔：即将到期，请回复', 'zh-TW': 'A-to-z 索賠：即將到期，請回覆' },
  claim_overdue: { en: 'A-to-z claim: answer overdue', 'zh-CN': 'A-to-z 索赔：回复已逾期', 'zh-TW': 'A-to-z 索賠：回覆已逾期' },
  appeal_closing: { en: 'Appeal window closes soon', 'zh-CN': '申诉期即将结束', 'zh-TW': '申訴期即將結束' },
  order_late: { en: 'Order late: the buyer may now file "not received"', 'zh-CN': '订单已延误：买家现在可以提出“未收到”索赔', 'zh-TW': '訂單已延誤：買家現在可以提出「未收到」索賠' },
  new_claim: { en: 'New A-to-z claim', 'zh-CN': '新的 A-to-z 索赔', 'zh-TW': '新的 A-to-z 索賠' },
  odr_over_target: { en: 'Order Defect Rate over target', 'zh-CN': '订单缺陷率超过目标', 'zh-TW': '訂單瑕疵率超過目標' },
  digest: { en: 'A-to-z Claim Guard: what is open today', 'zh-CN': 'A-to-z 索赔卫士：今日待处理', 'zh-TW': 'A-to-z 索賠衛士：今日待處理' },
  test: { en: 'A-to-z Claim Guard: test message', 'zh-CN': 'A-to-z 索赔卫士：测试消息', 'zh-TW': 'A-to-z 索賠衛士：測試訊息' },
};

export const LABELS = {
  order: { en: 'Order', 'zh-CN': '订单', 'zh-TW': '訂單' },
  todo: { en: 'To do', 'zh-CN': '下一步', 'zh-TW': '下一步' },
  deadline: { en: 'Deadline', 'zh-CN': '期限', 'zh-TW': '期限' },
  lastDay: { en: 'Last day', 'zh-CN': '最后一天', 'zh-TW': '最後一天' },
  marketplace: { en: 'marketplace time', 'zh-CN': '站点时间', 'zh-TW': '站點時間' },
  yours: { en: 'your time', 'zh-CN': '您的时间', 'zh-TW': '您的時間' },
  test: {
    en: 'This channel works: alerts about deadlines will arrive here.',
    'zh-CN': '此通知渠道可用：截止提醒将发送到这里。',
    'zh-TW': '此通知管道可用：截止提醒將傳送到這裡。',
  },
  odr: {
    en: (rate: string, target: string, orders: number, defects: number, from: string, to: string) => `ODR ${rate} (target below ${target}): ${defects} of ${orders} orders with a defect, purchases ${from} to ${to}.`,
    'zh-CN': (rate: string, target: string, orders: number, defects: number, from: string, to: string) => `ODR ${rate}（目标低于 ${target}）：${orders} 个订单中 ${defects} 个有缺陷，购买日期 ${from} 至 ${to}。`,
    'zh-TW': (rate: string, target: string, orders: number, defects: number, from: string, to: string) => `ODR ${rate}（目標低於 ${target}）：${orders} 筆訂單中 ${defects} 筆有瑕疵，購買日期 ${from} 至 ${to}。`,
  },
  digest: {
    en: ['Claims due', 'due within a day', 'overdue', 'Appeals open', 'Late orders without a claim'],
    'zh-CN': ['待回复索赔', '一天内到期', '已逾期', '可申诉', '延误且未索赔的订单'],
    'zh-TW': ['待回覆索賠', '一天內到期', '已逾期', '可申訴', '延誤且未索賠的訂單'],
  },
} as const;

const percent = (rate: number) => `${(rate * 100).toFixed(2)} %`;

/**
 * The message of an event in the account's language: the order id, what to do (docs/rules.md §7's advice) and
 * the deadline in the marketplace's time and the readers' (`readerZone`). Pure.
 */
export function alertMessage(event: AlertEvent | 'test', language: Locale, readerZone: string): AlertMessage {
  if (event === 'test') return { title: TITLES.test[language], lines: [LABELS.test[language]], orderId: null };
  const lines: string[] = [];
  if (event.orderId !== null) lines.push(`${LABELS.order[language]}: ${event.orderId}`);
  if (event.nextAction !== null && event.nextAction !== 'none') {
    const action = NEXT_ACTION_TEXT[event.nextAction][language];
    lines.push(`${LABELS.todo[language]}: ${action.label}. ${action.advice}`);
  }
  if (event.deadline !== null && 'at' in event.deadline) {
    const at = Date.parse(event.deadline.at);
    lines.push(
      `${LABELS.deadline[language]}: ${formatWallClock(at, event.timeZone)} (${LABELS.marketplace[language]}, ${event.timeZone}) = ${formatWallClock(at, readerZone)} (${LABELS.yours[language]}, ${readerZone})`,
    );
  } else if (event.deadline !== null) {
    lines.push(`${LABELS.lastDay[language]}: ${event.deadline.day} (${LABELS.marketplace[language]}, ${event.timeZone})`);
  }
  if (event.odr && event.odr.rate !== null) {
    const { rate, target, orders, ordersWithDefects, windowStart, windowEnd } = event.odr;
    lines.push(LABELS.odr[language](percent(rate), percent(target), orders, ordersWithDefects, windowStart, windowEnd));
  }
  if (event.open) {
    const [due, soon, overdue, appeals, late] = LABELS.digest[language];
    const o = event.open;
    lines.push(`${due}: ${o.claimsDue + o.claimsDueSoon + o.claimsOverdue} (${soon}: ${o.claimsDueSoon}, ${overdue}: ${o.claimsOverdue})`, `${appeals}: ${o.appealsOpen}`, `${late}: ${o.lateOrders}`);
  }
  return { title: TITLES[event.kind][language], lines, orderId: event.orderId };
}
