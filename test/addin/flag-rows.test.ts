import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectExcel } from '../../addin/excel/index.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { odrSummary } from '../../shared/rules/odr-summary.js';
import { cellAddress, parseRangeAddress } from '../../shared/sheet/address.js';
import { LOCALES } from '../../shared/i18n/locales.js';
import { readSheetReasons, readSheetValue, sheetValue } from '../../shared/i18n/sheet-vocabulary.js';
import { columnHeader, SHEET_COLUMNS, sheetColumns, type SheetColumnKey } from '../../shared/sheet/columns.js';
import { buildSheetPlan, consecutiveColumns, DASHBOARD_SHEET_NAME } from '../../shared/sheet/plan.js';
import { RULE_SPECS } from '../../shared/sheet/rules.js';
import { readSheet } from '../helpers/sample-sheets.js';
import { mockHost, type SheetModel, type WorkbookModel } from './mock-excel/index.js';
import { columnOf, excelSerial, headerRow, rowsOfText, withDateSerials, workbookOf } from './sheets.js';

const EXAMPLE = readFileSync(fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url)), 'utf8');
const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');
const CLOCK = 'Asia/Shanghai';
const HOUR = 3_600_000;

/** The written cell of a status column on a 1-based sheet row. */
const statusAt = (sheet: SheetModel, header: string, row: number) => sheet.getValue(row - 1, columnOf(sheet, header));

