import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectExcel, SheetBlockedError, WorkerClient, type SheetProblem } from '../../addin/excel/index.js';
import { blockedEn, blockedText, blockedZhCN, blockedZhTW } from '../../addin/taskpane/blocked-strings.js';
import { DASHBOARD_SHEET_NAME } from '../../shared/sheet/plan.js';
import { EXAMPLE as WORKER_EXAMPLE, importReport, testWorker } from '../worker/helpers.js';
import { fakeHost } from './fake-excel/host.js';
import { FakeSheet, FakeWorkbook } from './fake-excel/workbook.js';
import { mockHost, type WorkbookModel } from './mock-excel/index.js';
import { rowsOfText, workbookOf } from './sheets.js';

/** Issue 10, point 4: sheets the add-in cannot write get a clear message, and nothing is half written. */
const EXAMPLE = readFileSync(fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url)), 'utf8');
const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');
const LA = 'America/Los_Angeles';

/** Everything a run could have changed, to compare before and after. */
function stateOf(model: WorkbookModel) {
  return JSON.stringify({
    sheets: model.sheets.map((s) => ({ name: s.name, cells: s.read(s.usedRect()), formats: s.formatRects.length, cfs: s.conditionalFormats.length, hidden: [...s.hiddenColumns] })),
    mode: model.calculationMode,
  });
}

async function blocked(run: Promise<unknown>): Promise<SheetProblem> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SheetBlockedError);
  return (error as SheetBlockedError).problem;
}

describe('the doubles refuse what Excel refuses', () => {
  it('writes to locked cells of a protected sheet fail with AccessDenied; unlocked cells take them', async () => {
    for (const book of [workbookOf([['a']]), new FakeWorkbook([FakeSheet.fromRows('Orders', [['a']])])]) {
      const host = 'documentSettings' in book && book instanceof FakeWorkbook ? fakeHost(book, { timeZone: LA }) : mockHost(book as WorkbookModel);
      const sheet = book.sheets[0]!;
      sheet.guards.protected = true;
      sheet.guards.unlocked.push({ r1: 0, c1: 1, r2: 9, c2: 1 });
      const write = (address: string) =>
        host.run(async (context) => {
          context.workbook.worksheets.getItem('Orders').getRange(address).values = [['x']];
          await context.sync();
        });
      await expect(write('A1')).rejects.toMatchObject({ code: 'AccessDenied' });
      await write('B2');
      expect(sheet.getValue(1, 1)).toBe('x');
      expect(sheet.getValue(0, 0)).toBe('a');
    }
  });

  it('merged cells take a value only in their top-left cell; several selected areas make getSelectedRange fail', async () => {
    const model = workbookOf([['a', 'b']]);
    model.sheets[0]!.guards.merged.push({ r1: 0, c1: 0, r2: 1, c2: 1 });
    const host = mockHost(model);
    const write = (address: string) =>
      host.run(async (context) => {
        context.workbook.worksheets.getItem('Orders').getRange(address).values = [['x']];
        await context.sync();
      });
    await expect(write('B2')).rejects.toMatchObject({ code: 'MergedRangeConflict' });
    await write('A1');
    model.selectionAreas = [{ r1: 1, c1: 0, r2: 1, c2: 0 }, { r1: 4, c1: 0, r2: 4, c2: 0 }];
    await expect(
      host.run(async (context) => {
        context.workbook.getSelectedRange().load('rowIndex');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidSelection' });
  });
});

describe('flagging a sheet it cannot write', () => {
  it('a protected sheet: a clear refusal before anything is written', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    model.sheets[0]!.guards.protected = true;
    const before = stateOf(model);
    expect(await blocked(connectExcel(mockHost(model, LA)).flagRows({ asOf: AS_OF }))).toEqual({ kind: 'protected', sheetName: 'Orders' });
    expect(stateOf(model)).toBe(before);
    expect(model.sheet(DASHBOARD_SHEET_NAME)).toBeUndefined();
  });

  it('a protected dashboard sheet is refused too, before the data sheet is touched', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    await connectExcel(mockHost(model, LA)).flagRows({ asOf: AS_OF });
    model.sheet(DASHBOARD_SHEET_NAME)!.guards.protected = true;
    const before = stateOf(model);
    expect(await blocked(connectExcel(mockHost(model, LA)).flagRows({ asOf: AS_OF + 86_400_000 }))).toEqual({ kind: 'protected', sheetName: DASHBOARD_SHEET_NAME });
    expect(stateOf(model)).toBe(before);
  });

  it('merged cells in the data: named by address, nothing written', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    model.sheets[0]!.guards.merged.push({ r1: 4, c1: 2, r2: 5, c2: 3 });
    const before = stateOf(model);
    expect(await blocked(connectExcel(mockHost(model, LA)).flagRows({ asOf: AS_OF }))).toEqual({ kind: 'merged', sheetName: 'Orders', address: 'C5:D6' });
    expect(stateOf(model)).toBe(before);
  });

  it('an Office error mid-run becomes a message, and the calculation mode comes back', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    let failed = false;
    model.beforeSync = (sync) => {
      if (sync === 4 && !failed && (failed = true)) throw Object.assign(new Error('AccessDenied: You cannot perform the requested operation.'), { code: 'AccessDenied' });
    };
    expect(await blocked(connectExcel(mockHost(model, LA)).flagRows({ asOf: AS_OF, chunkRows: 3 }))).toEqual({ kind: 'excel', code: 'AccessDenied' });
    expect(model.calculationMode).toBe('Automatic');
  });
});

