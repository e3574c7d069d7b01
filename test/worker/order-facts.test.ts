import { afterAll, describe, expect, it } from 'vitest';
import { ReaderThreads } from '../../worker/threads/reader-threads.js';
import { readFileSync } from 'node:fs';
import { badSellerPerformance } from './bad-inputs.js';
import { csvPost, EXAMPLE, importReport, testWorker, TOKEN_B, workersOn } from './helpers.js';
import { BACKENDS } from './store/backends.js';

const PERFORMANCE = readFileSync(new URL('../fixtures/amazon-reports/airbyte-seller-performance-report-odr.json.txt', import.meta.url), 'utf8');

const FEEDBACK = [
  'Date\tRating\tComments\tYour Response\tOrder ID\tRater Email',
  '3/10/24\t1\tNever arrived\t\t111-0000002-0000002\ta@example.com',
  '3/11/24\t4\tFine\t\t111-0000001-0000001\tb@example.com',
  '3/11/24\t2\tNo\t\t\tc@example.com',
].join('\n');
const RETURNS = ['return-date\torder-id\tsku\tdetailed-disposition\treason\tstatus', '2024-03-09T09:00:00-08:00\t111-0000002-0000002\t\tSELLABLE\tUNWANTED_ITEM\tReimbursed'].join('\n');

const SHIPMENTS = [
  'amazon-order-id\tshipment-date\tcarrier\ttracking-number\testimated-arrival-date',
  '111-0000004-0000004\t2024-02-21T10:00:00-08:00\tUPS\t1Z999AA10123456784\t2024-03-01T20:00:00-08:00',
].join('\n');

const threads = new ReaderThreads({ threads: 1 });
afterAll(() => threads.close());

