/// <reference types="office-js" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectExcel, WorkerClient } from '../../addin/excel/index.js';
import { SHEET_HEADERS } from '../../shared/sheet/columns.js';
import { EXAMPLE as EXAMPLE_REPORT, importReport, testWorker, type TestWorker } from '../worker/helpers.js';
import { addTable, dataRect, type TableModel } from './excel-tables.js';
import { FakeRequestContext } from './fake-excel/context.js';
import { FakeSheet, FakeWorkbook } from './fake-excel/workbook.js';
import { mockContext, mockHost, SheetModel, WorkbookModel } from './mock-excel/index.js';
import { columnOf, rowsOfText, workbookOf } from './sheets.js';

const EXAMPLE = readFileSync(fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url)), 'utf8');
const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');

const doubles = [
  {
    name: 'the fake host',
    make: (rows: string[][]) => {
      const book = new FakeWorkbook([FakeSheet.fromRows('S', rows)]);
      return { context: new FakeRequestContext(book) as unknown as Excel.RequestContext, sheet: book.sheets[0]! };
    },
  },
  {
    name: 'the office-addin-mock model',
    make: (rows: string[][]) => {
      const model = new WorkbookModel([SheetModel.fromRows('S', rows)]);
      return { context: mockContext(model), sheet: model.sheets[0]! };
    },
  },
];

describe.each(doubles)('$name models Excel tables', ({ make }) => {
  const rows = [['id', 'n'], ['a', '1'], ['b', '2']];

  it('adds rows above the totals row, which moves down with what lies below it', async () => {
    const { context, sheet } = make([...rows, [], ['below']]);
    const table = addTable(sheet, sheet.tables, { r1: 0, c1: 0, r2: 2, c2: 1 }, 'Orders', true);
    sheet.setValue(3, 0, 'Total');
    const ws = context.workbook.worksheets.getItem('S');
    ws.tables.getItem('Orders').rows.add(undefined, [['c', '3'], ['d', '4']]);
    const body = ws.tables.getItem('Orders').getDataBodyRange();
    body.load('values,address');
    const list = ws.tables;
    list.load('items/name,items/showTotals');
    await context.sync();
    // The set-up's cells were stored as text; the added rows' were read as Excel reads input.
    expect(body.values).toEqual([['a', '1'], ['b', '2'], ['c', 3], ['d', 4]]);
    expect(list.items.map((t) => [t.name, t.showTotals])).toEqual([['Orders', true]]);
    expect(table.rect).toEqual({ r1: 0, c1: 0, r2: 5, c2: 1 });
    expect([sheet.getValue(5, 0), sheet.getValue(6, 0)]).toEqual(['Total', 'below']);
  });

  it('adds named columns at the right end, and grows over cells written right beside it or below it', async () => {
    const { context, sheet } = make(rows);
    const table: TableModel = addTable(sheet, sheet.tables, { r1: 0, c1: 0, r2: 2, c2: 1 });
    const ws = context.workbook.worksheets.getItem('S');
    ws.tables.getItem(table.name).columns.add(undefined, undefined, 'Status');
    ws.getRange('D1:D3').values = [['Note'], ['x'], ['y']];
    ws.getRange('A4:B4').values = [['c', '3']];
    await context.sync();
    expect(table.rect).toEqual({ r1: 0, c1: 0, r2: 3, c2: 3 });
    expect(sheet.getValue(0, 2)).toBe('Status');
    // Below a totals row nothing joins the table.
    table.showTotals = true;
    ws.getRange('A6').values = [['e']];
    await context.sync();
    expect(dataRect(table)).toEqual({ r1: 1, c1: 0, r2: 2, c2: 3 });
  });
});

/** The example as an Excel table with a totals row ("Total" under the order ids), two rows hidden by a filter. */
function exampleTable() {
  const rows = rowsOfText(EXAMPLE);
  const model = workbookOf(rows);
  const sheet = model.sheets[0]!;
  const table = addTable(sheet, sheet.tables, { r1: 0, c1: 0, r2: rows.length - 1, c2: rows[0]!.length - 1 }, 'Orders', true);
  sheet.setValue(rows.length, 0, 'Total');
  sheet.writeFormula(rows.length, columnOf(sheet, 'feedback-rating'), '=SUBTOTAL(101,[feedback-rating])');
  sheet.hiddenRows.add(3);
  sheet.hiddenRows.add(6);
  return { model, sheet, table, rows };
}

