/// <reference types="office-js" />
import { describe, expect, it } from 'vitest';
import { FakeRequestContext, PAYLOAD_LIMIT_BYTES } from './fake-excel/context.js';
import { addTable } from './excel-tables.js';
import { FormulaEvaluator } from './fake-excel/formulas.js';
import { FakeSheet, FakeWorkbook } from './fake-excel/workbook.js';

/** The fake Excel host the browser test and benchmark run against keeps Office.js's rules. */
const book = () => new FakeWorkbook([FakeSheet.fromRows('Orders', [['id', 'n'], ['a', 1], ['b', 2]])]);
const context = (workbook: FakeWorkbook) => new FakeRequestContext(workbook) as unknown as Excel.RequestContext;

describe('the fake Excel host', () => {
  it('queues writes until sync and lets loaded values be read only after it', async () => {
    const workbook = book();
    const ctx = context(workbook);
    const range = ctx.workbook.worksheets.getItem('Orders').getRange('A2:B3');
    range.load('values');
    expect(() => range.values).toThrow(/is not available/);
    ctx.workbook.worksheets.getItem('Orders').getRange('C2').values = [['=B2*2']];
    expect(workbook.sheets[0]!.formulaAt(1, 2)).toBeUndefined();
    await ctx.sync();
    expect(range.values).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(workbook.sheets[0]!.formulaAt(1, 2)).toBe('=B2*2');
    expect(workbook.syncLog).toHaveLength(1);
  });

  it('refuses a sync whose request exceeds 5 MB, and applies none of it', async () => {
    const workbook = book();
    const ctx = context(workbook);
    const sheet = ctx.workbook.worksheets.getItem('Orders');
    sheet.getRange('A5').values = [['kept out']];
    const rows = 60_000;
    sheet.getRange(`A10:A${9 + rows}`).values = Array.from({ length: rows }, () => ['x'.repeat(90)]);
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(workbook.sheets[0]!.getValue(4, 0)).toBe('');
    expect(60_000 * 90).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
  });

  it('resolves *OrNullObject after the sync; a missing sheet by getItem fails the sync', async () => {
    const ctx = context(book());
    const missing = ctx.workbook.worksheets.getItemOrNullObject('Nope');
    missing.load('name');
    expect(() => missing.isNullObject).toThrow();
    await ctx.sync();
    expect(missing.isNullObject).toBe(true);
    ctx.workbook.worksheets.getItem('Nope').load('name');
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
  });

  it('a table collection\'s load brings its items back resolved: nothing is left queued for another sync', async () => {
    const workbook = book();
    const sheet = workbook.sheets[0]!;
    addTable(sheet, sheet.tables, { r1: 0, c1: 0, r2: 2, c2: 1 }, 'Orders', true);
    const ctx = new FakeRequestContext(workbook);
    const tables = (ctx as unknown as Excel.RequestContext).workbook.worksheets.getItem('Orders').tables;
    tables.load('items/name,items/showTotals');
    await ctx.sync();
    expect(tables.items.map((t) => [t.name, t.showTotals])).toEqual([['Orders', true]]);
    expect(ctx.pending).toBe(0);
  });

  it('evaluates the dashboard\'s kind of formulas and moves a rule\'s relative rows', () => {
    const workbook = book();
    const sheet = workbook.sheets[0]!;
    sheet.writeFormula(0, 4, '=COUNTIFS($B$2:$B$3,">"&NOW()-45000,$A$2:$A$3,"?*")');
    sheet.writeFormula(1, 4, '=IF(B3=0,"",B2/B3)');
    const evaluator = new FormulaEvaluator(workbook, { now: 45_001.5 });
    expect(evaluator.cellValue(sheet, 0, 4)).toBe(1);
    expect(evaluator.cellValue(sheet, 1, 4)).toBe(0.5);
    const rule = '=AND(ISNUMBER($B2),$B2>1,N("atoz-guard")=0)';
    expect([0, 1].map((rows) => evaluator.evaluate(rule, sheet, { rows, columns: 0 }))).toEqual([false, true]);
  });
});