describe.each([
  ['read in the request thread', undefined],
  ['read in reader threads', threads.readImport],
] as const)('feedback and returns imports (%s)', (_name, readImport) => {
  it('are kept by order before the order is imported, join it when it arrives, and GET /v1/orders/{id} says where each fact came from', async () => {
    const worker = await testWorker({ readImport });
    const feedback = await importReport(worker, FEEDBACK, { query: '?fileName=feedback.txt' });
    expect(feedback.status).toBe(201);
    expect(await feedback.json()).toMatchObject({
      status: 'committed',
      fileName: 'feedback.txt',
      counts: { inserted: 2, rejected: 1 },
      errors: [{ line: 4, column: 'Order ID', message: 'the order id is empty' }],
    });
    expect((await importReport(worker, RETURNS, { query: '?fileName=returns.txt' })).status).toBe(201);
    // A declared kind the header cannot be is refused.
    const declared = await importReport(worker, FEEDBACK, { query: '?kind=returns' });
    expect(declared.status).toBe(422);
    expect(await declared.text()).toMatch(/declared a returns report/);
    // No order lines were made of them.
    expect((await worker.call('/v1/orders/111-0000002-0000002')).status).toBe(404);

    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    const order = (await (await worker.call('/v1/orders/111-0000002-0000002')).json()) as {
      lines: { row: { feedbackRating?: number }; statuses: { odrDefect: boolean }; facts: { sources: Record<string, unknown>; returns: unknown[]; feedback: unknown; warnings: string[] } }[];
    };
    const [line] = order.lines;
    expect(line!.row.feedbackRating).toBe(1);
    expect(line!.statuses.odrDefect).toBe(true);
    expect(line!.facts.sources).toEqual({ feedbackRating: { file: 'feedback.txt', line: 2, kind: 'feedback' } });
    expect(line!.facts.feedback).toMatchObject({ rating: 1, comments: 'Never arrived', source: { file: 'feedback.txt', line: 2 } });
    expect(line!.facts.returns).toEqual([
      { requestedAt: '2024-03-09T17:00:00.000Z', status: 'Reimbursed', reason: 'UNWANTED_ITEM', resolution: 'SELLABLE', source: { file: 'returns.txt', line: 2, kind: 'returns' } },
    ]);

    // The summary's ODR counts the feedback report's 1-star rating of order 2 (no defect without it).
    const summary = (await (await worker.call('/v1/summary?asOf=2024-04-20T12:00:00-07:00')).json()) as { odr: { ordersWithDefects: number } };
    const withoutFeedback = await testWorker({ readImport });
    await importReport(withoutFeedback, EXAMPLE);
    const before = (await (await withoutFeedback.call('/v1/summary?asOf=2024-04-20T12:00:00-07:00')).json()) as { odr: { ordersWithDefects: number } };
    expect(summary.odr.ordersWithDefects).toBe(before.odr.ordersWithDefects + 1);

    // The example sheet's own rating (5) for order 1 stays; the feedback report's 4 is a warning naming both.
    const first = (await (await worker.call('/v1/orders/111-0000001-0000001')).json()) as { lines: { row: { feedbackRating?: number }; facts: { warnings: string[] } }[] };
    expect(first.lines[0]!.row.feedbackRating).toBe(5);
    expect(first.lines[0]!.facts.warnings).toEqual(['order 111-0000001-0000001: the feedback rating differs: the stored line says 5, feedback.txt line 3 says 4; the stored line is used']);
  });

  it('keeps a shipments import as facts: GET /v1/orders/{id} lists carrier and tracking, and the claim\'s response draft cites them', async () => {
    const worker = await testWorker({ readImport });
    const shipments = await importReport(worker, SHIPMENTS, { query: '?fileName=shipments.txt' });
    expect(shipments.status).toBe(201);
    expect(await shipments.json()).toMatchObject({ status: 'committed', counts: { inserted: 1, rejected: 0 } });
    // A shipments report's lines are order lines too (FBA Amazon Fulfilled Shipments holds whole orders): the
    // order report that follows completes the line, and the carrier and tracking stay as facts.
    expect((await worker.call('/v1/orders/111-0000004-0000004')).status).toBe(200);

    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    const order = (await (await worker.call('/v1/orders/111-0000004-0000004')).json()) as {
      lines: { facts: { shipments: unknown[]; responseDraft?: string } }[];
    };
    const facts = order.lines[0]!.facts;
    expect(facts.shipments).toEqual([{ carrier: 'UPS', trackingNumber: '1Z999AA10123456784', shippedAt: '2024-02-21T18:00:00.000Z', source: { file: 'shipments.txt', line: 2, kind: 'shipments' } }]);
    expect(facts.responseDraft).toContain('with UPS, tracking number 1Z999AA10123456784');
    expect(facts.responseDraft).not.toContain('[carrier, tracking number');
    // A line without a claim has no draft; without a shipment report the draft keeps the placeholder.
    const plain = (await (await worker.call('/v1/orders/111-0000002-0000002')).json()) as { lines: { facts: { responseDraft?: string } }[] };
    expect(plain.lines[0]!.facts.responseDraft).toBeUndefined();
    const bare = await testWorker({ readImport });
    await importReport(bare, EXAMPLE);
    const without = (await (await bare.call('/v1/orders/111-0000004-0000004')).json()) as { lines: { facts: { shipments: unknown[]; responseDraft?: string } }[] };
    expect(without.lines[0]!.facts.shipments).toEqual([]);
    expect(without.lines[0]!.facts.responseDraft).toContain('[carrier, tracking number, latest scan]');
  });

  it('an FBA Amazon Fulfilled Shipments report is order lines too: every order is stored, with its carrier and tracking as facts', async () => {
    const fba = readFileSync(new URL('../fixtures/amazon-reports/jp-fba-amazon-fulfilled-shipments-2017.txt', import.meta.url), 'utf8');
    const header = fba.split(/\r?\n/)[0]!.split('\t');
    const first = fba.split(/\r?\n/)[1]!.split('\t');
    const orderId = first[header.indexOf('amazon-order-id')]!;
    const carrier = first[header.indexOf('carrier')]!;
    const tracking = first[header.indexOf('tracking-number')]!;
    const worker = await testWorker({ readImport });
    const answer = await importReport(worker, fba, { query: '?fileName=fba.txt' });
    expect(answer.status).toBe(201);
    const body = (await answer.json()) as { status: string; counts: { inserted: number } };
    expect(body.status).toBe('committed');
    expect(body.counts.inserted).toBeGreaterThan(0);
    const order = await worker.call(`/v1/orders/${orderId}`);
    expect(order.status).toBe(200);
    const view = (await order.json()) as { lines: { facts: { shipments: { carrier?: string; trackingNumber?: string }[] } }[] };
    const shipments = view.lines.flatMap((line) => line.facts.shipments);
    expect(shipments.length).toBeGreaterThan(0);
    expect(shipments[0]).toMatchObject({ ...(carrier ? { carrier } : {}), ...(tracking ? { trackingNumber: tracking } : {}) });
  });

  it('a claim sheet import sets its claim columns and leaves the order report\'s as they are', async () => {
    const worker = await testWorker({ readImport });
    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    const before = (await (await worker.call('/v1/orders/111-0000002-0000002')).json()) as { lines: { row: Record<string, unknown> }[] };
    const sheet = ['order-id,claim-date,claim-reason,claim-status', '111-0000002-0000002,2024-03-14T09:00:00-07:00,Not received,open'].join('\n');
    const claims = await importReport(worker, sheet, { query: '?kind=claims' });
    expect(claims.status).toBe(201);
    expect(await claims.json()).toMatchObject({ counts: { updated: 1, rejected: 0 } });
    const after = (await (await worker.call('/v1/orders/111-0000002-0000002')).json()) as { lines: { row: Record<string, unknown> }[] };
    const { purchaseAt, maxEddAt, orderStatus, salesChannel } = before.lines[0]!.row;
    expect(purchaseAt).toBeDefined();
    expect(after.lines[0]!.row).toMatchObject({ purchaseAt, maxEddAt, orderStatus, salesChannel, claimAt: '2024-03-14T16:00:00.000Z', claimReason: 'not_received', claimStatus: 'open' });
  });

  it('keeps a Seller Performance report for the account and shows Amazon\'s ODR beside ours in GET /v1/summary', async () => {
    const worker = await testWorker({ readImport });
    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    const plain = (await (await worker.call('/v1/summary')).json()) as { amazonOdr?: unknown };
    expect(plain.amazonOdr).toBeUndefined();
    const imported = await importReport(worker, PERFORMANCE, { query: '?kind=seller-performance&fileName=performance.json' });
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({ status: 'committed', fileName: 'performance.json', counts: { inserted: 1 } });
    // Not an order: no order lines, nothing in another account.
    const summary = (await (await worker.call('/v1/summary?asOf=2024-04-20T12:00:00-07:00')).json()) as {
      odr: { mfn: { orders: number; ordersWithDefects: number } };
      amazonOdr: { side: string; ours: { orders: number }; amazon: { rate: number | null; status: string | null }; difference: number | null; explanation: string[] }[];
    };
    expect(summary.amazonOdr.map((s) => s.side)).toEqual(['afn', 'mfn']);
    const mfn = summary.amazonOdr[1]!;
    expect(mfn.ours.orders).toBe(summary.odr.mfn.orders);
    expect(mfn.amazon).toMatchObject({ rate: 0.01, status: 'NORMAL' });
    expect(mfn.difference).toBe(Math.round((0.01 - summary.odr.mfn.ordersWithDefects / summary.odr.mfn.orders) * 10_000) / 10_000);
    expect(mfn.explanation.join(' ')).toMatch(/Lag: Amazon counts a defect when it is recorded/);
    expect((await worker.call('/v1/summary', { token: TOKEN_B })).status).toBe(200);
    expect(((await (await worker.call('/v1/summary', { token: TOKEN_B })).json()) as { amazonOdr?: unknown }).amazonOdr).toBeUndefined();
  });

  it.each(badSellerPerformance())('a Seller Performance upload that is %s: a clear 4xx, nothing kept', async (_name, body, status, message) => {
    const worker = await testWorker({ readImport });
    const response = await worker.call('/v1/imports?kind=seller-performance', csvPost(body));
    expect(response.status).toBe(status);
    expect(((await response.json()) as { detail: string }).detail).toMatch(message);
    expect(((await (await worker.call('/v1/summary')).json()) as { amazonOdr?: unknown }).amazonOdr).toBeUndefined();
  });

  it('imports an .xlsx claim sheet by streaming, its first sheet or ?sheet=, date cells as dates, order columns kept', async () => {
    const worker = await testWorker({ readImport });
    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').addRow(['nothing here']);
    const claims = book.addWorksheet('Claims');
    claims.addRow(['order-id', 'claim-date', 'claim-reason', 'claim-status']);
    // A date cell: its wall clock, read in the row's marketplace zone (Amazon.com: America/Los_Angeles).
    claims.addRow(['111-0000002-0000002', new Date(Date.UTC(2024, 2, 14, 9, 0)), 'Not received', 'open']);
    claims.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm';
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());

    const first = await importReport(worker, xlsx);
    expect(first.status).toBe(422);
    expect(await first.text()).toMatch(/No order id column|not .* report/i);
    const missing = await importReport(worker, xlsx, { query: '?sheet=Nope' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('its sheets: \\"Notes\\", \\"Claims\\"');

    const imported = await importReport(worker, xlsx, { query: '?sheet=Claims&fileName=claims.xlsx' });
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({ counts: { updated: 1, rejected: 0 } });
    const line = ((await (await worker.call('/v1/orders/111-0000002-0000002')).json()) as { lines: { row: Record<string, unknown> }[] }).lines[0]!;
    expect(line.row).toMatchObject({ purchaseAt: '2024-03-04T18:00:00.000Z', claimAt: '2024-03-14T16:00:00.000Z', claimReason: 'not_received', claimStatus: 'open' });
    // Sent as what it is (the .xlsx media type), the same workbook again: read, nothing changes.
    const labelled = await worker.call('/v1/imports?sheet=Claims', csvPost(xlsx as BodyInit, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    expect(labelled.status).toBe(201);
    expect(await labelled.json()).toMatchObject({ counts: { inserted: 0, updated: 0, unchanged: 1, rejected: 0 } });

    // A runtime without an .xlsx reader (exceljs needs Node) refuses a workbook with what to do instead.
    const withoutReader = await testWorker({ readImport, readXlsx: undefined });
    const refused = await importReport(withoutReader, xlsx, { query: '?sheet=Claims' });
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain('save the sheet as CSV');

    // ?sheet= on a text report is refused.
    const text = await importReport(worker, EXAMPLE, { query: '?sheet=Claims' });
    expect(text.status).toBe(422);
    expect(await text.text()).toMatch(/not one/);
  });

  it('recognises a Seller Performance report uploaded as a .json file part without ?kind=', async () => {
    const worker = await testWorker({ readImport });
    const form = new FormData();
    form.append('file', new Blob([PERFORMANCE], { type: 'application/octet-stream' }), 'performance.json');
    const response = await worker.call('/v1/imports', { method: 'POST', body: form });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ fileName: 'performance.json', counts: { inserted: 1 } });
    expect(((await (await worker.call('/v1/summary')).json()) as { amazonOdr?: unknown[] }).amazonOdr).toHaveLength(2);
  });
});

interface SyncedLine {
  lineKey: string;
  orderId: string;
  version: number;
  changeSeq: number;
  row: { feedbackRating?: number };
  statuses: { odrDefect: boolean };
  facts?: { feedback?: { rating: number }; returns: unknown[]; shipments: { carrier?: string; trackingNumber?: string }[] };
}

describe.each(BACKENDS)('GET /v1/changes and GET /v1/orders carry the facts on $name', (backend) => {
  const workers = workersOn(backend);
  afterAll(() => workers.close());

  it('a feedback import after the orders sends exactly the affected lines again, with facts and merged statuses, at their version; the same import again sends nothing', async () => {
    const worker = await workers.worker();
    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    const first = (await (await worker.call('/v1/changes?since=0&limit=1000')).json()) as { items: SyncedLine[]; cursor: string };
    // No facts yet: no facts field.
    expect(first.items.every((line) => line.facts === undefined)).toBe(true);
    const before = new Map(first.items.map((line) => [line.lineKey, line]));

    expect((await importReport(worker, FEEDBACK, { query: '?fileName=feedback.txt' })).status).toBe(201);
    const changed = (await (await worker.call(`/v1/changes?since=${first.cursor}&limit=1000`)).json()) as { items: SyncedLine[]; cursor: string };
    // Orders 1 and 2 are rated (order 1's own rating 5 stays, the report's 4 is a warning); nothing else moved.
    expect(changed.items.map((line) => line.orderId).sort()).toEqual(['111-0000001-0000001', '111-0000002-0000002']);
    for (const line of changed.items) {
      expect(line.version).toBe(before.get(line.lineKey)!.version);
      expect(line.changeSeq).toBeGreaterThan(Number(first.cursor));
    }
    const rated = changed.items.find((line) => line.orderId === '111-0000002-0000002')!;
    expect(rated.facts?.feedback?.rating).toBe(1);
    expect(rated.row.feedbackRating).toBe(1);
    expect(rated.statuses.odrDefect).toBe(true);
    expect(before.get(rated.lineKey)!.statuses.odrDefect).toBe(false);

    // The same report again keeps nothing new: no line comes again.
    expect((await importReport(worker, FEEDBACK, { query: '?fileName=feedback-again.txt' })).status).toBe(201);
    const again = (await (await worker.call(`/v1/changes?since=${changed.cursor}`)).json()) as { items: SyncedLine[]; cursor: string };
    expect(again.items).toEqual([]);
    expect(again.cursor).toBe(changed.cursor);

    // Pages: the facts ride along, and a status filter sees the merged statuses.
    const page = (await (await worker.call('/v1/orders?limit=1000')).json()) as { items: SyncedLine[] };
    expect(page.items.find((line) => line.orderId === '111-0000002-0000002')!.facts?.feedback?.rating).toBe(1);
    expect(page.items.find((line) => line.orderId === '111-0000003-0000003')!.facts).toBeUndefined();
    const defects = (await (await worker.call('/v1/orders?odrDefect=true&limit=1000')).json()) as { items: SyncedLine[] };
    expect(defects.items.map((line) => line.orderId)).toContain('111-0000002-0000002');
    const one = (await (await worker.call('/v1/orders/111-0000002-0000002')).json()) as { lines: SyncedLine[] };
    expect(page.items.find((line) => line.orderId === '111-0000002-0000002')).toEqual(one.lines[0]);
  });

  it('a PATCH answers, and its 409 shows the current line, with the order\'s facts as /v1/changes does (no rating lost to a conflict)', async () => {
    const worker = await workers.worker();
    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    expect((await importReport(worker, FEEDBACK, { query: '?fileName=feedback.txt' })).status).toBe(201);
    const line = ((await (await worker.call('/v1/orders/111-0000002-0000002')).json()) as { lines: SyncedLine[] }).lines[0]!;
    const patch = (version: number, body: Record<string, unknown>) =>
      worker.call('/v1/orders/111-0000002-0000002', { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'If-Match': `"${version}"` }, body: JSON.stringify(body) });
    const saved = await patch(line.version, { claimReason: 'not_received' });
    expect(saved.status).toBe(200);
    const after = (await saved.json()) as SyncedLine;
    expect(after.facts?.feedback?.rating).toBe(1);
    expect(after.row.feedbackRating).toBe(1);
    expect(after.statuses.odrDefect).toBe(true);
    const stale = await patch(line.version, { claimReason: 'damaged' });
    expect(stale.status).toBe(409);
    const current = ((await stale.json()) as { current: SyncedLine }).current;
    expect(current.row.feedbackRating).toBe(1);
    expect(current.facts?.feedback?.rating).toBe(1);
  });

  it('a shipments report imported after the orders sends the shipped lines again with carrier and tracking', async () => {
    const worker = await workers.worker();
    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    const first = (await (await worker.call('/v1/changes?since=0&limit=1000')).json()) as { cursor: string };
    expect((await importReport(worker, SHIPMENTS, { query: '?fileName=shipments.txt' })).status).toBe(201);
    const changed = (await (await worker.call(`/v1/changes?since=${first.cursor}&limit=1000`)).json()) as { items: SyncedLine[]; cursor: string };
    expect(changed.items.map((line) => line.orderId)).toEqual(['111-0000004-0000004']);
    expect(changed.items[0]!.facts?.shipments).toMatchObject([{ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }]);
    expect((await importReport(worker, SHIPMENTS, { query: '?fileName=shipments.txt' })).status).toBe(201);
    expect(((await (await worker.call(`/v1/changes?since=${changed.cursor}`)).json()) as { items: unknown[] }).items).toEqual([]);
  });
});
