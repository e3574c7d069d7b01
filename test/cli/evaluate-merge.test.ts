import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { atoz, FIXTURES } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'atoz-merge-'));
const path = (name: string) => join(dir, name);

const ORDERS = [
  'amazon-order-id\torder-item-id\tpurchase-date\tfulfillment-channel\tsales-channel\tlatest-delivery-date',
  '111-0000001-0000001\t11\t2024-03-01T10:00:00-08:00\tMerchant\tAmazon.com\t2024-03-06T23:59:59-08:00',
  '111-0000002-0000002\t21\t2024-03-02T10:00:00-08:00\tMerchant\tAmazon.com\t2024-03-07T23:59:59-08:00',
  '111-0000003-0000003\t31\t2024-03-03T10:00:00-08:00\tAmazon\tAmazon.com\t2024-03-08T23:59:59-08:00',
].join('\n');
const FEEDBACK = ['Date\tRating\tComments\tYour Response\tOrder ID\tRater Email', '3/10/24\t1\tNever arrived\t\t111-0000001-0000001\ta@example.com', '3/11/24\t4\tFine\t\t111-0000003-0000003\tb@example.com', '3/11/24\t2\tMeh\t\t999-0000009-0000009\tc@example.com'].join('\n');
const RETURNS_HEADER = readFileSync(`${FIXTURES}airbyte-returns-by-return-date-a-to-z-claim-headers.txt`, 'utf8').split('\n')[0]!.split('\t');
const returnsLine = (values: Record<string, string>) => RETURNS_HEADER.map((h) => values[h] ?? '').join('\t');
const RETURNS = [
  RETURNS_HEADER.join('\t'),
  returnsLine({ 'Order ID': '111-0000002-0000002', 'Order date': '2024-03-04T10:00:00-08:00', 'Return request date': '2024-03-09T09:00:00-08:00', 'Return request status': 'Approved', 'A-to-Z Claim': 'N', 'Refunded Amount': '19.99', 'Currency code': 'USD' }),
  returnsLine({ 'Order ID': '', 'Return request date': '2024-03-09T09:00:00-08:00' }),
].join('\n');

async function claimsWorkbook(file: string, sheets: Record<string, unknown[][]>) {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) workbook.addWorksheet(name).addRows(rows);
  await workbook.xlsx.writeFile(path(file));
}

beforeAll(async () => {
  writeFileSync(path('orders.txt'), ORDERS);
  writeFileSync(path('policy.json'), '{"odrLagDays": 0}');
  writeFileSync(path('feedback.txt'), FEEDBACK);
  writeFileSync(path('returns.txt'), RETURNS);
  // Date cells (exceljs writes a Date as a serial number with a date format): the wall clock 2024-03-12 09:30.
  await claimsWorkbook('claims.xlsx', {
    Notes: [['nothing here']],
    Claims: [
      ['order-id', 'claim-date', 'claim-reason', 'buyer-contact-date'],
      ['111-0000002-0000002', new Date(Date.UTC(2024, 2, 12, 9, 30)), 'return not refunded', new Date(Date.UTC(2024, 2, 10))],
    ],
  });
});

// No ODR lag, so the window holds these March orders on 13 March.
const ASOF = ['--as-of', '2024-03-13T12:00:00-07:00', '--policy', path('policy.json')];

