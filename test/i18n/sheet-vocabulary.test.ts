import { describe, expect, it } from 'vitest';
import { canonicalColumnOf } from '../../shared/columns/map-header.js';
import { LOCALES } from '../../shared/i18n/locales.js';
import * as sheetText from '../../shared/i18n/sheet-text.js';
import { readSheetHeader, readSheetReasons, readSheetValue, sheetReasons, sheetValue, sheetValues, type ValuedColumn } from '../../shared/i18n/sheet-vocabulary.js';
import * as statusLabels from '../../shared/i18n/status-labels.js';
import { LABELS as ALERT_LABELS, TITLES as ALERT_TITLES } from '../../shared/alerts/messages.js';
import { appealDraft, responseDraft, SHIP_TEXT } from '../../shared/drafts/claim-drafts.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';
import { zhCN } from '../../addin/taskpane/i18n/zh-CN.js';
import { zhTW } from '../../addin/taskpane/i18n/zh-TW.js';
import { APPEAL_STATES, DELIVERY_STATES, ELIGIBILITY_REASONS, ELIGIBILITY_STATES, NEXT_ACTIONS, RESPONSE_STATES } from '../../shared/schemas/statuses.js';
import { columnHeader, HELPER_KEYS, sheetColumns, STATUS_KEYS } from '../../shared/sheet/columns.js';

const STATES: Record<ValuedColumn, readonly string[]> = {
  delivery: DELIVERY_STATES,
  eligibility: ELIGIBILITY_STATES,
  response: RESPONSE_STATES,
  appeal: APPEAL_STATES,
  odrDefect: ['yes', 'no'],
  nextAction: NEXT_ACTIONS,
};

describe('the sheet vocabulary', () => {
  it('reads every state back from any language it was written in, and from the bare code', () => {
    for (const [column, states] of Object.entries(STATES) as [ValuedColumn, readonly string[]][]) {
      for (const state of states) {
        expect(readSheetValue(column, state), `${column} ${state}`).toBe(state);
        for (const language of LOCALES) {
          const written = sheetValue(column, state, language);
          expect(written, `${column} ${state} ${language}`).not.toBe('');
          expect(readSheetValue(column, written), `${column} ${state} ${language}: "${written}"`).toBe(state);
        }
      }
      // Within a language a column's labels are distinct, so a COUNTIF on one counts one state only.
      for (const language of LOCALES) expect(new Set(sheetValues(column, language)).size, `${column} ${language}`).toBe(states.length);
    }
    expect(readSheetValue('delivery', 'somebody else’s text')).toBeUndefined();
  });

  it('writes the operator words: 待回复 / 即将到期 / 已逾期, and Taiwan’s 待回覆', () => {
    expect(['due', 'due_soon', 'overdue'].map((s) => sheetValue('response', s, 'zh-CN'))).toEqual(['待回复', '即将到期', '已逾期']);
    expect(['due', 'due_soon', 'overdue'].map((s) => sheetValue('response', s, 'zh-TW'))).toEqual(['待回覆', '即將到期', '已逾期']);
    expect(columnHeader('appealLastDay', 'zh-CN')).toBe('可申诉至');
    expect(columnHeader('appealLastDay', 'zh-TW')).toBe('可申訴至');
  });

  it('reads the reasons cell in any language (and the old space-separated codes)', () => {
    const reasons = ['chargeback', 'window_closed', 'no_prior_contact'] as const;
    for (const language of LOCALES) expect(readSheetReasons(sheetReasons(reasons, language))).toEqual(reasons);
    expect(readSheetReasons('digital_item service')).toEqual(['digital_item', 'service']);
    expect(readSheetReasons('')).toEqual([]);
    expect(readSheetReasons('not a reason')).toBeUndefined();
    for (const r of ELIGIBILITY_REASONS) for (const language of LOCALES) expect(readSheetReasons(sheetReasons([r], language))).toEqual([r]);
  });

  it('still reads the words earlier versions wrote, and no longer writes them', () => {
    // Sheets flagged before the wording review hold these; sync, row help and re-flag must read them.
    expect(readSheetValue('eligibility', '可被索赔')).toBe('eligible');
    expect(readSheetValue('eligibility', '可被索賠')).toBe('eligible');
    expect(readSheetReasons('買家已提出信用卡爭議款；已過索賠期')).toEqual(['chargeback', 'window_closed']);
    expect(sheetValue('eligibility', 'eligible', 'zh-CN')).toBe('符合条件');
    expect(sheetValue('eligibility', 'eligible', 'zh-TW')).toBe('符合條件');
    expect(sheetReasons(['chargeback'], 'zh-TW')).toBe('買家已申請信用卡爭議款');
    expect(readSheetHeader('申诉关闭 [atoz辅助列]')).toEqual({ key: 'appealClosesAt', language: 'zh-CN' });
    expect(columnHeader('appealClosesAt', 'zh-CN')).toBe('申诉截止 [atoz辅助列]');
  });

  it('knows every header of ours in every language, and none of them names a report column', () => {
    for (const key of [...STATUS_KEYS, ...HELPER_KEYS]) {
      for (const language of LOCALES) {
        const header = columnHeader(key, language);
        // zh-CN and zh-TW share a few headers (下一步): the language read is one that writes it so.
        const read = readSheetHeader(header);
        expect(read?.key).toBe(key);
        expect(columnHeader(key, read!.language)).toBe(header);
        // Else the header scan would read our status column as the order table's data.
        expect(canonicalColumnOf(header), header).toBeUndefined();
      }
    }
    for (const language of LOCALES) expect(new Set(sheetColumns(language).map((c) => c.header)).size).toBe(STATUS_KEYS.length + HELPER_KEYS.length);
    expect(readSheetHeader('delivery')).toBeUndefined(); // a user's own column of another spelling is not ours
  });
});

