import { afterAll, describe, expect, it } from 'vitest';
import { ReaderThreads } from '../../worker/threads/reader-threads.js';
import { importReport, workersOn } from './helpers.js';
import { BACKENDS } from './store/backends.js';

// An order report (no claim columns: detected as `orders`) and an operator's claim sheet for one of its orders.
const ORDERS = [
  'amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tsales-channel\tproduct-name\tlatest-delivery-date',
  '111-0000001-0000001\t2024-03-01T09:15:00-08:00\tShipped\tMerchant\tAmazon.com\tDesk Lamp\t2024-03-08T23:59:59-08:00',
  '111-0000002-0000002\t2024-03-04T10:00:00-08:00\tShipped\tMerchant\tAmazon.com\tGarden Hose\t2024-03-13T23:59:59-07:00',
].join('\n');
// Its purchase date (another spelling, another text) and order status are the order report's to set; its notes and
// its product name (a column no kind reads) are its own text.
const CLAIMS = [
  'order-id,order-date,order-status,Notes,product-name,claim-date,claim-reason,claim-status',
  '111-0000002-0000002,2024-03-04,Delivered,called the buyer,Garden Hose,2024-03-14T09:00:00-07:00,Not received,open',
].join('\n');
const ORDER_CELLS = {
  'amazon-order-id': '111-0000002-0000002',
  'purchase-date': '2024-03-04T10:00:00-08:00',
  'order-status': 'Shipped',
  'fulfillment-channel': 'Merchant',
  'sales-channel': 'Amazon.com',
  'product-name': 'Garden Hose',
  'latest-delivery-date': '2024-03-13T23:59:59-07:00',
};
const CLAIM_CELLS = { Notes: 'called the buyer', 'claim-date': '2024-03-14T09:00:00-07:00', 'claim-reason': 'Not received', 'claim-status': 'open' };

const threads = new ReaderThreads({ threads: 1 });
afterAll(() => threads.close());