describe('atoz evaluate orders feedback returns claims.xlsx: merged by order before evaluating', () => {
  it('counts negative feedback in the ODR, takes claims from the named .xlsx sheet with real dates, and warns of two purchase dates naming both files and lines', async () => {
    const { code, stdout, stderr } = await atoz(['evaluate', path('orders.txt'), path('feedback.txt'), path('returns.txt'), path('claims.xlsx'), '--sheet', 'Claims', ...ASOF]);
    expect(stderr).not.toMatch(/error/);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.rows.map((r: { orderId: string; odrDefect: boolean }) => [r.orderId, r.odrDefect])).toEqual([
      ['111-0000001-0000001', true],
      ['111-0000002-0000002', true],
      ['111-0000003-0000003', false],
    ]);
    // The claim filed 2024-03-12 09:30 (Los Angeles) is open: a response is due 72 hours later.
    expect(out.rows[1]).toMatchObject({ response: 'due', responseDueAt: '2024-03-15T16:30:00.000Z' });
    expect(out.summary.odr).toMatchObject({ orders: 3, ordersWithDefects: 2 });
    expect(out.warnings).toContain(
      `order 111-0000002-0000002 item 21: the purchase date differs: ${path('orders.txt')} line 3 says 2024-03-02 10:00 (America/Los_Angeles), ${path('returns.txt')} line 2 says 2024-03-04 10:00 (America/Los_Angeles); ${path('orders.txt')}'s is used`,
    );
    expect(out.warnings).toContain(`${path('returns.txt')} line 3, Order ID: the order id is empty; the line is not used`);
    expect(out.warnings).toContain(`${path('feedback.txt')}: 1 line names an order not in ${path('orders.txt')} (e.g. 999-0000009-0000009); not evaluated`);
  });

  it('without the other files the same orders have no defects (the merge is what changes them)', async () => {
    const out = JSON.parse((await atoz(['evaluate', path('orders.txt'), ...ASOF])).stdout);
    expect(out.summary.odr.ordersWithDefects).toBe(0);
  });

  it('reads the first sheet by default, and names the sheets when the one asked for is missing', async () => {
    await claimsWorkbook('first.xlsx', { Claims: [['order-id', 'claim-date'], ['111-0000001-0000001', new Date(Date.UTC(2024, 2, 12, 9, 30))]] });
    const first = JSON.parse((await atoz(['evaluate', path('orders.txt'), path('first.xlsx'), ...ASOF])).stdout);
    expect(first.rows[0].response).toBe('due');
    const missing = await atoz(['evaluate', path('orders.txt'), path('claims.xlsx'), '--sheet', 'Nope', ...ASOF]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no sheet named "Nope"; its sheets: "Notes", "Claims"/);
  });

  it('an .xlsx claim sheet alone is evaluated like its CSV', async () => {
    const { code, stdout } = await atoz(['evaluate', path('first.xlsx'), ...ASOF]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).rows).toHaveLength(1);
  });

  it("shows Amazon's ODR from a Seller Performance report beside ours, with the difference explained", async () => {
    const { code, stdout, stderr } = await atoz(['evaluate', path('orders.txt'), path('feedback.txt'), `${FIXTURES}airbyte-seller-performance-report-odr.json.txt`, ...ASOF]);
    expect(code).toBe(0);
    const mfn = JSON.parse(stdout).summary.amazonOdr.find((s: { side: string }) => s.side === 'mfn');
    expect(mfn.amazon).toMatchObject({ rate: 0.01, status: 'NORMAL', orders: null });
    expect(mfn.ours).toMatchObject({ orders: 2, ordersWithDefects: 1, rate: 0.5 });
    expect(mfn.difference).toBe(-0.49);
    expect(mfn.explanation.join(' ')).toMatch(/Amazon 1\.00%, ours 50\.00%.*Lag:.*no order count/);
    expect(stderr).toMatch(/atoz: MFN ODR: Amazon 1\.00%, ours 50\.00%/);
  });

  it('refuses files of which none has order lines, and says what each is', async () => {
    const { code, stderr } = await atoz(['evaluate', path('feedback.txt'), path('returns.txt')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/none of the files holds order lines to evaluate \(.*feedback\.txt is a feedback report, .*returns\.txt is a returns report\)/);
  });

  it('--kind FILE=KIND declares a kind; a kind the header cannot be is refused', async () => {
    const asOrders = await atoz(['evaluate', path('orders.txt'), path('first.xlsx'), '--kind', `${path('first.xlsx')}=orders`, ...ASOF]);
    expect(asOrders.code).toBe(0);
    const bad = await atoz(['evaluate', path('orders.txt'), '--kind', 'feedback', ...ASOF]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/declared a feedback report .* no rating column/);
    const unknown = await atoz(['evaluate', path('orders.txt'), '--kind', 'ledger']);
    expect(unknown.stderr).toMatch(/"ledger" is not a report kind; kinds: orders, shipments, feedback, returns, claims, seller-performance/);
  });
});