/**
 * A reviewer's check that each script stays in its own: characters that exist only in Simplified
 * never appear in zh-TW text, and the Traditional-only forms of the same words never in zh-CN.
 * (Pairs of the characters our texts use; a word list, not a converter.)
 */
const PAIRS = '这這 为為 货貨 单單 订訂 务務 运運 达達 误誤 复覆 诉訴 请請 联聯 系繫 证證 记記 态態 资資 说說 赔賠 间間 时時 处處 论論 过過 买買 卖賣 马馬 亚亞 数數 礼禮 储儲 辩辯 缺瑕 标標 额額 费費 关關 损損 质質 与與 筑築 图圖 实實 选選 钟鐘 页頁 统統 计計 栏欄 邮郵 无無 该該 级級 尽儘 沟溝 确確 观觀 读讀 码碼 后後 动動 发發 门門 们們 认認 题題 应應 检檢 查查'.split(' ');
const SIMPLIFIED_ONLY = PAIRS.map((p) => p[0]!).filter((c, i) => c !== PAIRS[i]![1] && !['缺', '系', '复', '后', '查'].includes(c));
const TRADITIONAL_ONLY = PAIRS.map((p) => p[1]!).filter((c, i) => c !== PAIRS[i]![0] && !['瑕', '繫', '覆', '後', '查'].includes(c));

function texts(value: unknown, language: string, out: string[] = []): string[] {
  if (typeof value === 'function') out.push(String((value as (n: number) => string)(24)));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === language) texts(inner, '*', out);
      else if (!['en', 'zh-CN', 'zh-TW'].includes(key)) texts(inner, language, out);
    }
  } else if (typeof value === 'string' && language === '*') out.push(value);
  return out;
}

describe('each Chinese script keeps to its own characters', () => {
  // Everything an operator reads: the sheet, the dashboard, the task pane, the alerts and the drafts' fixed words.
  const pane = { 'zh-CN': zhCN, 'zh-TW': zhTW };
  const row: OrderRow = {
    orderId: '111-0000004-0000004', timeZone: 'America/Los_Angeles', fulfillment: 'mfn', itemType: 'physical', chargeback: false,
    purchaseAt: Date.parse('2024-02-20T08:00:00-08:00'), maxEddAt: Date.parse('2024-03-01T00:00:00-08:00'),
    claimAt: Date.parse('2024-03-02T16:00:00-08:00'), claimStatus: 'granted', decisionAt: Date.parse('2024-03-08T00:00:00-08:00'),
  };
  const result = evaluateRow(row, DEFAULT_POLICY, Date.parse('2024-03-15T19:00:00Z'), 5);
  const drafts = Object.fromEntries((['zh-CN', 'zh-TW'] as const).map((l) => [l, [responseDraft({ row, result }, l), appealDraft({ row, result }, l)]]));
  const tables = { ...sheetText, ...statusLabels, pane, ALERT_TITLES, ALERT_LABELS, SHIP_TEXT, drafts };
  it('zh-TW has no Simplified-only character, zh-CN no Traditional-only one', () => {
    const tw = texts(tables, 'zh-TW');
    const cn = texts(tables, 'zh-CN');
    expect(tw.length).toBeGreaterThan(100);
    expect(cn.length).toBeGreaterThan(100);
    for (const text of tw) for (const c of SIMPLIFIED_ONLY) expect(text.includes(c), `zh-TW "${text}" has ${c}`).toBe(false);
    for (const text of cn) for (const c of TRADITIONAL_ONLY) expect(text.includes(c), `zh-CN "${text}" has ${c}`).toBe(false);
  });

  it('zh-TW uses Taiwan’s words, not the mainland’s', () => {
    const tw = texts(tables, 'zh-TW').join('\n');
    // mainland → Taiwan: 联系→聯絡, 信息→資訊, 渠道→通路, 默认→預設, 妥投→送達, 表格→試算表, 加载项→增益集.
    // 服務端 (server side) is 伺服器; 記錄 as a noun (a record) is 紀錄; a carrier is 物流業者.
    for (const word of ['聯繫', '信息', '渠道', '默認', '妥投', '表格', '加載項', '服務端', '記錄', '承運商']) expect(tw.includes(word), word).toBe(false);
  });

  it('addresses the operator in one register, 您, in both scripts', () => {
    for (const language of ['zh-CN', 'zh-TW']) for (const text of texts(tables, language)) expect(text.includes('你'), text).toBe(false);
  });
});