describe('flagging the example sheet', () => {
  for (const language of LOCALES) {
    it(`writes every status the shared engine gives, beside the data, in ${language}`, async () => {
      const model = workbookOf(rowsOfText(EXAMPLE));
      const result = await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, language });
      const sheet = model.sheets[0]!;
      const { headers, items } = await readSheet(EXAMPLE, DEFAULT_POLICY);
      const header = (key: SheetColumnKey) => columnHeader(key, language);

      expect(result.language).toBe(language);
      expect(headerRow(sheet)).toEqual([...headers, ...sheetColumns(language).map((c) => c.header)]);
      expect(result.rowsFlagged).toBe(items.length);
      expect(result.errors).toEqual([]);
      for (const item of items) {
        const expected = evaluateRow(item.row!, DEFAULT_POLICY, AS_OF, item.line);
        const row = item.line; // the CSV's line numbers are the sheet's rows
        expect(statusAt(sheet, header('delivery'), row), `row ${row}`).toBe(sheetValue('delivery', expected.delivery, language));
        expect(statusAt(sheet, header('eligibility'), row)).toBe(sheetValue('eligibility', expected.eligibility, language));
        expect(readSheetReasons(String(statusAt(sheet, header('eligibilityReasons'), row)))).toEqual(expected.eligibilityReasons);
        expect(statusAt(sheet, header('response'), row)).toBe(sheetValue('response', expected.response, language));
        expect(statusAt(sheet, header('appeal'), row)).toBe(sheetValue('appeal', expected.appeal, language));
        expect(statusAt(sheet, header('odrDefect'), row)).toBe(sheetValue('odrDefect', expected.odrDefect ? 'yes' : 'no', language));
        expect(readSheetValue('nextAction', String(statusAt(sheet, header('nextAction'), row)))).toBe(expected.nextAction);
      }
      expect(result.summary).toEqual(odrSummary(items.map((i) => i.row!), DEFAULT_POLICY, AS_OF, 'America/Los_Angeles'));
      // The language is the workbook's now: the next flagging (by anyone) writes it again.
      expect(model.settings.get('atoz.sheetLanguage')).toBe(language);
      // Every as-flagged count on the dashboard compares with the words the column holds.
      const dashboard = model.sheet(DASHBOARD_SHEET_NAME)!;
      const countifs = [...dashboard.formulas.values()].filter((f) => f.startsWith('=COUNTIF('));
      expect(countifs.some((f) => f.includes(`"${sheetValue('delivery', 'delivered_on_time', language)}"`))).toBe(true);
      expect(sheet.conditionalFormats.some((cf) => cf.formula.includes(`="${sheetValue('response', 'responded', language)}"`))).toBe(true);
    });
  }

  it('flags in Office\'s display language the first time, then in the workbook\'s language whoever flags', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    await connectExcel({ ...mockHost(model, CLOCK), displayLanguage: 'zh-HK' }).flagRows({ asOf: AS_OF });
    expect(model.settings.get('atoz.sheetLanguage')).toBe('zh-TW');
    const colleague = await connectExcel({ ...mockHost(model, CLOCK), displayLanguage: 'en-US' }).flagRows({ asOf: AS_OF });
    expect(colleague.language).toBe('zh-TW');
    expect(headerRow(model.sheets[0]!)).toContain('配送狀態');
  });

  it('frames the sheet for reading: wrapped headers, frozen header and id, helpers grouped, the dashboard on one page', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, language: 'zh-CN' });
    const sheet = model.sheets[0]!;
    const first = columnOf(sheet, columnHeader('delivery', 'zh-CN'));
    const helpers = sheetColumns('zh-CN').flatMap((c, i) => (c.hidden ? [first + i] : []));
    expect(sheet.wrapped.some((rect) => rect.r1 === 0 && rect.c1 <= first && rect.c2 >= first)).toBe(true);
    expect(sheet.rowHeights.get(0)).toBeGreaterThan(15);
    expect(sheet.frozen).toEqual({ rows: 1, columns: columnOf(sheet, 'amazon-order-id') + 1 });
    expect(sheet.columnGroups).toEqual([[Math.min(...helpers), Math.max(...helpers)]]);
    const dashboard = model.sheet(DASHBOARD_SHEET_NAME)!;
    expect(dashboard.pageLayout).toMatchObject({ orientation: 'Landscape', zoom: { horizontalFitToPages: 1, verticalFitToPages: 1 } });
    expect(dashboard.pageLayout.printArea).toMatch(/^A1:R\d+$/);
    // Flagging again leaves the user's layout alone: no second outline level.
    await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, language: 'zh-CN' });
    expect(sheet.columnGroups).toHaveLength(1);
  });

  it('re-flagging in another language rewrites our columns: zh-TW then en equals en', async () => {
    const once = workbookOf(rowsOfText(EXAMPLE));
    await connectExcel(mockHost(once, CLOCK)).flagRows({ asOf: AS_OF, language: 'en' });
    const twice = workbookOf(rowsOfText(EXAMPLE));
    await connectExcel(mockHost(twice, CLOCK)).flagRows({ asOf: AS_OF, language: 'zh-TW' });
    const zh = snapshot(twice);
    const back = await connectExcel(mockHost(twice, CLOCK)).flagRows({ asOf: AS_OF, language: 'en' });
    expect(back.rulesReplaced).toBe(RULE_SPECS.length);
    expect(snapshot(twice)).toEqual(snapshot(once));
    expect(zh).not.toEqual(snapshot(once));
    // And back again: en then zh-TW equals zh-TW.
    await connectExcel(mockHost(twice, CLOCK)).flagRows({ asOf: AS_OF, language: 'zh-TW' });
    expect(snapshot(twice)).toEqual(zh);
  });
});

/** What a reader sees of a workbook: every cell and formula of every sheet, and the rules. */
function snapshot(model: WorkbookModel) {
  return model.sheets.map((sheet) => {
    const rect = sheet.usedRect();
    return {
      name: sheet.name,
      cells: sheet.read(rect),
      formulas: [...sheet.formulas.entries()].sort(),
      rules: sheet.conditionalFormats.map((cf) => [cf.rect, cf.formula]),
      hidden: [...sheet.hiddenColumns].sort(),
    };
  });
}