describe('syncing a sheet it cannot write', () => {
  async function synced() {
    const worker = await testWorker();
    expect((await importReport(worker, WORKER_EXAMPLE)).status).toBe(201);
    const client = new WorkerClient({ url: 'http://worker.test/', token: 'token-of-seller-a' }, (input, init) => Promise.resolve(worker.app.request(input, init)));
    const model = workbookOf([]);
    await connectExcel(mockHost(model, LA)).syncWithWorker({ client });
    return { model, client };
  }

  it('formulas in a column the sync fills: named, nothing written, nothing sent', async () => {
    const { model, client } = await synced();
    const sheet = model.sheets[0]!;
    const header = sheet.read(sheet.usedRect())[0]!.map(String);
    // Sync formats report columns as text, where a typed `=` stays text: the operator's formula arrives
    // as range.formulas does (or after the cell was given another format).
    sheet.writeFormula(3, header.indexOf('product-name'), '=UPPER("hose")');
    sheet.setValue(2, header.indexOf('claim-status'), 'granted'); // an edit that must not go up half-way
    const before = stateOf(model);
    const problem = await blocked(connectExcel(mockHost(model, LA)).syncWithWorker({ client }));
    expect(problem).toMatchObject({ kind: 'formulas', sheetName: 'Orders' });
    expect((problem as { address: string }).address).toMatch(/4$/);
    expect(stateOf(model)).toBe(before);
  });

  it('a protected sheet is refused before the sync reads or writes anything else', async () => {
    const { model, client } = await synced();
    model.sheets[0]!.guards.protected = true;
    expect(await blocked(connectExcel(mockHost(model, LA)).syncWithWorker({ client }))).toEqual({ kind: 'protected', sheetName: 'Orders' });
  });
});

describe('row help with several areas selected', () => {
  it('says to select one row instead of failing, with or without getSelectedRanges (ExcelApi 1.9)', async () => {
    const help = async (apiMinor: number) => {
      const model = workbookOf(rowsOfText(EXAMPLE));
      model.apiMinor = apiMinor;
      model.selection = { row: 4, column: 0 };
      model.selectionAreas = [{ r1: 4, c1: 0, r2: 4, c2: 0 }, { r1: 7, c1: 0, r2: 7, c2: 0 }];
      return connectExcel(mockHost(model, LA)).readSelectedRowHelp({ asOf: AS_OF });
    };
    expect(await help(16)).toEqual({ kind: 'multiple-areas' });
    expect(await help(6)).toEqual({ kind: 'multiple-areas' }); // getSelectedRange refuses
    // 1.7–1.8: no way to count the areas; the active cell's row is shown.
    expect(await help(8)).toMatchObject({ kind: 'row', sheetRow: 5 });
  });
});

describe('the pane\'s messages', () => {
  it('every problem has a text in English, 简体中文 and 繁體中文 naming the sheet and cells', () => {
    const problems: SheetProblem[] = [
      { kind: 'protected', sheetName: 'Orders' },
      { kind: 'merged', sheetName: 'Orders', address: 'C5:D6' },
      { kind: 'formulas', sheetName: 'Orders', address: 'F4' },
      { kind: 'multipleAreas' },
      { kind: 'excel', code: 'AccessDenied' },
    ];
    for (const strings of [blockedEn, blockedZhCN, blockedZhTW]) {
      const texts = problems.map((problem) => blockedText(strings, problem));
      expect(new Set(texts).size).toBe(problems.length);
      expect(texts[0]).toContain('Orders');
      expect(texts[1]).toContain('C5:D6');
      expect(texts[2]).toContain('F4');
      expect(texts[4]).toContain('AccessDenied');
    }
  });
});
