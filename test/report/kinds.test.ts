import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FactBuilder, type FactRecord } from '../../shared/report/facts.js';
import { detectKind, kindCandidates } from '../../shared/report/kinds.js';
import { openReport, ReportError, type ReportItem } from '../../shared/report/read-report.js';
import type { RowError } from '../../shared/schemas/statuses.js';
import { FIXTURES } from '../helpers/cli.js';

const headerOf = (file: string) => readFileSync(`${FIXTURES}${file}`, 'utf8').split('\n')[0]!.split('\t');

async function facts(text: string, file = 'x.txt', kind?: Parameters<typeof openReport>[1] extends infer O ? (O extends { kind?: infer K } ? K : never) : never) {
  const report = await openReport(text, { kind });
  const builder = new FactBuilder(report.kind, report.headers, report.columns, file);
  const out: (FactRecord | RowError[])[] = [];
  for await (const batch of report.batches) for (const item of batch.items as ReportItem[]) out.push(builder.build(item));
  return { report, out };
}

describe('report kinds are detected from the real headers', () => {
  it.each([
    ['airbyte-seller-feedback-headers.txt', 'feedback'],
    ['airbyte-returns-by-return-date-a-to-z-claim-headers.txt', 'returns'],
    ['airbyte-fba-customer-returns-headers.txt', 'returns'],
    ['us-fba-amazon-fulfilled-shipments-2013-one-row.txt', 'shipments'],
    ['jp-fba-amazon-fulfilled-shipments-2017.txt', 'shipments'],
    ['us-new-orders-2009-perl-test.txt', 'orders'],
    ['it-all-orders-2017-scrubbed-one-row.txt', 'orders'],
    ['in-unshipped-orders-2025.txt', 'orders'],
    ['airbyte-archived-orders-by-order-date-headers.txt', 'orders'],
  ])('%s is a %s report', async (file, kind) => {
    expect(detectKind(headerOf(file))).toBe(kind);
    const report = await openReport(readFileSync(`${FIXTURES}${file}`));
    expect(report.kind).toBe(kind);
  });

  it('the example claim sheet is a claim sheet', async () => {
    const text = readFileSync(new URL('../../examples/orders-and-claims.csv', import.meta.url), 'utf8');
    expect((await openReport(text)).kind).toBe('claims');
  });

  it('a declared kind wins over detection, and a declared kind the header cannot be is refused with what it lacks', async () => {
    const text = 'order-id\tpurchase-date\tclaim-date\n111-1111111-1111111\t2024-01-02\t2024-02-01\n';
    expect((await openReport(text)).kind).toBe('claims');
    expect((await openReport(text, { kind: 'orders' })).kind).toBe('orders');
    await expect(openReport(text, { kind: 'feedback' })).rejects.toThrow(/declared a feedback report .* no rating column/);
    await expect(openReport(text, { kind: 'seller-performance' })).rejects.toThrow(ReportError);
  });

  it('a file of no known kind is refused with the kinds it could be and the columns each needs', async () => {
    const error = await openReport('Date\tRating\tComments\n10/20/23\t1\tlate\n').catch((e: Error) => e);
    expect(error).toBeInstanceOf(ReportError);
    const message = (error as Error).message;
    expect(message).toMatch(/could be: feedback \(.*\): needs amazon-order-id \(has rating\)/);
    for (const kind of ['returns', 'shipments', 'claims', 'orders']) expect(message).toContain(`${kind} (`);
    expect(kindCandidates(['carrier'])[0]).toMatch(/^shipments .*needs amazon-order-id and tracking-number \(has carrier\)/);
  });
});

describe('facts of each kind', () => {
  it('feedback: the rating (1-2 is an ODR defect), date as written, comments; a line without an order id is a row error', async () => {
    const { out } = await facts('Date\tRating\tComments\tYour Response\tOrder ID\tRater Email\n10/20/23\t1\tNever came\t\t111-1111111-1111111\tx@example.com\n10/21/23\t5\tGreat\t\t\ty@example.com\n10/22/23\tsix\tHm\t\t222-2222222-2222222\tz@example.com\n', 'feedback.txt');
    const [first, second, third] = out;
    expect(first).toMatchObject({ orderId: '111-1111111-1111111', fields: { feedbackRating: 1 }, feedback: { rating: 1, date: '10/20/23', comments: 'Never came', source: { file: 'feedback.txt', line: 2, kind: 'feedback' } } });
    expect(second).toEqual([{ line: 3, column: 'Order ID', message: 'the order id is empty' }]);
    expect(third).toEqual([{ line: 4, column: 'Rating', message: expect.stringMatching(/"six" is not a feedback rating/) }]);
  });

  it('returns (MFN header): request date, status, resolution, refund, the A-to-Z Claim flag, its order date; no order id is a row error', async () => {
    const header = headerOf('airbyte-returns-by-return-date-a-to-z-claim-headers.txt');
    const cells = (values: Record<string, string>) => header.map((h) => values[h] ?? '').join('\t');
    const text = [
      header.join('\t'),
      cells({ 'Order ID': '111-1111111-1111111', 'Order date': '2024-01-02T10:00:00Z', 'Return request date': '2024-01-20T08:00:00Z', 'Return request status': 'Approved', 'A-to-Z Claim': 'Y', Resolution: 'StandardRefund', 'Refunded Amount': '12.99', 'Currency code': 'USD', 'Merchant SKU': 'SKU-1' }),
      cells({ 'Order ID': '', 'Return request date': '2024-01-20T08:00:00Z' }),
    ].join('\n');
    const { report, out } = await facts(text, 'returns.txt');
    expect(report.kind).toBe('returns');
    expect(out[0]).toMatchObject({
      orderId: '111-1111111-1111111',
      sku: 'SKU-1',
      fields: { purchaseAt: Date.parse('2024-01-02T10:00:00Z') },
      returned: { requestedAt: Date.parse('2024-01-20T08:00:00Z'), status: 'Approved', atozClaim: true, resolution: 'StandardRefund', refundedAmount: '12.99', currency: 'USD' },
    });
    expect(out[1]).toEqual([{ line: 3, column: 'Order ID', message: 'the order id is empty' }]);
  });

  it('shipments (FBA): carrier, tracking number, shipment date, and the estimated arrival as the latest delivery date', async () => {
    const report = await openReport(readFileSync(`${FIXTURES}jp-fba-amazon-fulfilled-shipments-2017.txt`));
    const builder = new FactBuilder(report.kind, report.headers, report.columns, 'jp.txt');
    const first = (await report.batches[Symbol.asyncIterator]().next()).value!.items[0]!;
    expect(builder.build(first)).toMatchObject({
      orderId: '249-0814575-0394263',
      fields: { maxEddAt: Date.parse('2017-06-05T20:00:00+09:00'), purchaseAt: Date.parse('2017-06-05T06:57:28+09:00') },
      shipment: { carrier: 'YAMATO', trackingNumber: '443656408532', shippedAt: Date.parse('2017-06-05T19:58:19+09:00') },
    });
  });

  it("claim sheet: only the operators' columns are its facts (and its purchase date, to be checked)", async () => {
    const { out } = await facts('order-id\tpurchase-date\tfulfillment-channel\tclaim-date\tclaim-reason\n111-1111111-1111111\t2024-01-02\tAFN\t2024-02-01\tnot received\n', 'claims.csv');
    const record = out[0] as FactRecord;
    expect(Object.keys(record.fields).sort()).toEqual(['claimAt', 'claimReason', 'purchaseAt']);
  });
});
