import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readSheetValue, sheetValue } from '../../shared/i18n/sheet-vocabulary.js';
import { NEXT_ACTION_TEXT } from '../../shared/i18n/status-labels.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { odrSummary } from '../../shared/rules/odr-summary.js';
import type { EvaluatedRow } from '../../shared/schemas/statuses.js';
import { cellAddress } from '../../shared/sheet/address.js';
import { columnHeader, SHEET_COLUMNS } from '../../shared/sheet/columns.js';
import { buildSheetPlan, consecutiveColumns, DASHBOARD_SHEET_NAME } from '../../shared/sheet/plan.js';
import { isOurRuleFormula, RULE_SPECS, TONES } from '../../shared/sheet/rules.js';
import { readSheet } from '../helpers/sample-sheets.js';
import { expectedFigures, expectedRuleTruth } from '../helpers/sheet-expectations.js';
import type { FakeInit } from './fake-excel/browser.js';
import type { RenderOptions } from './fake-excel/render.js';
import { chromiumAvailable, CHROMIUM } from './fake-excel/harness.js';
import { useServedPane } from './fake-excel/suite.js';
import { rowsOfText } from './sheets.js';

/**
 * The built task pane in headless Chromium, against the fake Excel host (load/sync semantics, 5 MB
 * payload check): flag the example sheet, check the cells, rules and dashboard written, switch the
 * language, read the help of a row, validate settings, pick a missing column. Screenshots go to a temp
 * folder, or to docs/ with `npm run docs:screenshots` (so a test run never changes tracked files).
 */
const EXAMPLE = readFileSync(fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url)), 'utf8');
const DOCS = process.env.ATOZ_UPDATE_DOCS === '1' ? fileURLToPath(new URL('../../docs/', import.meta.url)) : mkdtempSync(join(tmpdir(), 'atoz-shots-'));
const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');
const ZONE = 'America/Los_Angeles';
const SHEET = 'Orders';
/** An Excel task pane is about this size. */
const PANE = { width: 360, height: 900 };

const available = chromiumAvailable();
if (!available && process.env.CI !== 'true') {
  console.warn(`\n!!! ${CHROMIUM} is missing: the task pane browser test is SKIPPED (apt-get install -y chromium). CI fails instead. !!!\n`);
}

describe('Chromium is installed', () => {
  it(`${CHROMIUM} exists (apt-get install -y chromium)`, (ctx) => {
    // In CI a missing Chromium fails; locally it skips the browser tests, and this test says why.
    if (!available && process.env.CI !== 'true') ctx.skip(`${CHROMIUM} is missing and CI is not set: apt-get install -y chromium to run the browser tests`);
    expect(available).toBe(true);
  });
});

