/// <reference types="office-js" />
import { describe, expect, it } from 'vitest';
import { FakeRequestContext } from './fake-excel/context.js';
import { FakeSheet, FakeWorkbook } from './fake-excel/workbook.js';
import { mockContext, SheetModel, WorkbookModel } from './mock-excel/index.js';

/** Both Excel doubles read a string written to `range.values` as Excel reads typed input (excel-values.ts). */
const INPUT = ['00123', '2024-03-01', '1E5', 'TRUE', '=1+1', '5%', "'00123", '2024-03-01 14:30', 'SKU-9', '2024-03-01T10:00:00-08:00'];

const doubles = [
  {
    name: 'the fake host',
    make: (system: 1900 | 1904) => {
      const book = new FakeWorkbook([new FakeSheet('S')]);
      book.dateSystem = system;
      return { context: new FakeRequestContext(book) as unknown as Excel.RequestContext, sheet: book.sheets[0]! };
    },
  },
  {
    name: 'the office-addin-mock model',
    make: (system: 1900 | 1904) => {
      const model = new WorkbookModel([new SheetModel('S')]);
      model.dateSystem = system;
      return { context: mockContext(model), sheet: model.sheets[0]! };
    },
  },
];

describe.each(doubles)('$name takes written strings as Excel does', ({ make }) => {
  it('turns number-, date-, boolean- and formula-like text into numbers, dates, booleans and formulas in a General cell', async () => {
    const { context, sheet } = make(1900);
    const range = context.workbook.worksheets.getItem('S').getRange('A1:J1');
    range.values = [INPUT];
    range.load('values,text,numberFormat');
    await context.sync();
    expect(range.values[0]).toEqual([123, 45352, 100000, true, '', 0.05, '00123', 45352 + 14.5 / 24, 'SKU-9', '2024-03-01T10:00:00-08:00']);
    expect(sheet.formulaAt(0, 4)).toBe('=1+1');
    expect(range.text[0]).toEqual(['123', '2024-03-01', '100000', 'TRUE', '=1+1', '5%', '00123', '2024-03-01 14:30', 'SKU-9', '2024-03-01T10:00:00-08:00']);
    expect(range.numberFormat[0]!.slice(0, 3)).toEqual(['General', 'yyyy-mm-dd', 'General']);
  });

  it('keeps every string as written in a text ("@") cell, the format set first', async () => {
    const { context } = make(1900);
    const range = context.workbook.worksheets.getItem('S').getRange('A1:J1');
    range.numberFormat = [['@']];
    range.values = [INPUT];
    range.load('values,text');
    await context.sync();
    expect(range.values[0]).toEqual(INPUT.map((text) => (text.startsWith("'") ? text.slice(1) : text)));
    expect(range.text[0]).toEqual(range.values[0]);
  });

  it('counts dates in the workbook\'s date system and shows a date it cannot show as ####', async () => {
    const { context } = make(1904);
    const range = context.workbook.worksheets.getItem('S').getRange('A1:C1');
    range.values = [['2024-03-01', 2_958_465, 2_957_003]];
    range.numberFormat = [['yyyy-mm-dd', 'yyyy-mm-dd hh:mm', 'yyyy-mm-dd hh:mm']];
    range.load('values,text');
    await context.sync();
    expect(range.values[0]![0]).toBe(45352 - 1462);
    expect(range.text[0]).toEqual(['2024-03-01', '########', '9999-12-31 00:00']);
  });
});
