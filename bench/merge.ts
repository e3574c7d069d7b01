/**
 * `npx tsx bench/merge.ts [--rows N] [--feedback N] [--returns N]`: an orders report of N lines (default 500k)
 * plus a Feedback report and a Returns report (default 50k lines each) through `atoz evaluate`, merged by order,
 * beside the orders report alone. Prints wall time and peak RSS (see measure.ts) for each; figures for reading,
 * never asserted. Needs `npm run build` first (it runs dist/cli/main.js, like bench/run.ts).
 *
 * The feedback and returns lines name every 10th order of the orders report (a few name orders it does not
 * have), in the headers of Amazon's reports (test/fixtures/amazon-reports).
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDataset } from './dataset.js';
import { GNU_TIME, measure, type Measurement } from './measure.js';
import { DEFAULT_AS_OF, DEFAULT_SEED } from './orders-generator.js';
import { formatInt, formatMb, formatSeconds, renderTable } from './table.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DIR = join(REPO_ROOT, '.bench');
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const FEEDBACK_HEADER = 'Date\tRating\tComments\tYour Response\tOrder ID\tRater Email';
const RETURNS_HEADER =
  'Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\tMerchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\tTracking ID\tLabel to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\tItem Name\tReturn quantity\tReturn Reason\tIn policy\tReturn type\tResolution\tInvoice number\tReturn delivery date\tOrder Amount\tOrder quantity\tSafeT Action reason\tSafeT claim id\tSafeT claim state\tSafeT claim creation time\tSafeT claim reimbursement amount\tRefunded Amount';

const count = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text.replaceAll('_', '')));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, feedback: { type: 'string' }, returns: { type: 'string' } } });
  const rows = count(values.rows, 500_000);
  const feedbackLines = count(values.feedback, 50_000);
  const returnsLines = count(values.returns, 50_000);
  if (!existsSync(join(REPO_ROOT, 'dist/cli/main.js'))) throw new Error('run `npm run build` first (the bench runs dist/cli/main.js)');

  const orders = await ensureDataset(BENCH_DIR, { rows, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF }, log);
  const feedback = join(BENCH_DIR, `feedback-${feedbackLines}-of-${rows}.tsv`);
  const returns = join(BENCH_DIR, `returns-${returnsLines}-of-${rows}.tsv`);
  log(`writing ${formatInt(feedbackLines)} feedback and ${formatInt(returnsLines)} returns lines`);
  await writeFacts(orders.file, feedback, returns, feedbackLines, returnsLines);

  const run = (label: string, files: string[], env = '') =>
    measure(label, ['sh', '-c', `${env} exec node dist/cli/main.js "$@"`, 'atoz', 'evaluate', ...files, '--format', 'ndjson', '--out', '/dev/null', '--as-of', DEFAULT_AS_OF], REPO_ROOT);
  const results: [string, Measurement][] = [];
  for (const [label, files, env] of [
    ['orders alone (threads as default)', [orders.file], ''],
    ['orders alone, one thread', [orders.file], 'ATOZ_THREADS=1'],
    ['orders + feedback + returns (merged)', [orders.file, feedback, returns], ''],
  ] as const) {
    log(label);
    results.push([label, await run(label, [...files], env)]);
  }
  process.stdout.write(
    [
      '',
      `atoz evaluate: ${formatInt(rows)} order lines (${formatMb(orders.bytes)}), ${formatInt(feedbackLines)} feedback lines, ${formatInt(returnsLines)} returns lines`,
      `time = wall clock around the child (Node start-up included); RSS = peak resident set (${existsSync(GNU_TIME) ? `${GNU_TIME} %M` : 'unavailable'})`,
      '',
      renderTable(['run', 'time', 'peak RSS'], results.map(([label, m]) => [label, formatSeconds(m.wallSeconds), formatMb(m.peakRssBytes)])),
      '',
    ].join('\n'),
  );
}

/** Feedback and returns lines for every 10th order (and 1 in 100 for an order the report lacks). */
async function writeFacts(ordersFile: string, feedbackFile: string, returnsFile: string, feedbackLines: number, returnsLines: number): Promise<void> {
  const fb = createWriteStream(feedbackFile);
  const rt = createWriteStream(returnsFile);
  fb.write(`${FEEDBACK_HEADER}\n`);
  rt.write(`${RETURNS_HEADER}\n`);
  const empty = RETURNS_HEADER.split('\t').length - 4;
  let n = 0;
  let fbCount = 0;
  let rtCount = 0;
  const lines = createInterface({ input: createReadStream(ordersFile), crlfDelay: Infinity });
  for await (const line of lines) {
    if (n++ === 0 || n % 10 !== 0) continue;
    const id = line.slice(0, line.indexOf('\t'));
    const orderId = fbCount % 100 === 99 ? `999-${String(fbCount).padStart(7, '0')}-0000000` : id;
    if (fbCount < feedbackLines) {
      fb.write(`3/10/24\t${1 + (fbCount % 5)}\tcomment ${fbCount}\t\t${orderId}\tbuyer${fbCount}@example.com\n`);
      fbCount++;
    }
    if (rtCount < returnsLines) {
      rt.write(`${id}\t\t2024-03-0${1 + (rtCount % 9)}T10:00:00Z\tApproved${'\t'.repeat(empty)}${(rtCount % 50) + 0.99}\n`);
      rtCount++;
    }
    if (fbCount >= feedbackLines && rtCount >= returnsLines) break;
  }
  lines.close();
  fb.end();
  rt.end();
  await Promise.all([finished(fb), finished(rt)]);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
