import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectExcel, WorkerClient, WorkerError } from '../../addin/excel/index.js';
import { SyncMeter } from '../../addin/excel/sync-meter.js';
import { SyncState } from '../../addin/excel/sync-state.js';
import { lineKeyOf } from '../../addin/excel/sync-sheet.js';
import { OPERATOR_SHEET_FIELDS, operatorText, parseOperatorText, sameOperatorValue } from '../../addin/excel/sync-operator-values.js';
import type { SyncOptions } from '../../addin/excel/sync-workbook.js';
import { bigReport, EXAMPLE, importReport, testWorker, type TestWorker } from '../worker/helpers.js';
import { mockHost, type SheetModel, type WorkbookModel } from './mock-excel/index.js';
import { columnOf, headerRow, rowsOfText, workbookOf } from './sheets.js';

const LA = 'America/Los_Angeles';
const spec = (column: string) => OPERATOR_SHEET_FIELDS.find((s) => s.column === column)!;
const key = (orderId: string) => lineKeyOf(orderId);

/** The worker in-process: the add-in's client talks to it through app.request, as fetch. */
function clientOf(worker: TestWorker): WorkerClient {
  return new WorkerClient({ url: 'http://worker.test/', token: 'token-of-seller-a' }, (input, init) => Promise.resolve(worker.app.request(input, init)));
}

/** The sheet as header → text rows, each cell as Excel shows it (range.text), for assertions. */
function shownCells(sheet: SheetModel): string[][] {
  const rect = sheet.usedRect();
  return sheet.read(rect).map((row, r) => row.map((_, c) => sheet.textAt(rect.r1 + r, rect.c1 + c)));
}

function table(sheet: SheetModel): Record<string, string>[] {
  const [header, ...rows] = shownCells(sheet);
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]!])));
}

function rowOf(sheet: SheetModel, orderId: string): number {
  const rows = table(sheet);
  const at = rows.findIndex((row) => (row['amazon-order-id'] ?? row['订单号']) === orderId);
  if (at < 0) throw new Error(`no row for ${orderId}`);
  return at + 1; // 0-based sheet row (the header is row 0)
}

/** The operator types into a cell: Excel reads it as it reads any input (a date in a date cell becomes a serial). */
function setCell(sheet: SheetModel, orderId: string, header: string, value: string): void {
  const header0 = sheet.read(sheet.usedRect())[0]!.map(String);
  sheet.writeValue(rowOf(sheet, orderId), header0.indexOf(header), value);
}

/** The sync state as a new pane on the workbook reads it. */
function savedState(model: WorkbookModel): Promise<SyncState> {
  const host = mockHost(model, LA);
  return host.run((context) => SyncState.load(context, host.settings, new SyncMeter()));
}

async function workerLine(worker: TestWorker, orderId: string) {
  const response = await worker.call(`/v1/orders/${orderId}`);
  return ((await response.json()) as { lines: { version: number; row: Record<string, unknown> }[] }).lines[0]!;
}

async function setup(rows: string[][] = []) {
  const worker = await testWorker();
  expect((await importReport(worker, EXAMPLE)).status).toBe(201);
  const model: WorkbookModel = workbookOf(rows);
  const excel = connectExcel(mockHost(model, LA));
  const options: SyncOptions = { client: clientOf(worker) };
  return { worker, model, sheet: model.sheets[0]!, excel, options };
}

