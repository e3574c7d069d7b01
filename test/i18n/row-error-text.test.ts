import { describe, expect, it } from 'vitest';
import { rowErrorMessage } from '../../shared/i18n/row-error-text.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { openReport, type ReportItem } from '../../shared/report/read-report.js';
import type { RowError } from '../../shared/schemas/statuses.js';
import { rowErrorText } from '../../shared/sheet/row-cells.js';

const HEADER = ['order-id', 'purchase-date', 'sales-channel', 'fulfillment-channel', 'item-type', 'claim-date', 'claim-reason', 'claim-status', 'chargeback', 'feedback-rating'];
const GOOD = ['111-0000001-0000001', '2024-03-01T10:00:00-08:00', 'Amazon.com', 'Merchant', '', '', '', '', '', ''];

/** One line per bad cell (the rest good), read by the real reader: the messages operators get. */
const BAD_CELLS: Record<string, string>[] = [
  { 'fulfillment-channel': 'Drone' },
  { 'item-type': 'furniture' },
  { 'claim-date': '2024-03-10', 'claim-reason': 'bored', 'claim-status': 'open' },
  { 'claim-date': '2024-03-10', 'claim-reason': 'not received', 'claim-status': 'pondering' },
  { chargeback: 'maybe' },
  { 'feedback-rating': '7' },
  { 'claim-reason': 'not received', 'claim-status': 'open' },
  { 'purchase-date': '2024-02-30' },
  { 'purchase-date': '2024-03-01T25:00:00' },
  { 'purchase-date': '2024-03-01T10:00:00+23:00' },
  { 'purchase-date': '7' },
  { 'purchase-date': 'next Tuesday' },
  { 'purchase-date': `${'x'.repeat(300)}` },
];

async function readerErrors(): Promise<RowError[][]> {
  const lines = BAD_CELLS.map((bad) => HEADER.map((column, i) => bad[column] ?? GOOD[i]).join('\t'));
  const report = await openReport(new TextEncoder().encode([HEADER.join('\t'), ...lines].join('\n')), { policy: DEFAULT_POLICY });
  const items: ReportItem[] = [];
  for await (const batch of report.batches) items.push(...batch.items);
  return items.map((item) => item.errors ?? []);
}

describe('row errors in the workbook\'s language', () => {
  it('every message the reader gives for a bad cell is said in zh-CN and zh-TW, the operator\'s text kept as written', async () => {
    const perLine = await readerErrors();
    expect(perLine.map((errors) => errors.length > 0)).toEqual(BAD_CELLS.map(() => true));
    for (const { message } of perLine.flat()) {
      expect(rowErrorMessage(message, 'en')).toBe(message);
      for (const language of ['zh-CN', 'zh-TW'] as const) {
        const said = rowErrorMessage(message, language);
        expect(said, `${language}: ${message}`).not.toBe(message);
        // What the operator wrote (the quoted excerpt) is still there, word for word.
        for (const quoted of message.match(/"[^"]*"(?: \(\+[\d,]+ characters\))?/g) ?? []) if (!quoted.includes('gift card')) expect(said).toContain(quoted);
        // No English sentence left: only quoted cells, accepted words, codes and dates are Latin.
        expect(said.replace(/"[^"]*"/g, '').match(/\b(is|not|the|accepted|has|empty|when|write)\b/g), `${language}: ${said}`).toBeNull();
      }
    }
  });

  it('reads as an operator would, in Taiwan\'s terms in zh-TW; the sheet\'s cell joins them in that language', () => {
    expect(rowErrorMessage('"2024-02-30" is not a real calendar date', 'zh-CN')).toBe('"2024-02-30" 不是实际存在的日期');
    expect(rowErrorMessage('the order id is empty', 'zh-TW')).toBe('訂單編號空白');
    expect(rowErrorMessage('the claim status is "open" but the claim date is empty; a claim needs the date it was filed', 'zh-TW')).toBe(
      '索賠狀態為 "open"，但索賠日期空白；請填寫買家提出索賠的日期',
    );
    const errors: RowError[] = [
      { line: 2, column: 'purchase-date', message: '"2024-02-30" is not a real calendar date' },
      { line: 2, column: null, message: 'the order id is empty' },
    ];
    expect(rowErrorText(errors, 'zh-TW')).toBe('purchase-date: "2024-02-30" 不是實際存在的日期；列: 訂單編號空白');
    expect(rowErrorText(errors, 'en')).toBe('purchase-date: "2024-02-30" is not a real calendar date; row: the order id is empty');
  });

  it('a message it has no words for stays English rather than be guessed at', () => {
    expect(rowErrorMessage('something new went wrong', 'zh-CN')).toBe('something new went wrong');
  });
});
