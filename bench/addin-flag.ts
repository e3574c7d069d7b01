/**
 * `npm run bench:addin`: the built task pane flags a generated 100,000-row order report, an Excel table
 * with a totals row, in headless Chromium against the fake Excel host (test/addin/fake-excel), through
 * its Flag rows button. Then the same report is imported into an in-process worker and synced into an
 * empty workbook (the fake host in Node, Excel's rules for typed cells and tables): syncs, largest
 * request, seconds.
 *
 *   npx tsx bench/addin-flag.ts [--rows N] [--seed S] [--as-of ISO]
 *
 * Prints the total time (click to result, in the page), the engine time (the glue's own measure of
 * row building and rules), the number of context.sync() calls and the largest request and response in
 * bytes (as the fake measured the JSON it received and sent back). Targets: ≤ 12 syncs, every request
 * under 5 MB, engine ≤ 1 s. The figures are for reading: the exit code is 0 unless flagging fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectExcel, WorkerClient, type FlagRowsResult, type SyncResult } from '../addin/excel/index.js';
import { fakeHost } from '../test/addin/fake-excel/host.js';
import { FakeSheet, FakeWorkbook } from '../test/addin/fake-excel/workbook.js';
import { createApp } from '../worker/app/create-app.js';
import { sha256Hex } from '../worker/app/token-hash.js';
import { openStore } from '../worker/store/index.js';
import type { FakeInit } from '../test/addin/fake-excel/browser.js';
import { buildAndServe, chromiumAvailable, CHROMIUM, launchChromium } from '../test/addin/fake-excel/harness.js';
import type { SyncRecord } from '../test/addin/fake-excel/workbook.js';
import { ensureDataset } from './dataset.js';
import { DEFAULT_AS_OF, DEFAULT_SEED } from './orders-generator.js';
import { formatInt, formatMb, formatSeconds, renderTable, verdict } from './table.js';

const BENCH_DIR = fileURLToPath(new URL('../.bench/', import.meta.url));
const FIVE_MB = 5 * 1024 * 1024;
const TARGETS = { syncs: 12, requestBytes: FIVE_MB, engineMs: 1_000 };
const ZONE = 'America/Los_Angeles';

interface Run {
  result: FlagRowsResult;
  totalMs: number;
  loadMs: number;
  syncs: SyncRecord[];
  /** The table's rectangle after flagging (0-based rows and columns, header to totals row). */
  table: { r1: number; r2: number; c1: number; c2: number } | undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '100000' }, seed: { type: 'string', default: String(DEFAULT_SEED) }, 'as-of': { type: 'string', default: DEFAULT_AS_OF } },
  });
  const rows = Number(values.rows);
  const asOf = values['as-of']!;
  if (!chromiumAvailable()) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);

  const dataset = await ensureDataset(BENCH_DIR, { rows, seed: Number(values.seed), asOf }, (line) => console.log(line));
  const workDir = mkdtempSync(join(tmpdir(), 'atoz-bench-addin-'));
  console.log('building the task pane and the fake Excel host …');
  const site = await buildAndServe(workDir, [{ prefix: '/data/', dir: dirname(dataset.file) }]);
  const browser = await launchChromium();
  try {
    const run = await flagInBrowser(browser, site.origin, `/data/${basename(dataset.file)}`, Date.parse(asOf));
    report(rows, run);
  } finally {
    await browser.close();
    await site.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  await syncIntoEmptyWorkbook(dataset.file, rows);
}

