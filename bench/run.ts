/**
 * `npm run bench`: how does `atoz evaluate` compare with a bare papaparse parse of the same file,
 * and does its memory stay flat as the file grows?
 *
 *   npx tsx bench/run.ts [--rows N] [--quick] [--seed S] [--as-of ISO] [--runs K]
 *
 * Generates (or reuses) reports in .bench/, then runs each measured program as a child process:
 * papaparse via bench/papaparse-baseline.mjs, atoz via $ATOZ_BENCH_CMD (default `node dist/cli/main.js`,
 * run through `sh -c`, so it may hold arguments). Wall time is taken around each child; peak RSS comes
 * from `/usr/bin/time -f %M` (see measure.ts). The figures are for reading: the exit code is 0 unless
 * a child fails.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDataset, type Dataset } from './dataset.js';
import { ChildFailedError, GNU_TIME, measure, type Measurement } from './measure.js';
import { DEFAULT_AS_OF, DEFAULT_ROWS, DEFAULT_SEED } from './orders-generator.js';
import { formatInt, formatMb, formatSeconds, MB, renderTable, verdict } from './table.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DIR = join(REPO_ROOT, '.bench');
const BASELINE_SCRIPT = join(REPO_ROOT, 'bench', 'papaparse-baseline.mjs');
const DEFAULT_ATOZ_CMD = 'node dist/cli/main.js';

const RATIO_TARGET = 2.0;
const RSS_TARGET_BYTES = 256 * MB;
/** Extra sizes for the memory-flatness check; --quick drops the largest. */
const SMALL_SCALE_ROWS = 100_000;
const LARGE_SCALE_ROWS = 1_000_000;