describe('the add-in on an Excel table', () => {
  it('flags every data row (hidden ones too), never the totals row, and the status columns join the table', async () => {
    const { model, sheet, table, rows } = exampleTable();
    const result = await connectExcel(mockHost(model)).flagRows({ asOf: AS_OF });
    expect(result).toMatchObject({ rowsFlagged: rows.length - 1, errors: [] });
    const totalsRow = rows.length; // 0-based
    const delivery = columnOf(sheet, 'Delivery');
    expect(table.rect).toEqual({ r1: 0, c1: 0, r2: totalsRow, c2: rows[0]!.length + SHEET_HEADERS.length - 1 });
    for (const hidden of sheet.hiddenRows) expect(sheet.getValue(hidden, delivery)).not.toBe('');
    for (let c = rows[0]!.length; c <= table.rect.c2; c++) expect(sheet.getValue(totalsRow, c), `column ${c}`).toBe('');
    expect(sheet.getValue(totalsRow, 0)).toBe('Total');

    // Flagging again reuses the table's status columns.
    await connectExcel(mockHost(model)).flagRows({ asOf: AS_OF });
    expect(table.rect.c2).toBe(rows[0]!.length + SHEET_HEADERS.length - 1);
  });

  it('a small table of notes beside the orders does not hide them', async () => {
    const rows = rowsOfText(EXAMPLE);
    const model = workbookOf(rows.map((row) => [...row, '', 'note']));
    const sheet = model.sheets[0]!;
    addTable(sheet, sheet.tables, { r1: 0, c1: rows[0]!.length + 1, r2: 2, c2: rows[0]!.length + 1 }, 'Notes');
    const result = await connectExcel(mockHost(model)).flagRows({ asOf: AS_OF });
    expect(result).toMatchObject({ rowsFlagged: rows.length - 1, errors: [] });
  });

  it('Row help takes the totals row for what it is: outside the order table', async () => {
    const { model, rows } = exampleTable();
    model.selection = { row: rows.length, column: 0 };
    expect(await connectExcel(mockHost(model)).readSelectedRowHelp({ asOf: AS_OF })).toMatchObject({ kind: 'outside', reason: 'outside-table' });
    model.selection = { row: 3, column: 0 }; // a hidden row is a row like any other
    expect(await connectExcel(mockHost(model)).readSelectedRowHelp({ asOf: AS_OF })).toMatchObject({ kind: 'row', sheetRow: 4 });
  });

  function clientOf(worker: TestWorker): WorkerClient {
    return new WorkerClient({ url: 'http://worker.test/', token: 'token-of-seller-a' }, (input, init) => Promise.resolve(worker.app.request(input, init)));
  }

  it('Sync fills a brand-new table\'s blank data row, then adds the lines above its totals row, and finds them there on the next sync', async () => {
    const worker = await testWorker();
    expect((await importReport(worker, EXAMPLE_REPORT)).status).toBe(201);
    const header = rowsOfText(EXAMPLE)[0]!;
    const model = workbookOf([header, [], ['Total']]);
    const sheet = model.sheets[0]!;
    // Header, Excel's one blank data row, totals row "Total".
    const table = addTable(sheet, sheet.tables, { r1: 0, c1: 0, r2: 1, c2: header.length - 1 }, 'Orders', true);
    const excel = connectExcel(mockHost(model, 'America/Los_Angeles'));
    const first = await excel.syncWithWorker({ client: clientOf(worker) });
    expect(first).toMatchObject({ appendedRows: 10, conflicts: [] });
    // The first line went into the blank data row: no empty row left between the header and the lines.
    expect(table.rect).toEqual({ r1: 0, c1: 0, r2: 11, c2: header.length - 1 });
    expect(sheet.getValue(11, 0)).toBe('Total');
    const ids = Array.from({ length: 10 }, (_, i) => sheet.getValue(i + 1, 0));
    expect(ids.every((id) => id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(10);

    const again = await excel.syncWithWorker({ client: clientOf(worker) });
    expect(again).toMatchObject({ appendedRows: 0, duplicateRows: [] });
    expect(sheet.getValue(11, 0)).toBe('Total');
  });

  it('Sync adds the fact columns a feedback or shipments import brings as columns of the table, above its totals row', async () => {
    const worker = await testWorker();
    expect((await importReport(worker, EXAMPLE_REPORT)).status).toBe(201);
    // An order report without a feedback rating, as an Excel table with a totals row.
    const header = rowsOfText(EXAMPLE)[0]!.filter((h) => h !== 'feedback-rating');
    const model = workbookOf([header, [], ['Total']]);
    const sheet = model.sheets[0]!;
    const table = addTable(sheet, sheet.tables, { r1: 0, c1: 0, r2: 1, c2: header.length - 1 }, 'Orders', true);
    const excel = connectExcel(mockHost(model, 'America/Los_Angeles'));
    await excel.syncWithWorker({ client: clientOf(worker) });
    const feedback = ['Date\tRating\tComments\tYour Response\tOrder ID\tRater Email', '3/10/24\t2\tLate\t\t111-0000002-0000002\ta@example.com'].join('\n');
    const shipments = ['amazon-order-id\tshipment-date\tcarrier\ttracking-number', '111-0000004-0000004\t2024-02-21T10:00:00-08:00\tUPS\t1Z999AA10123456784'].join('\n');
    expect((await importReport(worker, feedback)).status).toBe(201);
    expect((await importReport(worker, shipments)).status).toBe(201);

    const result = await excel.syncWithWorker({ client: clientOf(worker) });
    expect(result.factColumnsAdded).toEqual(['Feedback rating', 'Carrier', 'Tracking number', 'Ship date']);
    // The table grew by those columns; its totals row is where it was, and empty under them.
    expect(table.rect).toEqual({ r1: 0, c1: 0, r2: 11, c2: header.length + 3 });
    expect(sheet.getValue(11, 0)).toBe('Total');
    for (let c = header.length; c <= header.length + 3; c++) expect(sheet.getValue(11, c)).toBe('');
    const rowOf = (orderId: string) => Array.from({ length: 10 }, (_, i) => i + 1).find((r) => sheet.getValue(r, 0) === orderId)!;
    expect(sheet.getValue(rowOf('111-0000002-0000002'), columnOf(sheet, 'Feedback rating'))).toBe('2');
    expect(sheet.getValue(rowOf('111-0000004-0000004'), columnOf(sheet, 'Tracking number'))).toBe('1Z999AA10123456784');

    // Flagging reads the rating (2 stars: a defect), and its status columns join the table after the fact columns.
    await excel.flagRows({ asOf: AS_OF });
    expect(sheet.getValue(rowOf('111-0000002-0000002'), columnOf(sheet, 'ODR defect'))).toBe('Yes');
    expect(table.rect.c2).toBe(header.length + 3 + SHEET_HEADERS.length);
  });

  it('Sync fills only the empty rows at the end of a table: a row with a note is never overwritten', async () => {
    const worker = await testWorker();
    expect((await importReport(worker, EXAMPLE_REPORT)).status).toBe(201);
    // The operator's own column (not in the report) at the right end of the table.
    const header = [...rowsOfText(EXAMPLE)[0]!, 'My notes'];
    const last = header.length - 1;
    const model = workbookOf([header]);
    const sheet = model.sheets[0]!;
    // Header and four data rows, no totals: two notes, then two empty rows.
    const table = addTable(sheet, sheet.tables, { r1: 0, c1: 0, r2: 4, c2: last }, 'Orders');
    sheet.setValue(1, last, 'call the carrier');
    sheet.setValue(2, 1, 'ask Sam');
    const result = await connectExcel(mockHost(model, 'America/Los_Angeles')).syncWithWorker({ client: clientOf(worker) });
    expect(result).toMatchObject({ appendedRows: 10, conflicts: [] });
    expect(sheet.getValue(1, last)).toBe('call the carrier');
    expect(sheet.getValue(1, 0)).toBe('');
    expect(sheet.getValue(2, 1)).toBe('ask Sam');
    expect(sheet.getValue(2, 0)).toBe('');
    // Ten lines: the two empty rows, then eight added rows.
    expect(table.rect).toEqual({ r1: 0, c1: 0, r2: 12, c2: last });
    const ids = Array.from({ length: 10 }, (_, i) => sheet.getValue(i + 3, 0));
    expect(new Set(ids.filter((id) => id !== '')).size).toBe(10);
  });

  it('finds an order table whose header row lies below the first 10 used rows', async () => {
    const rows = rowsOfText(EXAMPLE);
    const notes = Array.from({ length: 12 }, (_, i) => [`note ${i + 1}`]);
    const model = workbookOf([...notes, ...rows]);
    const sheet = model.sheets[0]!;
    const top = notes.length;
    const table = addTable(sheet, sheet.tables, { r1: top, c1: 0, r2: top + rows.length - 1, c2: rows[0]!.length - 1 }, 'Orders', true);
    sheet.setValue(top + rows.length, 0, 'Total');
    const result = await connectExcel(mockHost(model)).flagRows({ asOf: AS_OF });
    expect(result).toMatchObject({ rowsFlagged: rows.length - 1, errors: [] });
    // The status columns joined the table, in its header row; the notes and the totals row are untouched.
    expect(table.rect.c2).toBe(rows[0]!.length + SHEET_HEADERS.length - 1);
    const delivery = columnOf(sheet, 'Delivery', top);
    expect(sheet.getValue(top + 1, delivery)).not.toBe('');
    expect(sheet.getValue(top - 1, delivery)).toBe('');
    expect(sheet.getValue(top + rows.length, delivery)).toBe('');
    expect(sheet.getValue(0, 0)).toBe('note 1');
  });
});
