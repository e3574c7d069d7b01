import { describe, expect, it } from 'vitest';
import { FactIndex, mergeLine } from '../../shared/merge/merge-facts.js';
import { collectFacts, MergeNotes, mergedReport } from '../../shared/merge/merge-report.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { evaluateReport } from '../../shared/evaluate-report.js';
import type { FactRecord, FactSource } from '../../shared/report/facts.js';
import { openReport } from '../../shared/report/read-report.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';

const row = (over: Partial<OrderRow> = {}): OrderRow => ({
  orderId: '111-1111111-1111111',
  timeZone: 'America/Los_Angeles',
  fulfillment: 'mfn',
  itemType: 'physical',
  chargeback: false,
  ...over,
});
const src = (file: string, line: number, kind: FactSource['kind'] = 'orders'): FactSource => ({ file, line, kind });
const fact = (source: FactSource, over: Partial<FactRecord> = {}): FactRecord => ({ source, orderId: '111-1111111-1111111', fields: {}, ...over });

describe('mergeLine', () => {
  it('takes a fact the line lacks, and says where it came from', () => {
    const merged = mergeLine(row(), src('orders.txt', 2), new Set(['purchaseAt']), [fact(src('feedback.txt', 5, 'feedback'), { fields: { feedbackRating: 2 } })]);
    expect(merged.row.feedbackRating).toBe(2);
    expect(merged.facts.sources.feedbackRating).toEqual(src('feedback.txt', 5, 'feedback'));
    expect(merged.warnings).toEqual([]);
  });

  it('the same order with two purchase dates is a warning naming both files and lines, never a silent pick', () => {
    const merged = mergeLine(row({ purchaseAt: Date.parse('2024-01-02T10:00:00Z') }), src('orders.txt', 2), new Set(['purchaseAt']), [
      fact(src('returns.txt', 7, 'returns'), { fields: { purchaseAt: Date.parse('2024-01-03T10:00:00Z') } }),
    ]);
    expect(merged.row.purchaseAt).toBe(Date.parse('2024-01-02T10:00:00Z'));
    expect(merged.warnings).toEqual([
      'order 111-1111111-1111111: the purchase date differs: orders.txt line 2 says 2024-01-02 02:00 (America/Los_Angeles), returns.txt line 7 says 2024-01-03 02:00 (America/Los_Angeles); orders.txt\'s is used',
    ]);
  });

  it('a default of a column the line\'s report lacks is not a stated fact: fulfilment and chargeback are taken, not contradicted', () => {
    const merged = mergeLine(row(), src('claims.csv', 2, 'claims'), new Set(['claimAt']), [fact(src('orders.txt', 3), { fields: { fulfillment: 'afn', chargeback: true } })]);
    expect(merged.row).toMatchObject({ fulfillment: 'afn', chargeback: true });
    expect(merged.warnings).toEqual([]);
  });

  it('the same value twice is no warning; two feedback lines of one order that disagree are', () => {
    const merged = mergeLine(row(), src('orders.txt', 2), new Set(), [
      fact(src('a.txt', 2, 'feedback'), { fields: { feedbackRating: 1 } }),
      fact(src('b.txt', 4, 'feedback'), { fields: { feedbackRating: 1 } }),
      fact(src('b.txt', 9, 'feedback'), { fields: { feedbackRating: 5 } }),
    ]);
    expect(merged.row.feedbackRating).toBe(1);
    expect(merged.warnings).toHaveLength(1);
    expect(merged.warnings[0]).toContain('a.txt line 2 says 1, b.txt line 9 says 5');
  });

  it('an item fact (order item id, else SKU) joins only its own order line; an order fact joins every line', () => {
    const ship = (orderItemId: string, trackingNumber: string) =>
      fact(src('ship.txt', 2, 'shipments'), { orderItemId, shipment: { trackingNumber, source: src('ship.txt', 2, 'shipments') } });
    const returned = fact(src('ret.txt', 2, 'returns'), { sku: 'B', returned: { status: 'Approved', source: src('ret.txt', 2, 'returns') } });
    const feedback = fact(src('fb.txt', 2, 'feedback'), { fields: { feedbackRating: 1 } });
    const facts = [ship('10', 'T10'), ship('20', 'T20'), returned, feedback];
    const a = mergeLine(row({ orderItemId: '10', sku: 'A' }), src('o.txt', 2), new Set(), facts);
    const b = mergeLine(row({ orderItemId: '20', sku: 'B' }), src('o.txt', 3), new Set(), facts);
    expect(a.facts.shipments.map((s) => s.trackingNumber)).toEqual(['T10']);
    expect(b.facts.shipments.map((s) => s.trackingNumber)).toEqual(['T20']);
    expect(a.facts.returns).toEqual([]);
    expect(b.facts.returns.map((r) => r.status)).toEqual(['Approved']);
    expect([a.row.feedbackRating, b.row.feedbackRating]).toEqual([1, 1]);
  });
});