describe('flagging the example sheet (dates and formats)', () => {
  it('writes real Excel dates: deadlines on the sheet clock, calendar days as whole-day serials', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF });
    const sheet = model.sheets[0]!;
    // Row 5: claim 2024-03-13 16:00 PDT + 72 h = 2024-03-16 23:00 UTC = 2024-03-17 07:00 in Shanghai.
    expect(statusAt(sheet, 'Response due', 5)).toBeCloseTo(excelSerial(Date.UTC(2024, 2, 17, 7)), 8);
    // Max EDD 2024-03-01 + 90 days = 2024-05-30.
    expect(statusAt(sheet, 'Claim window last day', 5)).toBe(excelSerial(Date.UTC(2024, 4, 30)));
    // Row 8: granted, decided 2024-02-20 + 30 days = 2024-03-21.
    expect(statusAt(sheet, 'Appeal last day', 8)).toBe(excelSerial(Date.UTC(2024, 2, 21)));
    const dueColumn = columnOf(sheet, 'Response due');
    expect(sheet.numberFormatAt(4, dueColumn)).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.numberFormatAt(4, columnOf(sheet, 'Claim window last day'))).toBe('yyyy-mm-dd');
    expect(sheet.numberFormatAt(4, columnOf(sheet, 'Delivery'))).toBe('@');
    // Helpers are hidden, statuses are not.
    expect(sheet.hiddenColumns.has(columnOf(sheet, 'Late from [atoz helper]'))).toBe(true);
    expect(sheet.hiddenColumns.has(dueColumn)).toBe(false);
    // Row 4 (not delivered, max EDD 2024-03-06, Los Angeles): late from 2024-03-10 00:00 PST = 16:00 in Shanghai.
    expect(statusAt(sheet, 'Late from [atoz helper]', 4)).toBeCloseTo(excelSerial(Date.UTC(2024, 2, 10, 16)), 8);
  });

  it('reads typed dates in the 1900 and 1904 date systems, detected from the workbook, as the same days', async () => {
    const text = workbookOf(rowsOfText(EXAMPLE));
    await connectExcel(mockHost(text, CLOCK)).flagRows({ asOf: AS_OF });
    const textSheet = text.sheets[0]!;
    for (const system of [1900, 1904] as const) {
      const model = workbookOf(withDateSerials(rowsOfText(EXAMPLE), system));
      model.dateSystem = system;
      const sheet = model.sheets[0]!;
      expect(typeof sheet.getValue(1, columnOf(sheet, 'latest-delivery-date'))).toBe('number');
      const result = await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF });
      expect(result.dateSystem).toBe(system);
      expect(result.errors).toEqual([]);
      for (let row = 2; row <= 11; row++) {
        for (const header of ['Delivery', 'Eligibility', 'Response', 'Appeal', 'Next action']) {
          expect(statusAt(sheet, header, row), `${system}: ${header} on row ${row}`).toBe(statusAt(textSheet, header, row));
        }
      }
      // Dates are written in the workbook's own system.
      expect(statusAt(sheet, 'Claim window last day', 5)).toBe(excelSerial(Date.UTC(2024, 4, 30), system));
    }
  });

  it('in a 1904 workbook, "never" (a filed claim\'s eligibility) is a date Excel shows: 9999-12-31, not ####', async () => {
    for (const system of [1900, 1904] as const) {
      const model = workbookOf(withDateSerials(rowsOfText(EXAMPLE), system));
      model.dateSystem = system;
      await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF });
      const sheet = model.sheets[0]!;
      const until = columnOf(sheet, 'Eligible until [atoz helper]');
      const shown = Array.from({ length: 10 }, (_, i) => sheet.textAt(i + 1, until, system));
      // Row 5 holds a filed claim: eligible for good.
      expect(shown[3], `${system}`).toBe('9999-12-31 00:00');
      for (const text of shown) expect(text, `${system}`).not.toMatch(/#/);
    }
  });

  it('lets the workbook setting override the detected date system', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    const excel = connectExcel(mockHost(model, CLOCK));
    await excel.saveDateSystemOverride(1904);
    expect(excel.loadDateSystemOverride()).toBe(1904);
    expect((await excel.flagRows({ asOf: AS_OF })).dateSystem).toBe(1904);
    await excel.saveDateSystemOverride(undefined);
    expect((await excel.flagRows({ asOf: AS_OF })).dateSystem).toBe(1900);
  });
});

