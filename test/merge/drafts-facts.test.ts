import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { responseDraft } from '../../shared/drafts/claim-drafts.js';
import { FactIndex, mergeLine } from '../../shared/merge/merge-facts.js';
import { collectFacts } from '../../shared/merge/merge-report.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { openReport } from '../../shared/report/read-report.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';
import { FIXTURES } from '../helpers/cli.js';

const ASOF = Date.parse('2017-06-20T12:00:00+09:00');

describe('drafts cite the facts the other reports gave', () => {
  it('a "not received" response cites the carrier, tracking number and shipment date of the FBA shipment report, and says the delivery scan is missing; no placeholder', async () => {
    const index = new FactIndex();
    await collectFacts(await openReport(readFileSync(`${FIXTURES}jp-fba-amazon-fulfilled-shipments-2017.txt`)), 'shipments.txt', index);
    const row: OrderRow = {
      orderId: '249-0814575-0394263',
      orderItemId: '67225985676654',
      timeZone: 'Asia/Tokyo',
      fulfillment: 'afn',
      itemType: 'physical',
      chargeback: false,
      claimAt: Date.parse('2017-06-15T10:00:00+09:00'),
      claimReason: 'not_received',
    };
    const merged = mergeLine(row, { file: 'claims.csv', line: 2, kind: 'claims' }, new Set(['claimAt', 'claimReason']), index.take(row.orderId));
    expect(merged.warnings).toEqual([]);
    const result = evaluateRow(merged.row, DEFAULT_POLICY, ASOF, 2);
    const text = responseDraft({ row: merged.row, result, facts: merged.facts });
    expect(text).toContain('- Shipped: 2017-06-05 19:58 (Asia/Tokyo), with YAMATO, tracking number 443656408532');
    expect(text).toContain('- Delivered (carrier scan): no delivery scan in the carrier record yet');
    // The estimated arrival came from the shipment report as the latest estimated delivery date.
    expect(text).toContain('- Latest estimated delivery date: 2017-06-05 20:00 (Asia/Tokyo)');
    expect(text).not.toContain('[carrier');
    expect(responseDraft({ row: merged.row, result, facts: merged.facts }, 'zh-CN')).toContain('承运商 YAMATO，追踪号 443656408532');
    // Without the shipment report the operator is asked for them.
    expect(responseDraft({ row, result })).toContain('[carrier, tracking number, latest scan]');
  });

  it('a return claim cites the return request date, status and refund from the Returns report', () => {
    const row: OrderRow = { orderId: '111-0000002-0000002', timeZone: 'America/Los_Angeles', fulfillment: 'mfn', itemType: 'physical', chargeback: false, claimAt: Date.parse('2024-03-12T09:30:00-07:00'), claimReason: 'return_not_refunded' };
    const source = { file: 'returns.txt', line: 2, kind: 'returns' as const };
    const merged = mergeLine(row, { file: 'orders.txt', line: 3, kind: 'orders' }, new Set(), [
      { source, orderId: row.orderId, fields: {}, returned: { requestedAt: Date.parse('2024-03-09T09:00:00-08:00'), status: 'Approved', refundedAmount: '19.99', currency: 'USD', source } },
    ]);
    const result = evaluateRow(merged.row, DEFAULT_POLICY, Date.parse('2024-03-13T12:00:00-07:00'), 3);
    const text = responseDraft({ row: merged.row, result, facts: merged.facts });
    expect(text).toContain('- Return: requested 2024-03-09 09:00 (America/Los_Angeles), status Approved, refunded 19.99 USD');
    expect(responseDraft({ row: merged.row, result, facts: merged.facts }, 'zh-TW')).toContain('退貨申請 2024-03-09 09:00 (America/Los_Angeles)，狀態 Approved，已退款 19.99 USD');
  });
});