interface BenchOptions {
  rows: number;
  seed: number;
  asOf: string;
  quick: boolean;
  runs: number;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

function positiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, got "${text}"`);
  return n;
}

function readOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
    },
    strict: true,
  });
  return {
    rows: positiveInt('--rows', values.rows, DEFAULT_ROWS),
    seed: positiveInt('--seed', values.seed, DEFAULT_SEED),
    asOf: values['as-of'] ?? DEFAULT_AS_OF,
    quick: values.quick ?? false,
    runs: positiveInt('--runs', values.runs, 1),
  };
}

/** Best wall time and worst peak RSS over `runs` runs. */
async function measureRuns(label: string, argv: readonly string[], runs: number): Promise<Measurement> {
  let best: Measurement | undefined;
  for (let i = 0; i < runs; i++) {
    const m = await measure(label, argv, REPO_ROOT);
    best = !best
      ? m
      : {
          wallSeconds: Math.min(best.wallSeconds, m.wallSeconds),
          peakRssBytes: m.peakRssBytes === null || best.peakRssBytes === null ? null : Math.max(best.peakRssBytes, m.peakRssBytes),
          stdout: m.wallSeconds < best.wallSeconds ? m.stdout : best.stdout,
        };
  }
  return best!;
}

function atozArgv(command: string, dataset: Dataset): string[] {
  // `exec` makes the measured process the command itself, not the shell around it.
  return ['sh', '-c', `exec ${command} "$@"`, 'atoz', 'evaluate', dataset.file, '--format', 'ndjson', '--out', '/dev/null', '--as-of', dataset.asOf];
}

/** Reads the file once so neither contender pays for a cold page cache. */
async function warmPageCache(file: string): Promise<void> {
  for await (const _chunk of createReadStream(file, { highWaterMark: 1 << 20 }));
}

interface PapaResult {
  measurement: Measurement;
  parseSeconds: number;
}

async function runPapaparse(dataset: Dataset, runs: number): Promise<PapaResult> {
  log(`papaparse bare parse of ${formatInt(dataset.rows)} rows`);
  const measurement = await measureRuns('papaparse baseline', [process.execPath, BASELINE_SCRIPT, dataset.file], runs);
  const report = JSON.parse(measurement.stdout.trim().split('\n').pop() ?? '{}') as { rows?: number; parseSeconds?: number };
  if (report.rows !== dataset.rows + 1) log(`warning: papaparse saw ${report.rows} rows, expected ${dataset.rows + 1} with the header`);
  return { measurement, parseSeconds: report.parseSeconds ?? NaN };
}

function printReport(
  opts: BenchOptions,
  command: string,
  main: Dataset,
  papa: PapaResult,
  atozBySize: readonly (readonly [Dataset, Measurement])[],
): void {
  const atoz = atozBySize.find(([d]) => d.rows === main.rows)![1];
  const ratio = atoz.wallSeconds / papa.measurement.wallSeconds;
  const rssPass = (m: Measurement) => (m.peakRssBytes === null ? null : m.peakRssBytes <= RSS_TARGET_BYTES);

  const out: string[] = [
    '',
    `A-to-z Claim Guard benchmark  (seed ${opts.seed}, as-of ${opts.asOf}, best of ${opts.runs} run${opts.runs > 1 ? 's' : ''})`,
    `atoz command: ${command}`,
    `time = wall clock around the child process (Node start-up included); RSS = peak resident set, ${existsSync(GNU_TIME) ? `${GNU_TIME} %M` : 'unavailable (no /usr/bin/time)'}; MB = 2^20 bytes`,
    '',
    renderTable(
      ['measure', 'value', 'target', 'result'],
      [
        ['rows', formatInt(main.rows), '', ''],
        ['file size', formatMb(main.bytes), '', ''],
        ['papaparse time', formatSeconds(papa.measurement.wallSeconds), '', ''],
        ['papaparse peak RSS', formatMb(papa.measurement.peakRssBytes), '', ''],
        ['atoz time', formatSeconds(atoz.wallSeconds), '', ''],
        ['ratio atoz / papaparse', ratio.toFixed(2), `≤ ${RATIO_TARGET.toFixed(2)}`, verdict(ratio <= RATIO_TARGET)],
        ['atoz peak RSS', formatMb(atoz.peakRssBytes), `≤ ${RSS_TARGET_BYTES / MB} MB`, verdict(rssPass(atoz))],
      ],
    ),
    `(papaparse parse alone, inside its process: ${formatSeconds(papa.parseSeconds)})`,
    '',
    'Memory flatness: atoz peak RSS should not grow with the file',
    renderTable(
      ['rows', 'file size', 'atoz time', 'atoz peak RSS', 'result'],
      atozBySize.map(([d, m]) => [formatInt(d.rows), formatMb(d.bytes), formatSeconds(m.wallSeconds), formatMb(m.peakRssBytes), verdict(rssPass(m))]),
    ),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

async function main(): Promise<void> {
  const opts = readOptions();
  const command = process.env.ATOZ_BENCH_CMD?.trim() || DEFAULT_ATOZ_CMD;
  if (command === DEFAULT_ATOZ_CMD && !existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
    throw new ChildFailedError('atoz', 'dist/cli/main.js not found', 'run `npm run build` first, or set ATOZ_BENCH_CMD');
  }

  const sizes = [SMALL_SCALE_ROWS, opts.rows, ...(opts.quick ? [] : [LARGE_SCALE_ROWS])];
  const uniqueSizes = [...new Set(sizes)].sort((a, b) => a - b);
  const datasets: Dataset[] = [];
  for (const rows of uniqueSizes) {
    const dataset = await ensureDataset(BENCH_DIR, { rows, seed: opts.seed, asOf: opts.asOf }, log);
    if (dataset.reused) log(`reusing ${dataset.file}`);
    datasets.push(dataset);
  }
  const main = datasets.find((d) => d.rows === opts.rows)!;

  await warmPageCache(main.file);
  const papa = await runPapaparse(main, opts.runs);

  const atozBySize: [Dataset, Measurement][] = [];
  for (const dataset of datasets) {
    log(`atoz evaluate on ${formatInt(dataset.rows)} rows`);
    await warmPageCache(dataset.file);
    atozBySize.push([dataset, await measureRuns('atoz evaluate', atozArgv(command, dataset), opts.runs)]);
  }

  printReport(opts, command, main, papa, atozBySize);
}

main().catch((err: unknown) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
