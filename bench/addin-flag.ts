/**
 * `npm run bench:addin`: the built task pane flags a generated 100,000-row order report in headless
 * Chromium against the fake Excel host (test/addin/fake-excel), through its Flag rows button.
 *
 *   npx tsx bench/addin-flag.ts [--rows N] [--seed S] [--as-of ISO]
 *
 * Prints the total time (click to result, in the page), the engine time (the glue's own measure of
 * row building and rules), the number of context.sync() calls and the largest request and response in
 * bytes (as the fake measured the JSON it received and sent back). Targets: ≤ 12 syncs, every request
 * under 5 MB, engine ≤ 1 s. The figures are for reading: the exit code is 0 unless flagging fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FlagRowsResult } from '../addin/excel/index.js';
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
}

async function flagInBrowser(browser: Awaited<ReturnType<typeof launchChromium>>, origin: string, tsvUrl: string, asOf: number): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: 360, height: 900 }, timezoneId: ZONE });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.clock.setFixedTime(asOf);
  const init: FakeInit = { tsv: { url: tsvUrl, sheetName: 'Orders' }, timeZone: ZONE, displayLanguage: 'en-US' };
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
  return { result, totalMs, loadMs, syncs };
}

function report(rows: number, { result, totalMs, loadMs, syncs }: Run): void {
  const largestRequest = Math.max(...syncs.map((s) => s.requestBytes));
  const largestResponse = Math.max(...syncs.map((s) => s.responseBytes));
  console.log(`\n${formatInt(rows)} rows flagged in headless Chromium (fake Excel host, ${result.chunks} chunks)\n`);
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
      ],
    ),
  );
  console.log(`\nthe glue's own count: ${result.syncs} syncs, largest request ${formatInt(result.largestRequestBytes)} B`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