describe('operator values between the sheet and the worker', () => {
  it('reads sheet text as PATCH values and compares them typed', () => {
    const context = { zone: LA, dateSystem: 1900 as const };
    expect(parseOperatorText(spec('claimReason'), 'Not received', context)).toEqual({ ok: true, value: 'not_received' });
    expect(parseOperatorText(spec('claimStatus'), '已拒绝', context)).toEqual({ ok: true, value: 'denied' });
    expect(parseOperatorText(spec('claimDate'), '2024-03-13', context)).toEqual({ ok: true, value: '2024-03-13T07:00:00.000Z' });
    expect(parseOperatorText(spec('chargeback'), 'yes', context)).toEqual({ ok: true, value: true });
    expect(parseOperatorText(spec('feedbackRating'), '6', context).ok).toBe(false);
    expect(parseOperatorText(spec('claimStatus'), 'soon', context).ok).toBe(false);
    expect(parseOperatorText(spec('responseDate'), '  ', context)).toEqual({ ok: true, value: null });
    // An empty cell and the worker's defaults for the two required fields are the same value.
    expect(sameOperatorValue('itemType', null, 'physical')).toBe(true);
    expect(sameOperatorValue('chargeback', undefined, false)).toBe(true);
    expect(sameOperatorValue('claimAt', '2024-03-13T07:00:00.000Z', '2024-03-13T00:00:00-07:00')).toBe(true);
    expect(sameOperatorValue('claimStatus', 'open', 'denied')).toBe(false);
  });

  it('shows worker values as the sheet would: days, wall-clock times in the line zone, yes/no', () => {
    expect(operatorText('claimAt', '2024-03-13T07:00:00.000Z', LA)).toBe('2024-03-13');
    expect(operatorText('claimAt', '2024-03-13T23:00:00.000Z', LA)).toBe('2024-03-13 16:00');
    expect(operatorText('chargeback', true, LA)).toBe('yes');
    expect(operatorText('chargeback', false, LA)).toBe('');
    expect(operatorText('itemType', 'physical', LA)).toBe('');
    expect(operatorText('feedbackRating', 5, LA)).toBe('5');
  });

  it('builds line keys like the worker: order id, U+001F, item id or else SKU', () => {
    expect(lineKeyOf(' 111-1 ', '', 'SKU-9')).toBe('111-1\u001fSKU-9');
    expect(lineKeyOf('111-1', '42', 'SKU-9')).toBe('111-1\u001f42');
    expect(lineKeyOf('111-1')).toBe('111-1\u001f');
  });
});