describe.runIf(available)(`the task pane in Chromium with a fake Excel${available ? '' : ` (skipped: ${CHROMIUM} is missing)`}`, { timeout: 120_000 }, () => {
  const pane = useServedPane('atoz-taskpane-');

  /** A pane at AS_OF on a fake computer in Los Angeles, showing `init`'s workbook. */
  async function openPane(init: Omit<FakeInit, 'timeZone'>): Promise<{ context: BrowserContext; page: Page }> {
    const context = await pane.browser.newContext({ viewport: PANE, locale: 'en-US', timezoneId: ZONE, deviceScaleFactor: 1 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: pane.site.origin });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.clock.setFixedTime(AS_OF);
    await page.addInitScript((value) => (window.__ATOZ_FAKE_INIT__ = value), { timeZone: ZONE, ...init } satisfies FakeInit);
    await page.goto(`${pane.site.origin}/taskpane.html`);
    await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.ready);
    await page.getByTestId('flag-button').waitFor();
    expect(errors).toEqual([]);
    return { context, page };
  }

  it('flags the example sheet: status cells, live rules, dashboard; then Chinese, row help and drafts', async () => {
    const { context, page } = await openPane({ sheets: [{ name: SHEET, rows: rowsOfText(EXAMPLE) }], displayLanguage: 'en-US' });
    const fake = () => page.evaluateHandle(() => window.__ATOZ_FAKE_EXCEL__!);
    const { headers, items } = await readSheet(EXAMPLE, DEFAULT_POLICY);
    const expected = new Map<number, EvaluatedRow>(items.map((item) => [item.line, evaluateRow(item.row!, DEFAULT_POLICY, AS_OF, item.line)]));

    // Flag rows, through the button.
    expect(await page.getByTestId('flag-button').textContent()).toBe('Flag rows');
    await page.getByTestId('flag-button').click();
    await page.getByTestId('flag-summary').waitFor();
    expect(await page.getByTestId('rows-flagged').textContent()).toBe(`${items.length} rows flagged on "${SHEET}".`);

    // The status cells: beside the data, what the shared engine says for every row.
    const written = await (await fake()).evaluate((excel, sheet) => {
      const header = (name: string) => excel.column(sheet, name);
      const columns = { delivery: header('Delivery'), response: header('Response'), appeal: header('Appeal'), nextAction: header('Next action'), due: header('Response due') };
      const rows: Record<number, Record<string, unknown>> = {};
      for (let row = 2; row <= 11; row++) {
        rows[row] = Object.fromEntries(Object.entries(columns).map(([key, column]) => [key, excel.cell(sheet, row, column)]));
      }
      return { columns, rows, dueFormat: excel.numberFormat(sheet, 5, columns.due), hidden: excel.hiddenColumns(sheet) };
    }, SHEET);
    expect(written.columns.delivery).toBe(headers.length); // first status column right after the data
    for (const [line, result] of expected) {
      expect(written.rows[line], `row ${line}`).toEqual({
        delivery: sheetValue('delivery', result.delivery, 'en'),
        response: sheetValue('response', result.response, 'en'),
        appeal: sheetValue('appeal', result.appeal, 'en'),
        nextAction: sheetValue('nextAction', result.nextAction, 'en'),
        due: written.rows[line]!.due, // a serial, checked below
      });
    }
    expect(typeof written.rows[5]!.due).toBe('number');
    expect(written.dueFormat).toBe('yyyy-mm-dd hh:mm');
    expect(written.hidden).toEqual(SHEET_COLUMNS.flatMap((c, i) => (c.hidden ? [headers.length + i] : [])));

    // The live rules: ours (marked), one per state and column, true exactly where the engine says so now.
    const rules = await (await fake()).evaluate((excel, sheet) => {
      const list = excel.conditionalFormats(sheet);
      const truth = (index: number) => Array.from({ length: 10 }, (_, i) => excel.ruleTruth(sheet, index, i + 2));
      return { list, truth: list.map((_, index) => truth(index)) };
    }, SHEET);
    expect(rules.list.map((r) => r.formula).every(isOurRuleFormula)).toBe(true);
    expect(rules.list).toHaveLength(RULE_SPECS.length);
    RULE_SPECS.forEach((spec, index) => {
      expect(rules.list[index]!.fill).toBe(TONES[spec.tone].fill);
      const lines = [...items].sort((a, b) => a.line - b.line);
      expect(rules.truth[index], spec.id).toEqual(lines.map((item) => expectedRuleTruth(item.row!, DEFAULT_POLICY, AS_OF)[spec.id]));
    });
    expect(rules.truth.flat().some(Boolean)).toBe(true); // the sample has late and overdue rows

    // The dashboard: its formulas, evaluated now, give the engine's counts and ODR.
    const plan = buildSheetPlan({
      policy: DEFAULT_POLICY,
      dataSheetName: SHEET,
      headerRow: 1,
      lastDataRow: 11,
      columnAt: consecutiveColumns(headers.length),
      clockZone: ZONE,
      dateSystem: 1900,
      asOf: AS_OF,
    });
    const address = (id: string) => {
      const cell = plan.dashboard.cells.find((c) => c.id === id)!;
      return cellAddress(cell.column, cell.row);
    };
    const ids = ['rows.evaluated', 'delivery.late', 'delivery.at_risk', 'response.overdue', 'response.due', 'odr.all.orders', 'odr.all.defects', 'odr.meetsTarget'];
    const dashboard = await (await fake()).evaluate(
      (excel, { sheet, cells }) => ({
        sheets: excel.sheetNames(),
        shown: Object.fromEntries(cells.map(([id, at]) => [id, excel.shown(sheet, at)])),
        charts: excel.charts(sheet).map((c) => ({ name: c.name, title: c.title })),
        syncs: excel.syncLog(),
      }),
      { sheet: DASHBOARD_SHEET_NAME, cells: ids.map((id) => [id, address(id)] as const) },
    );
    const count = (test: (r: EvaluatedRow) => boolean) => [...expected.values()].filter(test).length;
    const odr = odrSummary(items.map((i) => i.row!), DEFAULT_POLICY, AS_OF, ZONE);
    expect(dashboard.sheets).toEqual([SHEET, DASHBOARD_SHEET_NAME]);
    expect(dashboard.shown).toEqual({
      'rows.evaluated': items.length,
      'delivery.late': count((r) => r.delivery === 'late'),
      'delivery.at_risk': count((r) => r.delivery === 'at_risk'),
      'response.overdue': count((r) => r.response === 'overdue'),
      'response.due': count((r) => r.response === 'due'),
      'odr.all.orders': odr.orders,
      'odr.all.defects': odr.ordersWithDefects,
      'odr.meetsTarget': odr.meetsTarget ? 'Yes' : 'No',
    });
    expect(dashboard.charts).toEqual([{ name: 'atoz-claims-chart', title: plan.dashboard.chart.title }]);
    expect(dashboard.syncs.every((s) => s.requestBytes < 5 * 1024 * 1024 && s.responseBytes < 5 * 1024 * 1024)).toBe(true);

    // The summary shows the ODR against its target.
    expect(await page.getByTestId('odr').textContent()).toContain('(target: below 1.00%)');
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, 'taskpane.png'), fullPage: true });
    await screenshotSheet(context, page, DASHBOARD_SHEET_NAME, join(DOCS, 'dashboard.png'), { maxRows: 46 });
    const sheetColumns = await (await fake()).evaluate(
      (excel, { sheet, names }) => names.map((name) => excel.column(sheet, name)),
      { sheet: SHEET, names: ['amazon-order-id', 'latest-delivery-date', 'delivered-date', 'claim-date', 'claim-status', 'Delivery', 'Response', 'Response due', 'Appeal', 'Appeal last day', 'Next action'] },
    );
    await screenshotSheet(context, page, SHEET, join(DOCS, 'sheet.png'), { columns: sheetColumns });

    // Row help follows the selection: row 6 is order …0005, whose claim is overdue.
    await page.getByTestId('tab-row-help').click();
    await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.select(6, 3));
    const row6 = expected.get(6)!;
    expect(row6.response).toBe('overdue');
    await nextActionShows(page, NEXT_ACTION_TEXT[row6.nextAction].en.label);
    expect(await page.getByTestId('next-action-advice').textContent()).toBe(NEXT_ACTION_TEXT[row6.nextAction].en.advice);
    await page.getByTestId('copy-response').click();
    await page.getByTestId('draft-text').waitFor();
    const response = await page.evaluate(() => navigator.clipboard.readText());
    expect(response).toContain('Order 111-0000005-0000005: response to the A-to-z Guarantee claim');
    expect(response).toContain('Claim filed: 2024-03-12 08:00 (America/Los_Angeles)');
    expect(await page.getByTestId('draft-text').inputValue()).toBe(response);
    await page.screenshot({ path: join(DOCS, 'taskpane-row-help.png'), fullPage: true });

    // Another language: every text changes, the row's help too, and the choice is remembered for this user.
    await page.getByTestId('language').selectOption('zh-CN');
    expect(await page.getByTestId('tab-flag').textContent()).toMatch(/^(标记行)+$/); // Fluent repeats a tab's text to reserve its bold width
    expect(await page.getByTestId('row-help-button').textContent()).toBe('查看所选行的帮助');
    await nextActionShows(page, NEXT_ACTION_TEXT[row6.nextAction]['zh-CN'].label);
    expect(await page.getByTestId('next-action-advice').textContent()).toBe(NEXT_ACTION_TEXT[row6.nextAction]['zh-CN'].advice);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.evaluate(() => Object.values({ ...localStorage }).join())).toContain('"locale":"zh-CN"');

    // Another row: order …0007 was decided against the seller and can still be appealed.
    await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.select(8));
    const row8 = expected.get(8)!;
    expect(row8.appeal).toBe('open');
    await nextActionShows(page, NEXT_ACTION_TEXT[row8.nextAction]['zh-CN'].label);
    await page.getByTestId('copy-appeal').click();
    await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('[data-testid="draft-text"]')?.value.includes('appeal'));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Order 111-0000007-0000007: appeal of the A-to-z Guarantee decision of 2024-02-20 00:00');

    // The header row has no help of its own.
    await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.select(1));
    await page.getByTestId('row-help-outside').waitFor();
    expect(await page.getByTestId('row-help-outside').textContent()).toBe('这是表头行：请选择订单行中的单元格。');

    await page.getByTestId('tab-flag').click();
    expect(await page.getByTestId('flag-button').textContent()).toBe('标记行');
    expect(await page.getByTestId('rows-flagged').textContent()).toBe(`已标记“${SHEET}”中的 ${items.length} 行。`);
    await context.close();
  });

  it('a Taiwanese team\'s workbook: flagged in zh-TW from Office\'s language, every cell and figure the engine\'s; then English from Settings', async () => {
    const { context, page } = await openPane({ sheets: [{ name: SHEET, rows: rowsOfText(EXAMPLE) }], displayLanguage: 'zh-TW' });
    const fake = () => page.evaluateHandle(() => window.__ATOZ_FAKE_EXCEL__!);
    const { headers, items } = await readSheet(EXAMPLE, DEFAULT_POLICY);
    await page.getByTestId('flag-button').click();
    await page.getByTestId('flag-summary').waitFor();
    const h = (key: Parameters<typeof columnHeader>[0]) => columnHeader(key, 'zh-TW');
    const names = [h('delivery'), h('eligibility'), h('response'), h('appeal'), h('nextAction'), h('odrDefect')];
    const written = await (await fake()).evaluate(
      (excel, { sheet, names }) => {
        const columns = names.map((name) => excel.column(sheet, name));
        return Array.from({ length: 10 }, (_, i) => columns.map((column) => excel.cell(sheet, i + 2, column)));
      },
      { sheet: SHEET, names },
    );
    for (const item of items) {
      const r = evaluateRow(item.row!, DEFAULT_POLICY, AS_OF, item.line);
      expect(written[item.line - 2], `row ${item.line}`).toEqual([
        sheetValue('delivery', r.delivery, 'zh-TW'),
        sheetValue('eligibility', r.eligibility, 'zh-TW'),
        sheetValue('response', r.response, 'zh-TW'),
        sheetValue('appeal', r.appeal, 'zh-TW'),
        sheetValue('nextAction', r.nextAction, 'zh-TW'),
        sheetValue('odrDefect', r.odrDefect ? 'yes' : 'no', 'zh-TW'),
      ]);
    }
    // Every dashboard figure the fake's formula evaluator shows equals the engine's (clock fixed at AS_OF).
    const plan = buildSheetPlan({
      policy: DEFAULT_POLICY,
      dataSheetName: SHEET,
      headerRow: 1,
      lastDataRow: 11,
      columnAt: consecutiveColumns(headers.length),
      clockZone: ZONE,
      dateSystem: 1900,
      asOf: AS_OF,
      language: 'zh-TW',
    });
    const figures = plan.dashboard.cells.filter((c) => c.id && c.formula && !['now', 'odr.windowStart', 'odr.windowEnd'].includes(c.id));
    const shown = await (await fake()).evaluate(
      (excel, { sheet, cells }) => Object.fromEntries(cells.map(([id, at]) => [id, excel.shown(sheet, at)])),
      { sheet: DASHBOARD_SHEET_NAME, cells: figures.map((c) => [c.id!, cellAddress(c.column, c.row)] as const) },
    );
    const engine = expectedFigures(items.map((i) => ({ line: i.line, row: i.row! })), 0, DEFAULT_POLICY, AS_OF, ZONE, 'zh-TW');
    for (const cell of figures) {
      const want = engine[cell.id!];
      const got = shown[cell.id!];
      if (typeof want === 'number' && typeof got === 'number') expect(got, cell.id).toBeCloseTo(want, 9);
      else expect(got, cell.id).toBe(want);
    }
    expect(shown['odr.meetsTarget']).toMatch(/^[是否]$/);
    const charts = await (await fake()).evaluate((excel) => excel.charts('A-to-z Dashboard').map((c) => c.title));
    expect(charts).toEqual(['索賠原因與狀態']);

    mkdirSync(DOCS, { recursive: true });
    const shot = await (await fake()).evaluate(
      (excel, { sheet, names }) => names.map((name) => excel.column(sheet, name)),
      { sheet: SHEET, names: ['amazon-order-id', 'latest-delivery-date', 'claim-date', h('delivery'), h('response'), h('responseDue'), h('appeal'), h('appealLastDay'), h('nextAction')] },
    );
    await screenshotSheet(context, page, SHEET, join(DOCS, 'sheet-zh-TW.png'), { columns: shot });
    await screenshotSheet(context, page, DASHBOARD_SHEET_NAME, join(DOCS, 'dashboard-zh-TW.png'), { maxRows: 46 });

    // The workbook's language in Settings: English, then flag again: our columns are rewritten in English.
    await page.getByTestId('tab-settings').click();
    expect(await page.locator('select[data-field="sheetLanguage"]').inputValue()).toBe('zh-TW');
    await page.locator('select[data-field="sheetLanguage"]').selectOption('en');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-notice').waitFor();
    await page.getByTestId('tab-flag').click();
    await page.getByTestId('flag-button').click();
    await page.waitForFunction(() => window.__ATOZ_FAKE_EXCEL__!.settings()['atoz.sheetLanguage'] === 'en');
    await page.waitForFunction(() => window.__ATOZ_FAKE_EXCEL__!.rows('Orders')[0]!.includes('Delivery'));
    await page.getByTestId('flag-summary').waitFor();
    const english = await (await fake()).evaluate((excel, sheet) => excel.cell(sheet, 2, excel.column(sheet, 'Delivery')), SHEET);
    expect(readSheetValue('delivery', String(english))).toBe(evaluateRow(items[0]!.row!, DEFAULT_POLICY, AS_OF, 2).delivery);
    expect(english).toBe(sheetValue('delivery', evaluateRow(items[0]!.row!, DEFAULT_POLICY, AS_OF, 2).delivery, 'en'));
    await context.close();
  });

  it('cancels between syncs: no rules and no dashboard are written', async () => {
    const { context, page } = await openPane({ sheets: [{ name: SHEET, rows: rowsOfText(EXAMPLE) }], syncDelayMs: 300 });
    await page.getByTestId('flag-button').click();
    await page.getByTestId('cancel-button').click();
    await page.getByText('Stopped. Chunks already written keep their statuses; colour rules and dashboard were not changed.').waitFor();
    const state = await page.evaluate(() => ({ sheets: window.__ATOZ_FAKE_EXCEL__!.sheetNames(), rules: window.__ATOZ_FAKE_EXCEL__!.conditionalFormats('Orders').length }));
    expect(state).toEqual({ sheets: [SHEET], rules: 0 });
    expect(await page.getByTestId('flag-button').isEnabled()).toBe(true);
    await context.close();
  });

  it('a protected sheet: the pane says so in the user\'s language, and nothing is written', async () => {
    const { context, page } = await openPane({ sheets: [{ name: SHEET, rows: rowsOfText(EXAMPLE) }], protectedSheets: [SHEET], displayLanguage: 'zh-CN' });
    await page.getByTestId('flag-button').click();
    await page.getByText(`“${SHEET}”受保护。请先撤消保护（审阅 › 撤消工作表保护），然后重试。未写入任何内容。`).waitFor();
    const state = await page.evaluate(() => ({ sheets: window.__ATOZ_FAKE_EXCEL__!.sheetNames(), rules: window.__ATOZ_FAKE_EXCEL__!.conditionalFormats('Orders').length }));
    expect(state).toEqual({ sheets: [SHEET], rules: 0 });
    await context.close();
  });

  it('settings are checked by PolicySchema, errors shown at the field, and stored per user', async () => {
    const { context, page } = await openPane({ sheets: [{ name: SHEET, rows: rowsOfText(EXAMPLE) }] });
    await page.getByTestId('tab-settings').click();
    const grace = page.locator('input[data-field="lateGraceDays"]');
    expect(await grace.inputValue()).toBe('3');
    expect(await page.locator('input[data-field="odrTarget"]').inputValue()).toBe('1');
    await grace.fill('-2');
    await page.locator('input[data-field="defaultTimeZone"]').fill('Mars/Olympus');
    await page.getByTestId('settings-save').click();
    await page.getByText('At least 0.').waitFor();
    await page.getByText('Not an IANA time zone (e.g. America/Los_Angeles).').waitFor();
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    await grace.fill('5');
    await page.locator('input[data-field="defaultTimeZone"]').fill('Europe/Berlin');
    await page.locator('select[data-field="dateOrder"]').selectOption('DMY');
    await page.getByTestId('settings-save').click();
    await page.getByText('Settings saved.').waitFor();
    const stored = await page.evaluate(() => JSON.parse(Object.values({ ...localStorage })[0] as string));
    expect(stored).toEqual({ policy: { lateGraceDays: 5, defaultTimeZone: 'Europe/Berlin' }, dateOrder: 'DMY' });
    await context.close();
  });

  it('asks for a column it cannot find, saves the choice in the workbook, then flags', async () => {
    const rows = rowsOfText(EXAMPLE).map((row, i) => (i === 0 ? ['Bestellung', ...row.slice(1)] : row));
    const { context, page } = await openPane({ sheets: [{ name: SHEET, rows }] });
    await page.getByTestId('flag-button').click();
    await page.getByTestId('column-picker').waitFor();
    await page.locator('select[data-column="orderId"]').selectOption('Bestellung');
    await page.getByText('Save and flag').click();
    await page.getByTestId('flag-summary').waitFor();
    expect(await page.getByTestId('rows-flagged').textContent()).toBe(`10 rows flagged on "${SHEET}".`);
    const settings = await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.settings());
    expect(settings['atoz.columnMapping']).toEqual({ [SHEET]: { orderId: 'Bestellung' } });
    await context.close();
  });
});

/** Waits until the row help's next action reads `label` (it follows the selection after a short settle). */
async function nextActionShows(page: Page, label: string): Promise<void> {
  await page.getByTestId('next-action-label').filter({ hasText: label }).waitFor();
}

/** Renders a sheet of the fake workbook as an HTML grid in a new page and screenshots it. */
async function screenshotSheet(context: BrowserContext, pane: Page, sheet: string, path: string, options: RenderOptions): Promise<void> {
  const html = await pane.evaluate(({ name, options }) => window.__ATOZ_FAKE_EXCEL__!.render(name, options), { name: sheet, options });
  const page = await context.newPage();
  await page.setViewportSize({ width: 800, height: 300 });
  await page.setContent(html);
  await page.screenshot({ path, fullPage: true });
  await page.close();
}