describe('merging whole reports', () => {
  const orders = 'amazon-order-id\tpurchase-date\tfulfillment-channel\tsales-channel\n111-1111111-1111111\t2024-03-01T10:00:00Z\tMerchant\tAmazon.com\n222-2222222-2222222\t2024-03-02T10:00:00Z\tAmazon\tAmazon.com\n';
  const feedback = 'Date\tRating\tComments\tYour Response\tOrder ID\tRater Email\n3/10/24\t2\tLate\t\t111-1111111-1111111\ta@example.com\n3/11/24\t1\tNo\t\t999-9999999-9999999\tb@example.com\n3/11/24\t5\tGood\t\t222-2222222-2222222\tc@example.com\n';

  it('the ODR counts negative feedback from a feedback report; orders only the feedback names are reported, not evaluated', async () => {
    const index = new FactIndex();
    const fb = await openReport(feedback);
    const collected = await collectFacts(fb, 'feedback.txt', index);
    expect(collected).toEqual({ lines: 3, errors: [] });
    const notes = new MergeNotes();
    const report = mergedReport(await openReport(orders), 'orders.txt', index, notes);
    const asOf = Date.parse('2024-03-20T12:00:00Z');
    const evaluation = evaluateReport(report, DEFAULT_POLICY, asOf);
    const defects: boolean[] = [];
    for await (const batch of evaluation.batches) for (const item of batch) defects.push(item.result!.odrDefect);
    expect(defects).toEqual([true, false]);
    expect(evaluation.summary()).toMatchObject({ orders: 2, ordersWithDefects: 1, mfn: { orders: 1, ordersWithDefects: 1 } });
    expect(notes.summary(index, 'orders.txt')).toEqual(['feedback.txt: 1 line names an order not in orders.txt (e.g. 999-9999999-9999999); not evaluated']);
  });

  it('without the feedback report the same orders have no defect (the merge is what counts it)', async () => {
    const evaluation = evaluateReport(await openReport(orders), DEFAULT_POLICY, Date.parse('2024-03-20T12:00:00Z'));
    for await (const _ of evaluation.batches);
    expect(evaluation.summary().ordersWithDefects).toBe(0);
  });

  it('lines of a feedback report without an order id come back as row errors with their file', async () => {
    const index = new FactIndex();
    const { errors } = await collectFacts(await openReport('Date\tRating\tOrder ID\n3/10/24\t2\t\n'), 'fb.txt', index);
    expect(errors).toEqual([{ file: 'fb.txt', line: 2, column: 'Order ID', message: 'the order id is empty' }]);
    expect(index.size).toBe(0);
  });
  it('a claim sheet lends its delivered date to the order line (the order report has none), never its order status or channel', async () => {
    const index = new FactIndex();
    const sheet = 'order-id,order-status,fulfillment-channel,delivered-date,claim-date,claim-reason\n111-1111111-1111111,Delivered,,2024-03-06T12:00:00Z,2024-03-12T09:00:00Z,Not received\n';
    await collectFacts(await openReport(sheet), 'claims.csv', index);
    const report = mergedReport(await openReport(orders), 'orders.txt', index, new MergeNotes());
    const rows: OrderRow[] = [];
    for await (const batch of report.batches) for (const item of batch.items) if (item.row) rows.push(item.row);
    expect(rows[0]).toMatchObject({ deliveredAt: Date.parse('2024-03-06T12:00:00Z'), claimAt: Date.parse('2024-03-12T09:00:00Z'), claimReason: 'not_received', fulfillment: 'mfn' });
    expect(rows[0]!.orderStatus).toBeUndefined();
  });
});