describe('syncing the sheet with the worker', () => {
  it('fills an empty sheet with the report header and every line, and keeps the cursor in the workbook', async () => {
    const { model, sheet, excel, options } = await setup();
    const result = await excel.syncWithWorker({ ...options, pageSize: 4 });
    // Dates went in as dates: a time with its offset shows as day and time on the line's marketplace clock.
    const withOffset = /^\d{4}-\d{2}-\d{2}T.*[-+]\d{2}:\d{2}$/;
    const expected = rowsOfText(EXAMPLE).map((row) => row.map((cell) => (withOffset.test(cell) ? `${cell.slice(0, 10)} hh:mm` : cell)));
    const shown = (sheet: SheetModel) => shownCells(sheet).map((row) => row.map((cell) => cell.replace(/^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}$/, '$1 hh:mm')));
    expect(result.headerWritten).toBe(true);
    expect(result.appendedRows).toBe(expected.length - 1);
    expect(result.conflicts).toEqual([]);
    // Empty operator cells stay empty (no "physical" or "no" written for the defaults).
    expect(shown(sheet)).toEqual(expected);
    expect((await savedState(model)).cursor).toBe(result.cursor);

    const again = await excel.syncWithWorker(options);
    expect(again).toMatchObject({ pulled: 0, pushed: 0, appendedRows: 0, cursor: result.cursor });
    expect(shown(sheet)).toEqual(expected);
  });

  it('writes a line\'s report columns from both its order report and its claim sheet (each import sets only its own cells)', async () => {
    const worker = await testWorker();
    const orders = ['amazon-order-id\tpurchase-date\torder-status\tproduct-name', '111-0000002-0000002\t2024-03-04T10:00:00-08:00\tShipped\tGarden Hose'].join('\n');
    expect((await importReport(worker, orders)).status).toBe(201);
    // The claim sheet after it: its own spelling and text of the purchase date, no product name, its notes.
    const claims = ['order-id,order-date,Notes,claim-date,claim-status', '111-0000002-0000002,2024-03-05,called the buyer,2024-03-14,open'].join('\n');
    expect((await importReport(worker, claims, { query: '?kind=claims' })).status).toBe(201);
    const model: WorkbookModel = workbookOf([['amazon-order-id', 'purchase-date', 'product-name', 'Notes', 'claim-date', 'claim-status']]);
    const excel = connectExcel(mockHost(model, LA));
    expect(await excel.syncWithWorker({ client: clientOf(worker) })).toMatchObject({ appendedRows: 1, conflicts: [] });
    expect(table(model.sheets[0]!)).toEqual([
      { 'amazon-order-id': '111-0000002-0000002', 'purchase-date': '2024-03-04 10:00', 'product-name': 'Garden Hose', Notes: 'called the buyer', 'claim-date': '2024-03-14', 'claim-status': 'open' },
    ]);
  });

  it('appends in the sheet\'s own header order and adds no column the sheet lacks', async () => {
    const { sheet, excel, options } = await setup([['claim-status', '订单号', 'product-name', 'my notes']]);
    const result = await excel.syncWithWorker(options);
    expect(result.appendedRows).toBe(10);
    const rows = table(sheet);
    expect(Object.keys(rows[0]!)).toEqual(['claim-status', '订单号', 'product-name', 'my notes']);
    expect(rows.find((r) => r['订单号'] === '111-0000004-0000004')).toEqual({
      'claim-status': 'open',
      '订单号': '111-0000004-0000004',
      'product-name': 'Yoga Mat',
      'my notes': '',
    });
  });

  it('pushes operator edits with If-Match, and an overlapping import updates report columns without losing them', async () => {
    const { worker, sheet, excel, options } = await setup([rowsOfText(EXAMPLE)[0]!]);
    await excel.syncWithWorker(options);
    const before = await workerLine(worker, '111-0000002-0000002');
    setCell(sheet, '111-0000002-0000002', 'claim-date', '2024-03-14');
    setCell(sheet, '111-0000002-0000002', 'claim-reason', 'Not received');

    const pushed = await excel.syncWithWorker(options);
    expect(pushed).toMatchObject({ pushed: 1, conflicts: [], errors: [] });
    const after = await workerLine(worker, '111-0000002-0000002');
    expect(after.version).toBe(before.version + 1);
    expect(after.row).toMatchObject({ claimAt: '2024-03-14T07:00:00.000Z', claimReason: 'not_received' });

    // A later copy of the sheet (its claim columns make it a claim sheet, whose delivery dates fill in): line 2
    // delivered now, line 3's product renamed; operator columns empty in it.
    const overlapping = EXAMPLE.replace('Garden Hose 50ft,2024-03-13,,', 'Garden Hose 50ft,2024-03-13,2024-03-12,').replace('Phone Case', 'Phone Case (blue)');
    expect((await importReport(worker, overlapping)).status).toBe(201);
    setCell(sheet, '111-0000005-0000005', 'response-date', '2024-03-10');
    const synced = await excel.syncWithWorker(options);
    expect(synced).toMatchObject({ pushed: 1, conflicts: [], errors: [], appendedRows: 0 });

    const rows = table(sheet);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r['amazon-order-id'])).size).toBe(10);
    const line2 = rows.find((r) => r['amazon-order-id'] === '111-0000002-0000002')!;
    expect(line2).toMatchObject({ 'delivered-date': '2024-03-12', 'claim-date': '2024-03-14', 'claim-reason': 'Not received' });
    expect(rows.find((r) => r['amazon-order-id'] === '111-0000003-0000003')!['product-name']).toBe('Phone Case (blue)');
    expect((await workerLine(worker, '111-0000005-0000005')).row['responseAt']).toBe('2024-03-10T08:00:00.000Z');
  });

  it('an edit made before an import that changed the same line\'s report columns still goes up, without a conflict', async () => {
    const { worker, sheet, excel, options } = await setup([rowsOfText(EXAMPLE)[0]!]);
    await excel.syncWithWorker(options);
    setCell(sheet, '111-0000002-0000002', 'claim-status', 'open');
    setCell(sheet, '111-0000002-0000002', 'claim-date', '2024-03-14');
    const overlapping = EXAMPLE.replace('Garden Hose 50ft,2024-03-13,,', 'Garden Hose 50ft,2024-03-13,2024-03-12,');
    expect((await importReport(worker, overlapping)).status).toBe(201);

    const result = await excel.syncWithWorker(options);
    expect(result).toMatchObject({ pushed: 1, conflicts: [], errors: [] });
    expect((await workerLine(worker, '111-0000002-0000002')).row).toMatchObject({ claimStatus: 'open', deliveredAt: expect.any(String) });
    expect(table(sheet).find((r) => r['amazon-order-id'] === '111-0000002-0000002')).toMatchObject({ 'delivered-date': '2024-03-12', 'claim-status': 'open' });
  });

  it('raises a conflict when the line changed on the worker too, and settles it with the sheet\'s values', async () => {
    const { worker, sheet, excel, options } = await setup([rowsOfText(EXAMPLE)[0]!]);
    await excel.syncWithWorker(options);
    const line = await workerLine(worker, '111-0000004-0000004');
    const patched = await worker.call('/v1/orders/111-0000004-0000004', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${line.version}"` },
      body: JSON.stringify({ claimStatus: 'denied' }),
    });
    expect(patched.status).toBe(200);
    setCell(sheet, '111-0000004-0000004', 'claim-status', 'granted');

    const result = await excel.syncWithWorker(options);
    expect(result.conflicts).toHaveLength(1);
    const conflict = result.conflicts[0]!;
    expect(conflict.fields).toEqual([{ header: 'claim-status', mine: 'granted', theirs: 'denied' }]);
    // The sheet keeps its value until the operator chooses…
    expect(table(sheet).find((r) => r['amazon-order-id'] === '111-0000004-0000004')!['claim-status']).toBe('granted');
    // …and an unsettled conflict is raised again by the next sync rather than forgotten.
    const next = await excel.syncWithWorker(options);
    expect(next.conflicts.map((c) => c.lineKey)).toEqual([key('111-0000004-0000004')]);

    const outcome = await excel.resolveSyncConflict(next.conflicts[0]!, 'mine', options);
    expect(outcome.kind).toBe('resolved');
    expect((await workerLine(worker, '111-0000004-0000004')).row['claimStatus']).toBe('granted');
    expect((await excel.syncWithWorker(options)).conflicts).toEqual([]);
  });

  it('settles a conflict with the worker\'s values, written into the sheet', async () => {
    const { worker, sheet, excel, options } = await setup([rowsOfText(EXAMPLE)[0]!]);
    await excel.syncWithWorker(options);
    const line = await workerLine(worker, '111-0000004-0000004');
    await worker.call('/v1/orders/111-0000004-0000004', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${line.version}"` },
      body: JSON.stringify({ claimStatus: 'denied', decisionAt: '2024-03-14' }),
    });
    setCell(sheet, '111-0000004-0000004', 'claim-status', 'granted');
    const { conflicts } = await excel.syncWithWorker(options);
    expect(conflicts[0]!.fields).toEqual([
      { header: 'claim-status', mine: 'granted', theirs: 'denied' },
      { header: 'decision-date', mine: '', theirs: '2024-03-14' },
    ]);

    expect((await excel.resolveSyncConflict(conflicts[0]!, 'theirs', options)).kind).toBe('resolved');
    const row = table(sheet).find((r) => r['amazon-order-id'] === '111-0000004-0000004')!;
    expect(row).toMatchObject({ 'claim-status': 'denied', 'decision-date': '2024-03-14' });
    const after = await excel.syncWithWorker(options);
    expect(after).toMatchObject({ conflicts: [], pushed: 0 });
  });

  it('a keep-mine choice that meets yet another change gives a fresh conflict', async () => {
    const { worker, sheet, excel, options } = await setup([rowsOfText(EXAMPLE)[0]!]);
    await excel.syncWithWorker(options);
    const patch = async (body: object) => {
      const line = await workerLine(worker, '111-0000004-0000004');
      await worker.call('/v1/orders/111-0000004-0000004', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': `"${line.version}"` },
        body: JSON.stringify(body),
      });
    };
    await patch({ claimStatus: 'denied' });
    setCell(sheet, '111-0000004-0000004', 'claim-status', 'granted');
    const { conflicts } = await excel.syncWithWorker(options);
    await patch({ claimStatus: 'withdrawn' });
    const outcome = await excel.resolveSyncConflict(conflicts[0]!, 'mine', options);
    expect(outcome.kind).toBe('conflict');
    if (outcome.kind === 'conflict') expect(outcome.conflict.fields).toEqual([{ header: 'claim-status', mine: 'granted', theirs: 'withdrawn' }]);
  });

  it('reports operator text it cannot send (row, column, why) and keeps it for the next sync', async () => {
    const { worker, sheet, excel, options } = await setup([rowsOfText(EXAMPLE)[0]!]);
    await excel.syncWithWorker(options);
    const before = await workerLine(worker, '111-0000002-0000002');
    setCell(sheet, '111-0000002-0000002', 'claim-status', 'soon');
    const result = await excel.syncWithWorker(options);
    expect(result.pushed).toBe(0);
    expect(result.errors).toEqual([{ row: rowOf(sheet, '111-0000002-0000002') + 1, column: 'claim-status', message: expect.stringContaining('"soon"') }]);
    expect((await workerLine(worker, '111-0000002-0000002')).version).toBe(before.version);

    setCell(sheet, '111-0000002-0000002', 'claim-status', 'open');
    expect(await excel.syncWithWorker(options)).toMatchObject({ pushed: 1, errors: [] });
  });

  it('reads the sheet in chunks and writes a page per Excel sync: syncs grow with pages, not rows', async () => {
    const { model, excel, options } = await setup([rowsOfText(EXAMPLE)[0]!]);
    const first = await excel.syncWithWorker({ ...options, pageSize: 3 });
    // 2 to find the table, 1 to read the (header-only) table, then one per page of 3, 3, 3, 1 lines,
    // 1 to read back the appended rows' keys; the sync state: 1 to list its parts (none yet), 1 to save it.
    expect(first.syncs).toBe(2 + 4 + 1 + 2);
    const syncsBefore = model.syncs;
    const second = await excel.syncWithWorker({ ...options, chunkRows: 4 });
    // 2 to find the table, 3 chunks of 4 rows to read 10, no page to write; the state: 1 to list its
    // part, 1 to read it, 1 to save the new one (and delete the old).
    expect(second.syncs).toBe(2 + 3 + 3);
    expect(model.syncs - syncsBefore).toBe(8);
  });

  it('flags the synced rows with the engine afterwards', async () => {
    const { sheet, excel, options } = await setup();
    await excel.syncWithWorker(options);
    const flagged = await excel.flagRows({ asOf: Date.parse('2024-03-15T12:00:00-07:00') });
    expect(flagged.rowsFlagged).toBe(10);
    expect(table(sheet).find((r) => r['amazon-order-id'] === '111-0000004-0000004')!['Response']).not.toBe('');
  });

  it('fills an empty claim cell the worker got meanwhile, but never overwrites one the sheet has', async () => {
    const { worker, sheet, excel, options } = await setup([rowsOfText(EXAMPLE)[0]!]);
    await excel.syncWithWorker(options);
    const patch = async (orderId: string, body: object) => {
      const line = await workerLine(worker, orderId);
      const response = await worker.call(`/v1/orders/${orderId}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': `"${line.version}"` },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    };
    await patch('111-0000002-0000002', { buyerContactAt: '2024-03-11' });
    await patch('111-0000004-0000004', { claimReason: 'damaged' });

    const result = await excel.syncWithWorker(options);
    expect(result.filledCells).toBe(1);
    const rows = table(sheet);
    expect(rows.find((r) => r['amazon-order-id'] === '111-0000002-0000002')!['buyer-contact-date']).toBe('2024-03-11');
    // Row 4 said "Not received": the worker's "damaged" is offered, not written.
    expect(rows.find((r) => r['amazon-order-id'] === '111-0000004-0000004')!['claim-reason']).toBe('Not received');
    expect(result.conflicts.map((c) => c.fields)).toEqual([[{ header: 'claim-reason', mine: 'Not received', theirs: 'damaged' }]]);
  });

  it('keeps the sync state small in the workbook, and reads back what it wrote', async () => {
    const { model, excel, options } = await setup();
    const result = await excel.syncWithWorker(options);
    expect(result.stateBytes / 10).toBeLessThan(80);
    const state = await savedState(model);
    expect(state.size).toBe(10);
    expect(state.cursor).toBe(result.cursor);
    expect(state.get(key('111-0000004-0000004'))).toMatchObject({ zone: LA, texts: expect.arrayContaining(['Not received', 'open']) });
  });

  it('says why the worker refused the connection', async () => {
    const { worker } = await setup();
    const client = new WorkerClient({ url: 'http://worker.test', token: 'wrong' }, (input, init) => Promise.resolve(worker.app.request(input, init)));
    const failure = await client.testConnection().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkerError);
    expect((failure as WorkerError).status).toBe(401);
    await expect(clientOf(worker).testConnection()).resolves.toBeUndefined();
  });

  it('5,000 lines: one Excel sync per page of changes, and the whole sheet read in one chunk', async () => {
    const worker = await testWorker();
    expect((await importReport(worker, bigReport(5000))).status).toBe(201);
    const model = workbookOf([]);
    const excel = connectExcel(mockHost(model, LA));
    const first = await excel.syncWithWorker({ client: clientOf(worker), pageSize: 1000 });
    // 2 to find the table, 5 pages, 1 to read back the 5,000 appended rows' keys; the state: 1 to list its parts, 1 to save it.
    expect(first).toMatchObject({ appendedRows: 5000, pulled: 5000, syncs: 2 + 5 + 1 + 2 });
    const sheet = model.sheets[0]!;
    const syncsBefore = model.syncs;
    setCell(sheet, '111-0004999-0000001', 'claim-status', 'open');
    const second = await excel.syncWithWorker({ client: clientOf(worker), pageSize: 1000 });
    // 2 to find the table, 1 to read 5,000 rows' keys and claim cells, 1 for the page holding the patched
    // line; the state: 2 to list and read it, 1 to save it after the push, 1 at the end.
    expect(second).toMatchObject({ pushed: 1, pulled: 1, syncs: 4 + 4, conflicts: [] });
    expect(model.syncs - syncsBefore).toBe(8);
  });
});

describe('syncing cells Excel would read as something else', () => {
  // Ids, SKUs, postal codes and report text that Excel turns into numbers, dates, booleans and formulas
  // when written as plain strings into General cells (test/addin/excel-values.ts).
  const REPORT = [
    'amazon-order-id\torder-item-id\tsku\tpurchase-date\tsales-channel\tproduct-name\tship-postal-code\tgift\tdiscount\tlatest-delivery-date\tclaim-date\tclaim-status',
    '111-0000001-0000001\t00123\t1E5\t2024-03-01\tAmazon.com\t=1+1\t02134\tTRUE\t5%\t2024-03-08\t\t',
    '111-0000001-0000001\t00124\t2024-03-01\t2024-03-01T10:00:00-08:00\tAmazon.com\t-3.85\t00501\tFALSE\t1,234\t2024-03-08\t\t',
  ].join('\n');

  async function typedSetup() {
    const worker = await testWorker();
    expect((await importReport(worker, REPORT)).status).toBe(201);
    const model = workbookOf([]);
    const excel = connectExcel(mockHost(model, LA));
    return { worker, model, sheet: model.sheets[0]!, excel, options: { client: clientOf(worker) } satisfies SyncOptions };
  }

  it('writes ids, SKUs and report text as text and dates as dates; the keys match on the next pull, no row twice', async () => {
    const { worker, sheet, excel, options } = await typedSetup();
    expect(await excel.syncWithWorker(options)).toMatchObject({ appendedRows: 2, conflicts: [] });
    const rows = table(sheet);
    expect(rows.map((r) => [r['order-item-id'], r['sku'], r['product-name'], r['ship-postal-code'], r['gift'], r['discount']])).toEqual([
      ['00123', '1E5', '=1+1', '02134', 'TRUE', '5%'],
      ['00124', '2024-03-01', '-3.85', '00501', 'FALSE', '1,234'],
    ]);
    // Text stays text: no formula, no number, and the date columns hold serials shown as days.
    const at = (header: string) => columnOf(sheet, header);
    expect(sheet.formulaAt(1, at('product-name'))).toBeUndefined();
    expect(sheet.getValue(1, at('order-item-id'))).toBe('00123');
    expect(sheet.getValue(1, at('latest-delivery-date'))).toBe(45359);
    expect(rows.map((r) => r['latest-delivery-date'])).toEqual(['2024-03-08', '2024-03-08']);

    // A later report renames both products: the lines are found again by their keys, nothing appended.
    expect((await importReport(worker, REPORT.replace('=1+1', 'Lamp').replace('-3.85', 'Hose'))).status).toBe(201);
    const next = await excel.syncWithWorker(options);
    expect(next).toMatchObject({ appendedRows: 0, updatedRows: 2, duplicateRows: [] });
    expect(table(sheet).map((r) => [r['order-item-id'], r['product-name']])).toEqual([
      ['00123', 'Lamp'],
      ['00124', 'Hose'],
    ]);
  });

  it('in a 1904 workbook, dates go in as 1904 serials and show the same days', async () => {
    const { model, sheet, excel, options } = await typedSetup();
    model.dateSystem = 1904;
    await excel.syncWithWorker(options);
    expect(sheet.getValue(1, columnOf(sheet, 'latest-delivery-date'))).toBe(45359 - 1462);
    expect(sheet.textAt(1, columnOf(sheet, 'latest-delivery-date'), 1904)).toBe('2024-03-08');
  });

  it('pushes an operator\'s typed date (a serial in the cell) and shows it as a day in a conflict card', async () => {
    const { worker, sheet, excel, options } = await typedSetup();
    await excel.syncWithWorker(options);
    const row = 2; // 0-based: the second line (order-item-id 00124)
    sheet.writeValue(row, columnOf(sheet, 'claim-date'), '2024-03-14');
    sheet.writeValue(row, columnOf(sheet, 'claim-status'), 'open');
    expect(typeof sheet.getValue(row, columnOf(sheet, 'claim-date'))).toBe('number');
    expect(await excel.syncWithWorker(options)).toMatchObject({ pushed: 1, errors: [], conflicts: [] });
    const lines = ((await (await worker.call('/v1/orders/111-0000001-0000001')).json()) as { lines: { version: number; lineKey: string; row: Record<string, unknown> }[] }).lines;
    const line = lines.find((l) => l.lineKey.endsWith('00124'))!;
    expect(line.row).toMatchObject({ claimAt: '2024-03-14T07:00:00.000Z', claimStatus: 'open' });

    // Someone else moves the claim date; the operator here types another one.
    const patched = await worker.call(`/v1/orders/111-0000001-0000001?line=${encodeURIComponent(line.lineKey)}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${line.version}"` },
      body: JSON.stringify({ claimAt: '2024-03-12T07:00:00.000Z' }),
    });
    expect(patched.status).toBe(200);
    sheet.writeValue(row, columnOf(sheet, 'claim-date'), '2024-03-13 16:30');
    const { conflicts } = await excel.syncWithWorker(options);
    expect(conflicts.map((c) => c.fields)).toEqual([[{ header: 'claim-date', mine: '2024-03-13 16:30', theirs: '2024-03-12' }]]);
  });
});