describe('text written into cells never becomes a formula', () => {
  it('an error message that starts with = is written as text (apostrophe), not run', async () => {
    const rows = rowsOfText(EXAMPLE);
    rows[0]![rows[0]!.indexOf('claim-reason')] = '=reason';
    rows[4]![rows[0]!.indexOf('=reason')] = '=HYPERLINK("http://evil.example","x")';
    const model = workbookOf(rows);
    const result = await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF, columnOverrides: { claimReason: '=reason' } });
    expect(result.errors).toEqual([expect.objectContaining({ line: 5, column: '=reason' })]);
    const sheet = model.sheets[0]!;
    const at = columnOf(sheet, 'Row errors');
    const text = sheet.getValue(4, at);
    expect(text).toMatch(/^=reason: "=HYPERLINK/);
    expect(sheet.formulaAt(4, at)).toBeUndefined();
    expect(sheet.quotePrefixed.has(`4,${at}`)).toBe(true);
    expect(sheet.numberFormatAt(4, at)).toBe('@');
    // No status cell anywhere holds a formula.
    for (const key of sheet.formulas.keys()) expect(Number(key.split(',')[1])).toBeLessThan(rows[0]!.length);
  });
});

describe('flagging again', () => {
  it('reuses the status block, replaces our rules without duplicates and keeps the user\'s own rules', async () => {
    const rows = rowsOfText(EXAMPLE);
    rows[0]!.push('Response'); // a user's own column that happens to share a status header
    rows[1]!.push('my note');
    const model = workbookOf(rows);
    const sheet = model.sheets[0]!;
    const userRect = { r1: 1, c1: 0, r2: 10, c2: 0 };
    sheet.conditionalFormats.push({ id: 999, rect: userRect, type: 'Custom', formula: '=$A2="111-0000004-0000004"', fill: '#00FF00' });
    const excel = connectExcel(mockHost(model, CLOCK));

    const first = await excel.flagRows({ asOf: AS_OF });
    const width = headerRow(sheet).length;
    expect(width).toBe(rows[0]!.length + SHEET_COLUMNS.length);
    const ours = () => sheet.conditionalFormats.filter((cf) => cf.formula.includes('N("atoz-guard")'));
    expect(first.rulesReplaced).toBe(0);
    expect(ours()).toHaveLength(RULE_SPECS.length);
    // A user's rule over one of our columns is kept too.
    const statusRect = { r1: 1, c1: columnOf(sheet, 'Delivery'), r2: 10, c2: columnOf(sheet, 'Delivery') };
    sheet.conditionalFormats.push({ id: 1000, rect: statusRect, type: 'Custom', formula: '=$S2="late"', fill: '#0000FF' });

    const second = await excel.flagRows({ asOf: AS_OF + 48 * HOUR });
    expect(second.rulesReplaced).toBe(RULE_SPECS.length);
    expect(headerRow(sheet)).toHaveLength(width);
    expect(ours()).toHaveLength(RULE_SPECS.length);
    expect(sheet.conditionalFormats.filter((cf) => cf.id >= 999).map((cf) => cf.id)).toEqual([999, 1000]);
    expect(sheet.getValue(1, rows[0]!.length - 1)).toBe('my note');
    const dashboard = model.sheet(DASHBOARD_SHEET_NAME)!;
    expect(model.sheets.filter((s) => s.name === DASHBOARD_SHEET_NAME)).toHaveLength(1);
    expect(dashboard.charts).toHaveLength(1);
  });
});

