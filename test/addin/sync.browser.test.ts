import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { FakeInit } from './fake-excel/browser.js';
import { chromiumAvailable, CHROMIUM } from './fake-excel/harness.js';
import { useServedPane } from './fake-excel/suite.js';
import { TOKEN_A, testWorker, type TestWorker } from '../worker/helpers.js';

/**
 * The Sync tab of the built task pane in headless Chromium, against the fake Excel host and a real
 * worker served on 127.0.0.1 (CORS for the page's origin): import a report into an empty sheet, edit
 * claim cells, import an overlapping report, and settle conflicts both ways.
 */
const EXAMPLE_PATH = fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url));
const EXAMPLE = readFileSync(EXAMPLE_PATH, 'utf8');
const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');
const ZONE = 'America/Los_Angeles';
const SHEET = 'Orders';

const SKIPPED = chromiumAvailable() ? '' : ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`;

describe.runIf(!SKIPPED)(`the Sync tab with a fake Excel and a real worker${SKIPPED}`, { timeout: 180_000 }, () => {
  const pane = useServedPane('atoz-sync-');

  async function startWorker(): Promise<{ worker: TestWorker; url: string; close(): Promise<void> }> {
    const worker = await testWorker({ corsOrigins: [pane.site.origin] });
    const server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch: worker.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
    });
    const { port } = server.address() as AddressInfo;
    return {
      worker,
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  }

  async function openPane(rows: string[][]): Promise<Page> {
    const context = await pane.browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'en-US', timezoneId: ZONE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.clock.setFixedTime(AS_OF);
    await page.addInitScript((value) => (window.__ATOZ_FAKE_INIT__ = value), { timeZone: ZONE, displayLanguage: 'en-US', sheets: [{ name: SHEET, rows }] } satisfies FakeInit);
    // Counts finished syncs, so the test can wait for the n-th.
    await page.addInitScript(() => window.addEventListener('atoz:synced', () => ((window as unknown as { syncs: number }).syncs = ((window as unknown as { syncs?: number }).syncs ?? 0) + 1)));
    await page.goto(`${pane.site.origin}/taskpane.html`);
    await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.ready);
    await page.getByTestId('tab-sync').click();
    expect(errors).toEqual([]);
    return page;
  }

  const syncs = (page: Page, n: number) => page.waitForFunction((count) => ((window as unknown as { syncs?: number }).syncs ?? 0) >= count, n);

  /** The sheet as header → text rows (data rows only). */
  async function sheetRows(page: Page): Promise<Record<string, string>[]> {
    const [header, ...rows] = await page.evaluate((sheet) => window.__ATOZ_FAKE_EXCEL__!.rows(sheet), SHEET);
    return rows.filter((row) => row.some((cell) => cell !== '')).map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]!])));
  }

  async function typeInto(page: Page, orderId: string, header: string, value: string): Promise<void> {
    await page.evaluate(
      ({ sheet, orderId, header, value }) => {
        const excel = window.__ATOZ_FAKE_EXCEL__!;
        const rows = excel.rows(sheet);
        const row = rows.findIndex((r) => r[excel.column(sheet, 'amazon-order-id')] === orderId) + 1;
        excel.setCell(sheet, row, excel.column(sheet, header), value);
      },
      { sheet: SHEET, orderId, header, value },
    );
  }

  async function patchOnWorker(worker: TestWorker, orderId: string, body: object): Promise<void> {
    const current = (await (await worker.call(`/v1/orders/${orderId}`)).json()) as { lines: { version: number }[] };
    const response = await worker.call(`/v1/orders/${orderId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${current.lines[0]!.version}"` },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  }

  const workerRow = async (worker: TestWorker, orderId: string) =>
    ((await (await worker.call(`/v1/orders/${orderId}`)).json()) as { lines: { row: Record<string, unknown> }[] }).lines[0]!.row;

  it('imports, syncs into an empty sheet, keeps operator edits through an overlapping import, settles conflicts both ways', async () => {
    const served = await startWorker();
    const { worker } = served;
    try {
      const page = await openPane([]);

      // Connect: an http:// worker on another computer is refused (mixed content), loopback http is warned about.
      await page.getByTestId('worker-url').fill('http://192.168.1.20:3001');
      await page.getByTestId('worker-token').fill(TOKEN_A);
      expect(await page.getByTestId('worker-url-field').textContent()).toContain('mixed content');
      expect(await page.getByTestId('worker-test').isDisabled()).toBe(true);
      expect(await page.getByTestId('worker-save').isDisabled()).toBe(true);
      // Stored for this user (localStorage), tested against /v1/summary.
      await page.getByTestId('worker-url').fill(served.url);
      expect(await page.getByTestId('worker-url-field').textContent()).toContain('Excel for Mac, iPad and Safari block it');
      await page.getByTestId('worker-test').click();
      await page.getByTestId('worker-test-ok').waitFor();
      const workbookSettings = await page.evaluate(() => JSON.stringify(window.__ATOZ_FAKE_EXCEL__!.settings()));
      expect(workbookSettings).not.toContain(TOKEN_A);
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).toContain(TOKEN_A);

      // Import the example: the counts, then the sync fills the empty sheet and flags it.
      await page.getByTestId('import-file').setInputFiles(EXAMPLE_PATH);
      await syncs(page, 1);
      expect(await page.getByTestId('import-result').textContent()).toContain('10 new');
      let rows = await sheetRows(page);
      expect(rows).toHaveLength(10);
      expect(rows.find((r) => r['amazon-order-id'] === '111-0000002-0000002')).toMatchObject({ 'product-name': 'Garden Hose 50ft', Delivery: 'At risk' });

      // Operator edits in the sheet, then an overlapping report (line 2 now delivered, line 3 renamed).
      await typeInto(page, '111-0000002-0000002', 'claim-date', '2024-03-14');
      await typeInto(page, '111-0000002-0000002', 'claim-reason', 'Not received');
      const overlapping = EXAMPLE.replace('Garden Hose 50ft,2024-03-13,,', 'Garden Hose 50ft,2024-03-13,2024-03-12,').replace('Phone Case', 'Phone Case (blue)');
      await page.getByTestId('import-file').setInputFiles({ name: 'later.csv', mimeType: 'text/csv', buffer: Buffer.from(overlapping) });
      await syncs(page, 2);
      expect(await page.getByTestId('sync-result').textContent()).toContain('1 edited lines sent');
      rows = await sheetRows(page);
      expect(rows).toHaveLength(10);
      expect(new Set(rows.map((r) => r['amazon-order-id'])).size).toBe(10);
      const line2 = rows.find((r) => r['amazon-order-id'] === '111-0000002-0000002')!;
      expect(line2).toMatchObject({ 'delivered-date': '2024-03-12', 'claim-date': '2024-03-14', 'claim-reason': 'Not received', Delivery: 'Delivered on time' });
      expect(rows.find((r) => r['amazon-order-id'] === '111-0000003-0000003')!['product-name']).toBe('Phone Case (blue)');
      expect(await workerRow(worker, '111-0000002-0000002')).toMatchObject({ claimAt: '2024-03-14T07:00:00.000Z', claimReason: 'not_received' });

      // Conflict 1: changed through the API and in the sheet; keep the sheet's value.
      await patchOnWorker(worker, '111-0000004-0000004', { claimStatus: 'denied' });
      await typeInto(page, '111-0000004-0000004', 'claim-status', 'granted');
      await page.getByTestId('sync-button').click();
      await syncs(page, 3);
      const conflict = page.getByTestId('conflict');
      expect(await conflict.count()).toBe(1);
      expect(await conflict.getByTestId('conflict-mine').textContent()).toBe('granted');
      expect(await conflict.getByTestId('conflict-theirs').textContent()).toBe('denied');
      await conflict.getByTestId('keep-mine').click();
      await conflict.getByTestId('conflict-resolved').waitFor();
      expect((await workerRow(worker, '111-0000004-0000004'))['claimStatus']).toBe('granted');

      // Conflict 2: the other way; take the worker's value into the sheet.
      await patchOnWorker(worker, '111-0000005-0000005', { claimStatus: 'withdrawn' });
      await typeInto(page, '111-0000005-0000005', 'claim-status', 'denied');
      await page.getByTestId('sync-button').click();
      await syncs(page, 4);
      await page.getByTestId('conflict').getByTestId('take-theirs').click();
      await page.getByTestId('conflict').getByTestId('conflict-resolved').waitFor();
      rows = await sheetRows(page);
      expect(rows.find((r) => r['amazon-order-id'] === '111-0000005-0000005')!['claim-status']).toBe('withdrawn');
      expect(rows.find((r) => r['amazon-order-id'] === '111-0000004-0000004')!['claim-status']).toBe('granted');

      // A last sync: nothing left to settle, nothing duplicated.
      await page.getByTestId('sync-button').click();
      await syncs(page, 5);
      expect(await page.getByTestId('conflict').count()).toBe(0);
      expect(await sheetRows(page)).toHaveLength(10);
    } finally {
      await served.close();
    }
  });
});