describe('Sync brings the facts of feedback, returns and shipments reports into the sheet', () => {
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/amazon-reports/${name}`, import.meta.url), 'utf8');
  /** A report with the real header of an Amazon report fixture and rows given by header name. */
  const report = (name: string, rows: Record<string, string>[]) => {
    const header = fixture(name).split(/\r?\n/)[0]!.split('\t');
    return [header.join('\t'), ...rows.map((row) => header.map((h) => row[h] ?? '').join('\t'))].join('\n');
  };
  const FEEDBACK = report('airbyte-seller-feedback-headers.txt', [
    { Date: '3/10/24', Rating: '1', Comments: 'Never arrived', 'Order ID': '111-0000002-0000002' },
    { Date: '3/11/24', Rating: '5', Comments: 'Great', 'Order ID': '111-0000003-0000003' },
  ]);
  const RETURNS = report('airbyte-returns-by-return-date-a-to-z-claim-headers.txt', [
    { 'Order ID': '111-0000002-0000002', 'Return request date': '2024-03-12', 'Return request status': 'Approved', 'Currency code': 'USD', 'Refunded Amount': '00012.50', 'A-to-Z Claim': 'N' },
  ]);
  const SHIPMENTS = report('us-fba-amazon-fulfilled-shipments-2013-one-row.txt', [
    { 'amazon-order-id': '111-0000004-0000004', 'shipment-date': '2024-02-21T10:00:00-08:00', carrier: 'UPS', 'tracking-number': '1Z999AA10123456784', 'purchase-date': '2024-02-20T08:00:00-08:00', 'sales-channel': 'Amazon.com' },
  ]);
  // An order report's columns, no feedback rating: the sheet gets one when the feedback arrives.
  const HEADER = ['amazon-order-id', 'purchase-date', 'order-status', 'fulfillment-channel', 'sales-channel', 'latest-delivery-date', 'delivered-date', 'claim-date', 'claim-reason', 'claim-status', 'my notes'];
  const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');

  async function importFacts(worker: TestWorker) {
    for (const [text, file] of [[FEEDBACK, 'feedback.txt'], [RETURNS, 'returns.txt'], [SHIPMENTS, 'shipments.txt']] as const) {
      const response = await importReport(worker, text, { query: `?fileName=${file}` });
      expect(response.status, await response.clone().text()).toBe(201);
    }
  }

  it('adds the fact columns right of the status block, writes the facts on the right rows, and flagging counts the 1-star rating', async () => {
    const { worker, sheet, excel, options } = await setup([HEADER]);
    const first = await excel.syncWithWorker(options);
    expect(first.appendedRows).toBe(10);
    expect(first.factColumnsAdded).toEqual([]);
    setCell(sheet, '111-0000002-0000002', 'my notes', 'called the buyer');
    await excel.flagRows({ asOf: AS_OF });
    const flaggedHeader = headerRow(sheet);
    expect(table(sheet).find((r) => r['amazon-order-id'] === '111-0000002-0000002')!['ODR defect']).toBe('No');
    const versionBefore = (await workerLine(worker, '111-0000002-0000002')).version;

    await importFacts(worker);
    const second = await excel.syncWithWorker(options);
    expect(second.pulled).toBe(3); // orders 2, 3 and 4: nothing else changed
    expect(second.pushed).toBe(0);
    expect(second.conflicts).toEqual([]);
    expect(second.factColumnsAdded).toEqual(['Feedback rating', 'Carrier', 'Tracking number', 'Ship date', 'Return status', 'Return requested', 'Refunded amount']);
    // Right of everything used: the status block stays where it was, and is found again by its headers.
    expect(headerRow(sheet)).toEqual([...flaggedHeader, ...second.factColumnsAdded]);
    // Wide enough for what they hold (a default-width column shows a date with its time as #####).
    const trackingColumn = flaggedHeader.length + 2;
    expect(sheet.columnWidths.get(trackingColumn)).toBeGreaterThanOrEqual(18 * 7);
    expect(sheet.columnWidths.get(flaggedHeader.length + 3)).toBeGreaterThanOrEqual(16 * 7);

    const rows = table(sheet);
    const row = (orderId: string) => rows.find((r) => r['amazon-order-id'] === orderId)!;
    expect(row('111-0000002-0000002')).toMatchObject({ 'Feedback rating': '1', 'Return status': 'Approved', 'Return requested': '2024-03-12', 'Refunded amount': '00012.50 USD', Carrier: '', 'my notes': 'called the buyer' });
    expect(row('111-0000003-0000003')).toMatchObject({ 'Feedback rating': '5', 'Return status': '' });
    expect(row('111-0000004-0000004')).toMatchObject({ Carrier: 'UPS', 'Tracking number': '1Z999AA10123456784', 'Ship date': '2024-02-21 10:00', 'Feedback rating': '' });
    expect(row('111-0000001-0000001')).toMatchObject({ 'Feedback rating': '', Carrier: '' });
    // Text stays text (the tracking number, a refund with leading zeros); the ship date is a date cell.
    const at = (orderId: string, header: string) => sheet.read(sheet.usedRect())[rowOf(sheet, orderId)]![headerRow(sheet).indexOf(header)];
    expect(at('111-0000002-0000002', 'Refunded amount')).toBe('00012.50 USD');
    expect(typeof at('111-0000004-0000004', 'Ship date')).toBe('number');

    // The engine reads the rating column: order 2 is an ODR defect now; the block is reused, not added again.
    const flagged = await excel.flagRows({ asOf: AS_OF });
    expect(flagged.rowsFlagged).toBe(10);
    expect(headerRow(sheet)).toEqual([...flaggedHeader, ...second.factColumnsAdded]);
    expect(table(sheet).find((r) => r['amazon-order-id'] === '111-0000002-0000002')!['ODR defect']).toBe('Yes');

    // Nothing goes back up: the facts are the worker's, not an operator's edit; a new sync changes nothing.
    const shown = table(sheet);
    const third = await excel.syncWithWorker(options);
    expect(third).toMatchObject({ pulled: 0, pushed: 0, factColumnsAdded: [] });
    expect((await workerLine(worker, '111-0000002-0000002')).version).toBe(versionBefore);
    expect(table(sheet)).toEqual(shown);
  });

  it('never overwrites an operator\'s own rating, and rewrites a report column that means the same fact', async () => {
    const { worker, sheet, excel, options } = await setup([[...HEADER, 'feedback-rating', 'carrier']]);
    await excel.syncWithWorker(options);
    setCell(sheet, '111-0000002-0000002', 'feedback-rating', '3');
    await importFacts(worker);
    const result = await excel.syncWithWorker(options);
    // The sheet's own columns are used: only what it lacks is added.
    expect(result.factColumnsAdded).toEqual(['Tracking number', 'Ship date', 'Return status', 'Return requested', 'Refunded amount']);
    const rows = table(sheet);
    const row = (orderId: string) => rows.find((r) => r['amazon-order-id'] === orderId)!;
    // The operator typed 3 before the sync: it went up as their edit and stays; the report's 1 does not replace it.
    expect(row('111-0000002-0000002')['feedback-rating']).toBe('3');
    expect(result.conflicts).toEqual([]);
    expect(row('111-0000003-0000003')['feedback-rating']).toBe('5');
    expect(row('111-0000004-0000004')).toMatchObject({ carrier: 'UPS', 'Tracking number': '1Z999AA10123456784' });
  });

  it('in a zh-CN workbook the fact columns have Chinese headers, and the Chinese rating column counts for the ODR', async () => {
    const { worker, sheet, excel, options } = await setup([HEADER]);
    await excel.syncWithWorker(options);
    await excel.flagRows({ asOf: AS_OF, language: 'zh-CN' });
    await importFacts(worker);
    const result = await excel.syncWithWorker(options);
    expect(result.factColumnsAdded).toEqual(['反馈评分', '承运人', '追踪编号', '发货日期', '退货状态', '退货申请日期', '退款金额']);
    await excel.flagRows({ asOf: AS_OF });
    const rows = table(sheet);
    const row = rows.find((r) => r['amazon-order-id'] === '111-0000002-0000002')!;
    expect(row).toMatchObject({ 反馈评分: '1', 退货状态: 'Approved', 计入ODR: '是' });
    expect(rows.find((r) => r['amazon-order-id'] === '111-0000004-0000004')).toMatchObject({ 承运人: 'UPS', 追踪编号: '1Z999AA10123456784' });
  });
});
