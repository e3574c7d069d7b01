import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { openReport } from '../../shared/report/read-report.js';
import { SHEET_COLUMNS } from '../../shared/sheet/columns.js';
import { buildSheetPlan, consecutiveColumns } from '../../shared/sheet/plan.js';
import { isOurRuleFormula, RULE_MARKER, RULE_SPECS } from '../../shared/sheet/rules.js';
import { reportToXlsx } from '../../shared/sheet/xlsx/export-report.js';
import { policy } from '../helpers/rows.js';
import { exampleSheetAround } from '../helpers/sample-sheets.js';

const planFor = (lastDataRow: number, p = DEFAULT_POLICY) =>
  buildSheetPlan({ policy: p, dataSheetName: "Bob's orders", headerRow: 3, lastDataRow, columnAt: consecutiveColumns(10), clockZone: 'UTC', dateSystem: 1900, asOf: 0 });

describe('the sheet plan', () => {
  it('places the status and helper columns, one rule per state and column, over the data rows', () => {
    const plan = planFor(103);
    expect(plan.columns.map((c) => c.letter).slice(0, 3)).toEqual(['K', 'L', 'M']);
    expect(plan.columns.filter((c) => c.hidden).every((c) => c.header.endsWith('[atoz helper]'))).toBe(true);
    expect(new Set(plan.rules.map((r) => r.id)).size).toBe(RULE_SPECS.length);
    expect(plan.rules.find((r) => r.id === 'delivery.late')).toMatchObject({ range: 'K4:K103', formula: `=AND(ISNUMBER($W4),NOW()>=$W4,${RULE_MARKER})` });
    expect(plan.rules.find((r) => r.id === 'response.due_soon')!.formula).toBe(`=AND(ISNUMBER($X4),NOW()<=$X4,NOW()>=$X4-24/24,${RULE_MARKER})`);
    expect(plan.rules.every((r) => isOurRuleFormula(r.formula))).toBe(true);
  });

  it('takes the numbers from the policy', () => {
    const plan = planFor(10, policy({ dueSoonHours: 12, odrLagDays: 7, odrWindowDays: 30, odrTarget: 0.02 }));
    expect(plan.rules.find((r) => r.id === 'response.due_soon')!.formula).toContain('-12/24');
    const byId = new Map(plan.dashboard.cells.filter((c) => c.id).map((c) => [c.id, c]));
    expect(byId.get('odr.windowStart')!.formula).toBe('=TODAY()-36');
    expect(byId.get('odr.windowEnd')!.formula).toBe('=TODAY()-7');
    expect(byId.get('odr.target')!.value).toBe(0.02);
    expect(byId.get('response.due_soon')!.formula).toContain('(NOW()+12/24)');
  });

  it('dashboard formulas read the data sheet\'s rows through quoted, absolute ranges; ids are unique', () => {
    const plan = planFor(103);
    const ids = plan.dashboard.cells.flatMap((c) => (c.id ? [c.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    const late = plan.dashboard.cells.find((c) => c.id === 'delivery.late')!;
    expect(late.formula).toBe(`=COUNTIFS('Bob''s orders'!$W$4:$W$103,"<="&NOW())`);
    const odr = plan.dashboard.cells.find((c) => c.id === 'odr.afn.defects')!;
    expect(odr.formula).toContain(`'Bob''s orders'!$AD$4:$AD$103,1`);
    expect(odr.formula).toContain('"AFN"');
  });

  it('with no data rows the ranges still cover one row', () => {
    expect(planFor(3).rules[0]!.range).toBe('K4');
  });

  it('recognises our rules however Excel spaces or cases them, and nobody else\'s', () => {
    expect(isOurRuleFormula('=AND($A2>1, n("atoz-guard") = 0)')).toBe(true);
    expect(isOurRuleFormula('=$A2="late"')).toBe(false);
    expect(isOurRuleFormula(undefined)).toBe(false);
  });
});

describe('the xlsx renderer (exceljs)', () => {
  it('writes the data as text, the status block with formats and hidden helpers, the rules and the dashboard', async () => {
    const now = Date.parse('2024-03-15T19:00:00Z');
    const text = exampleSheetAround(now).replace('Phone Case', '=1+1');
    const exported = await reportToXlsx(await openReport(text, { policy: DEFAULT_POLICY }), { policy: DEFAULT_POLICY, asOf: now, clockZone: 'UTC' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.buffer as unknown as ArrayBuffer);
    const data = book.getWorksheet('Orders')!;
    const headers = (data.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(-SHEET_COLUMNS.length)).toEqual(SHEET_COLUMNS.map((c) => c.header));
    // A cell that looks like a formula stays a string.
    const product = headers.indexOf('product-name') + 1;
    expect(data.getCell(4, product).value).toBe('=1+1');
    // Dates as real dates with their formats; helpers hidden.
    const due = headers.indexOf('Response due') + 1;
    expect(data.getCell(5, due).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(data.getCell(5, due).value).toBeInstanceOf(Date);
    expect(data.getColumn(headers.indexOf('Late from [atoz helper]') + 1).hidden).toBe(true);
    expect(data.getColumn(due).hidden).toBe(false);
    // The rules, each marked as ours.
    const rules = (data as unknown as { conditionalFormattings: { ref: string; rules: { formulae: string[] }[] }[] }).conditionalFormattings;
    expect(rules).toHaveLength(RULE_SPECS.length);
    expect(rules.every((cf) => isOurRuleFormula(cf.rules[0]!.formulae[0]))).toBe(true);
    // The dashboard: every planned formula, and the note that replaces the chart.
    const dashboard = book.getWorksheet(exported.plan.dashboard.sheetName)!;
    for (const cell of exported.plan.dashboard.cells.filter((c) => c.formula)) {
      expect((dashboard.getCell(cell.row, cell.column + 1).value as ExcelJS.CellFormulaValue).formula).toBe(cell.formula!.slice(1));
    }
    expect(JSON.stringify(dashboard.getSheetValues())).toContain('insert a stacked column chart');
    expect(exported.summary.orders).toBeGreaterThan(0);
    expect(exported.errors).toEqual([]);
  });
});

describe('the exported workbook is framed for reading', () => {
  it('wrapped headers, header row and order id frozen, helpers grouped and hidden, the dashboard on one landscape page', async () => {
    const now = Date.parse('2024-03-15T12:00:00Z');
    const exported = await reportToXlsx(await openReport(exampleSheetAround(now), { policy: DEFAULT_POLICY }), {
      policy: DEFAULT_POLICY,
      asOf: now,
      clockZone: 'Asia/Shanghai',
      language: 'zh-CN',
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.buffer as unknown as ArrayBuffer);
    const data = book.worksheets[0]!;
    expect(data.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 1 }); // amazon-order-id is column A
    const plan = exported.plan;
    const delivery = plan.columns.find((c) => c.key === 'delivery')!;
    expect(data.getCell(1, delivery.index + 1).alignment).toMatchObject({ wrapText: true });
    expect(data.getRow(1).height).toBe(plan.frame.headerHeight);
    // Wide enough for 不符合条件（可抗辩） (10 CJK characters = 20).
    expect(data.getColumn(plan.columns.find((c) => c.key === 'eligibility')!.index + 1).width).toBeGreaterThanOrEqual(20);
    for (const column of plan.columns.filter((c) => c.hidden)) {
      expect(data.getColumn(column.index + 1)).toMatchObject({ hidden: true, outlineLevel: 1 });
    }
    expect(data.getCell(2, plan.columns.find((c) => c.key === 'claimWindowLastDay')!.index + 1).numFmt ?? 'yyyy/m/d').toBe('yyyy/m/d');
    const dashboard = book.worksheets[1]!;
    expect(dashboard.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 1, printArea: plan.dashboard.print.area });
    // The column guide explains every status column in the workbook's language.
    const texts: string[] = [];
    dashboard.eachRow((row) => row.eachCell((cell) => typeof cell.value === 'string' && texts.push(cell.value)));
    expect(texts).toContain('列说明');
    expect(texts).toContain('可申诉至');
  });
});