describe('the live conditional formats and the dashboard written from the plan', () => {
  it('one rule per state and column over the data rows, and every dashboard formula and the chart', async () => {
    const model = workbookOf(rowsOfText(EXAMPLE));
    const result = await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF });
    const sheet = model.sheets[0]!;
    const plan = buildSheetPlan({
      policy: DEFAULT_POLICY,
      dataSheetName: 'Orders',
      headerRow: 1,
      lastDataRow: 11,
      columnAt: consecutiveColumns(columnOf(sheet, 'Delivery')),
      clockZone: CLOCK,
      dateSystem: 1900,
      asOf: result.asOf,
    });
    const rules = sheet.conditionalFormats.map((cf) => ({ formula: cf.formula, rect: cf.rect, fill: cf.fill, font: cf.fontColor }));
    expect(rules).toEqual(
      plan.rules.map((rule) => {
        const a = parseRangeAddress(rule.range);
        return { formula: rule.formula, rect: { r1: a.firstRow - 1, c1: a.firstColumn, r2: a.lastRow - 1, c2: a.lastColumn }, fill: rule.fill, font: rule.fontColor };
      }),
    );
    // Late on the Delivery column reads the "Late from" helper of the same row.
    const late = plan.rules.find((r) => r.id === 'delivery.late')!;
    expect(late.range).toBe(`${cellAddress(columnOf(sheet, 'Delivery'), 2)}:${cellAddress(columnOf(sheet, 'Delivery'), 11)}`);
    expect(late.formula).toContain(`$${cellAddress(columnOf(sheet, 'Late from [atoz helper]'), 2)}`);

    const dashboard = model.sheet(DASHBOARD_SHEET_NAME)!;
    for (const cell of plan.dashboard.cells) {
      if (cell.formula) expect(dashboard.formulaAt(cell.row - 1, cell.column), cell.id).toBe(cell.formula);
      else if (cell.id === undefined && typeof cell.value === 'string') expect(dashboard.getValue(cell.row - 1, cell.column)).toBe(cell.value);
      if (cell.numberFormat) expect(dashboard.numberFormatAt(cell.row - 1, cell.column)).toBe(cell.numberFormat);
    }
    expect(dashboard.formulaAt(11, 1)).toBe(`=COUNTIFS('Orders'!$AE$2:$AE$11,"<="&NOW())`);
    const chart = dashboard.charts[0]!;
    const source = parseRangeAddress(plan.dashboard.chart.dataRange);
    expect(chart).toMatchObject({ name: 'atoz-claims-chart', type: 'ColumnStacked/Columns', title: plan.dashboard.chart.title });
    expect(chart.source).toEqual({ r1: source.firstRow - 1, c1: source.firstColumn, r2: source.lastRow - 1, c2: source.lastColumn });
  });
});

describe('empty and sparse sheets', () => {
  it('a header without data still gets its status block, rules and dashboard', async () => {
    const model = workbookOf([rowsOfText(EXAMPLE)[0]!]);
    const result = await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF });
    expect(result).toMatchObject({ rowsFlagged: 0, errors: [], chunks: 0, syncs: 3 });
    expect(headerRow(model.sheets[0]!)).toContain('Next action');
    expect(model.sheets[0]!.conditionalFormats).toHaveLength(RULE_SPECS.length);
    expect(model.sheet(DASHBOARD_SHEET_NAME)).toBeDefined();
  });

  it('blank rows inside the table stay blank, not errors', async () => {
    const rows = rowsOfText(EXAMPLE);
    rows.splice(3, 0, []);
    const model = workbookOf(rows);
    const result = await connectExcel(mockHost(model, CLOCK)).flagRows({ asOf: AS_OF });
    expect(result.errors).toEqual([]);
    expect(result.rowsFlagged).toBe(10);
    expect(statusAt(model.sheets[0]!, 'Delivery', 4)).toBe('');
    expect(statusAt(model.sheets[0]!, 'Delivery', 5)).not.toBe('');
  });
});