describe.each(BACKENDS)('a line\'s cells merge by the columns each import owns on $name', (backend) => {
  const workers = workersOn(backend);
  afterAll(() => workers.close());
  const worker = workers.worker;
  type Line = { lineKey: string; cells: Record<string, string>; version: number };
  const cellsOf = async (w: Awaited<ReturnType<typeof worker>>, orderId: string) => ((await (await w.call(`/v1/orders/${orderId}`)).json()) as { lines: Line[] }).lines[0]!;
  const changes = async (w: Awaited<ReturnType<typeof worker>>, since: string) =>
    (await (await w.call(`/v1/changes?since=${since}&limit=1000`)).json()) as { items: Line[]; cursor: string };
  const counts = async (response: Response) => ((await response.json()) as { counts: Record<string, number> }).counts;

  it.each([
    ['read in the request thread', undefined],
    ['read in reader threads', threads.readImport],
  ] as const)('orders, then a claim sheet, then the orders again: the line keeps both reports\' cells, the order report\'s columns first (%s)', async (_name, readImport) => {
    const w = await worker({ readImport });
    expect(await counts(await importReport(w, ORDERS))).toMatchObject({ inserted: 2 });
    const afterOrders = (await changes(w, '0')).cursor;

    expect(await counts(await importReport(w, CLAIMS, { query: '?kind=claims' }))).toEqual({ inserted: 0, updated: 1, unchanged: 0, rejected: 0 });
    const merged = { ...ORDER_CELLS, ...CLAIM_CELLS };
    const line = await cellsOf(w, '111-0000002-0000002');
    expect(line.cells).toStrictEqual(merged);
    expect(Object.keys(line.cells)).toEqual(Object.keys(merged)); // the order report's columns first, in its order
    const changed = await changes(w, afterOrders);
    expect(changed.items.map((item) => item.cells)).toStrictEqual([merged]);
    // The other order's line is the order report's alone.
    expect((await cellsOf(w, '111-0000001-0000001')).cells).toStrictEqual({ ...ORDER_CELLS, 'amazon-order-id': '111-0000001-0000001', 'purchase-date': '2024-03-01T09:15:00-08:00', 'product-name': 'Desk Lamp', 'latest-delivery-date': '2024-03-08T23:59:59-08:00' });

    // The same claim sheet again, then the same orders again: nothing changes, no change is numbered.
    expect(await counts(await importReport(w, CLAIMS, { query: '?kind=claims' }))).toEqual({ inserted: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(await counts(await importReport(w, ORDERS))).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect((await changes(w, changed.cursor)).items).toEqual([]);
    expect(await cellsOf(w, '111-0000002-0000002')).toMatchObject({ cells: merged, version: line.version });

    // A claim sheet's text in a column no kind reads (product name) is its own: an edit there is taken, like a notes edit.
    const edited = CLAIMS.replace('called the buyer,Garden Hose', 'refund offered,Garden Hose 50ft');
    expect(await counts(await importReport(w, edited, { query: '?kind=claims' }))).toMatchObject({ updated: 1 });
    expect((await cellsOf(w, '111-0000002-0000002')).cells).toStrictEqual({ ...merged, 'product-name': 'Garden Hose 50ft', Notes: 'refund offered' });
    expect(await counts(await importReport(w, CLAIMS, { query: '?kind=claims' }))).toMatchObject({ updated: 1 });

    // The orders with a new status: the order report's cell changes, the claim sheet's stay.
    expect(await counts(await importReport(w, ORDERS.replace('\tShipped\tMerchant\tAmazon.com\tGarden', '\tCancelled\tMerchant\tAmazon.com\tGarden')))).toMatchObject({ updated: 1, unchanged: 1 });
    const cancelled = { ...merged, 'order-status': 'Cancelled' };
    expect((await cellsOf(w, '111-0000002-0000002')).cells).toStrictEqual(cancelled);
    expect((await changes(w, changed.cursor)).items.map((item) => item.cells)).toStrictEqual([cancelled]);
  });

  it('a claim sheet first, then the orders: the order report\'s columns come first and replace the sheet\'s spelling of theirs', async () => {
    const w = await worker();
    expect(await counts(await importReport(w, CLAIMS, { query: '?kind=claims' }))).toMatchObject({ inserted: 1 });
    expect((await cellsOf(w, '111-0000002-0000002')).cells).toStrictEqual({
      'order-id': '111-0000002-0000002',
      'order-date': '2024-03-04',
      'order-status': 'Delivered',
      Notes: 'called the buyer',
      'product-name': 'Garden Hose',
      ...Object.fromEntries(Object.entries(CLAIM_CELLS).filter(([header]) => header !== 'Notes')),
    });
    expect(await counts(await importReport(w, ORDERS))).toMatchObject({ inserted: 1, updated: 1 });
    const line = await cellsOf(w, '111-0000002-0000002');
    expect(Object.keys(line.cells)).toEqual([...Object.keys(ORDER_CELLS), ...Object.keys(CLAIM_CELLS)]);
    expect(line.cells).toStrictEqual({ ...ORDER_CELLS, ...CLAIM_CELLS });
    expect(await counts(await importReport(w, ORDERS))).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: 0 });
  });
  it('a claim sheet fills in its delivery dates and marketplace, never with an empty cell, and the line keeps its zone and purchase date', async () => {
    const w = await worker();
    const german = ORDERS.split('\n').map((line, i) => (i === 0 ? line : line.replace('Amazon.com', 'Amazon.de'))).join('\n');
    expect(await counts(await importReport(w, german))).toMatchObject({ inserted: 2 });
    type Row = { row: Record<string, unknown>; cells: Record<string, string> };
    const lineOf = async (orderId: string) => ((await (await w.call(`/v1/orders/${orderId}`)).json()) as { lines: Row[] }).lines[0]!;
    const before = await lineOf('111-0000002-0000002');
    expect(before.row).toMatchObject({ timeZone: 'Europe/Berlin', salesChannel: 'Amazon.de' });

    // The operator's sheet: no sales channel, another purchase date, a delivered date and a claim (with offsets: a
    // sheet without a sales channel reads a date alone in the policy's zone, and says so in a warning).
    const sheet = (delivered: string) =>
      ['order-id,purchase-date,delivered-date,claim-date,claim-reason', `111-0000002-0000002,2024-03-09,${delivered},2024-03-14T09:00:00+01:00,Not received`].join('\n');
    expect(await counts(await importReport(w, sheet('2024-03-12T10:00:00+01:00')))).toMatchObject({ updated: 1 });
    const delivered = await lineOf('111-0000002-0000002');
    expect(delivered.row).toMatchObject({
      timeZone: 'Europe/Berlin', // its day counted on the German calendar still, though the sheet names no marketplace
      salesChannel: 'Amazon.de',
      purchaseAt: before.row.purchaseAt, // the order report's
      deliveredAt: '2024-03-12T09:00:00.000Z',
      claimReason: 'not_received',
    });
    expect(delivered.cells).toMatchObject({ 'purchase-date': '2024-03-04T10:00:00-08:00', 'delivered-date': '2024-03-12T10:00:00+01:00' });

    // The same sheet with the delivered date emptied: the line keeps it, in its row and its cells.
    expect(await counts(await importReport(w, sheet('')))).toEqual({ inserted: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(await lineOf('111-0000002-0000002')).toMatchObject({ row: { deliveredAt: '2024-03-12T09:00:00.000Z' }, cells: { 'delivered-date': '2024-03-12T10:00:00+01:00' } });
    // A corrected date is taken.
    expect(await counts(await importReport(w, sheet('2024-03-13T10:00:00+01:00')))).toMatchObject({ updated: 1 });
    expect(await lineOf('111-0000002-0000002')).toMatchObject({ row: { deliveredAt: '2024-03-13T09:00:00.000Z' }, cells: { 'delivered-date': '2024-03-13T10:00:00+01:00' } });
  });
});