/** The report imported into an in-process worker (SQLite in a temp dir), then synced into an empty workbook. */
async function syncIntoEmptyWorkbook(file: string, rows: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-bench-sync-'));
  const store = await openStore({ dataDir: dir });
  try {
    const token = 'bench-token';
    await store.ensureTokenAccount(await sha256Hex(token), 'bench', 'bench');
    const app = createApp({ store, corsOrigins: [], bodyLimitBytes: 1024 * 1024 * 1024, now: () => Date.now(), logError: () => undefined });
    console.log(`\nimporting ${formatInt(rows)} rows into an in-process worker …`);
    const imported = await app.request('/v1/imports?fileName=bench.tsv', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/tab-separated-values' },
      body: readFileSync(file),
    });
    if (imported.status !== 201) throw new Error(`import answered ${imported.status}: ${await imported.text()}`);
    const book = new FakeWorkbook([new FakeSheet('Orders')]);
    const client = new WorkerClient({ url: 'http://bench.local/', token }, (input, init) => Promise.resolve(app.request(input, init)));
    console.log('syncing into an empty workbook (fake Excel host in Node) …');
    const start = performance.now();
    const result: SyncResult = await connectExcel(fakeHost(book, { timeZone: ZONE })).syncWithWorker({ client, pageSize: 1000 });
    const seconds = (performance.now() - start) / 1000;
    const largestRequest = Math.max(...book.syncLog.map((s) => s.requestBytes));
    const largestResponse = Math.max(...book.syncLog.map((s) => s.responseBytes));
    console.log(`\n${formatInt(rows)} lines synced from a worker into an empty workbook (pages of 1,000 lines)\n`);
    console.log(
      renderTable(
        ['figure', 'value', 'target', 'verdict'],
        [
          ['time (sync call, worker in-process)', formatSeconds(seconds), '', ''],
          ['context.sync() calls', formatInt(book.syncLog.length), '', ''],
          ['largest request', `${formatInt(largestRequest)} B (${formatMb(largestRequest)})`, '< 5 MB', verdict(largestRequest < FIVE_MB)],
          ['largest response', `${formatInt(largestResponse)} B (${formatMb(largestResponse)})`, '< 5 MB', verdict(largestResponse < FIVE_MB)],
          ['lines appended / conflicts / errors', `${formatInt(result.appendedRows)} / ${result.conflicts.length} / ${result.errors.length}`, '', ''],
          ['sync state in the workbook settings', `${formatInt(result.stateBytes)} B`, '', ''],
        ],
      ),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function flagInBrowser(browser: Awaited<ReturnType<typeof launchChromium>>, origin: string, tsvUrl: string, asOf: number): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: 360, height: 900 }, timezoneId: ZONE });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.clock.setFixedTime(asOf);
  const init: FakeInit = { tsv: { url: tsvUrl, sheetName: 'Orders', asTable: true }, timeZone: ZONE, displayLanguage: 'en-US' };
  await page.addInitScript((value) => (window.__ATOZ_FAKE_INIT__ = value), init);
  await page.goto(`${origin}/taskpane.html`);
  const loadMs = await page.evaluate(async () => {
    const start = performance.now();
    await window.__ATOZ_FAKE_EXCEL__!.ready;
    return performance.now() - start;
  });
  await page.getByTestId('flag-button').waitFor();
  // Timed in the page, from the click to the pane's announcement of the result.
  const { result, totalMs } = await page.evaluate(
    () =>
      new Promise<{ result: FlagRowsResult; totalMs: number }>((resolve) => {
        const start = performance.now();
        window.addEventListener('atoz:flagged', (event) => resolve({ result: (event as CustomEvent<FlagRowsResult>).detail, totalMs: performance.now() - start }), { once: true });
        document.querySelector<HTMLButtonElement>('[data-testid="flag-button"]')!.click();
      }),
  );
  const syncs = await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.syncLog());
  const table = await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.tables('Orders')[0]?.rect);
  return { result, totalMs, loadMs, syncs, table };
}

function report(rows: number, { result, totalMs, loadMs, syncs, table }: Run): void {
  const largestRequest = Math.max(...syncs.map((s) => s.requestBytes));
  const largestResponse = Math.max(...syncs.map((s) => s.responseBytes));
  console.log(`\n${formatInt(rows)}-row Excel table (with a totals row) flagged in headless Chromium (fake Excel host, ${result.chunks} chunks)\n`);
  console.log(
    renderTable(
      ['figure', 'value', 'target', 'verdict'],
      [
        ['total time (click → result)', formatSeconds(totalMs / 1000), '', ''],
        ['engine time', formatSeconds(result.engineMs / 1000), `≤ ${formatSeconds(TARGETS.engineMs / 1000)}`, verdict(result.engineMs <= TARGETS.engineMs)],
        ['context.sync() calls', formatInt(syncs.length), `≤ ${TARGETS.syncs}`, verdict(syncs.length <= TARGETS.syncs)],
        ['largest request', `${formatInt(largestRequest)} B (${formatMb(largestRequest)})`, '< 5 MB', verdict(largestRequest < TARGETS.requestBytes)],
        ['largest response', `${formatInt(largestResponse)} B (${formatMb(largestResponse)})`, '< 5 MB', verdict(largestResponse < FIVE_MB)],
        ['rows flagged / row errors', `${formatInt(result.rowsFlagged)} / ${formatInt(result.errors.length)}`, '', ''],
        ['sheet loaded into the fake', formatSeconds(loadMs / 1000), '', ''],
        ['table after flagging (rows × columns, header and totals included)', table ? `${formatInt(table.r2 - table.r1 + 1)} × ${table.c2 - table.c1 + 1}` : 'no table', '', ''],
      ],
    ),
  );
  console.log(`\nthe glue's own count: ${result.syncs} syncs, largest request ${formatInt(result.largestRequestBytes)} B`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
