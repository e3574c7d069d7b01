import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrders } from '../../bench/orders-generator.js';
import { parallelRuns } from '../../cli/parallel/evaluate-parallel.js';
import { atoz, type CliResult } from '../helpers/cli.js';
import { encodeShiftJis, encodeWindows1252 } from '../helpers/legacy-encodings.js';

/**
 * `atoz evaluate` on a large file reads byte ranges in worker threads (cli/parallel/); its output must be the
 * single-threaded output byte for byte. ATOZ_THREADS forces either path whatever the file's size.
 */

const AS_OF = '2024-03-15T19:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'atoz-parallel-test-'));
const FORMATS = ['json', 'ndjson', 'csv'] as const;
// The runs' temporary outputs go here (os.tmpdir() reads TMPDIR), so that the check below sees only this file's.
const scratch = join(dir, 'tmp');
mkdirSync(scratch);
const savedTmpdir = process.env.TMPDIR;
beforeAll(() => {
  process.env.TMPDIR = scratch;
});

afterAll(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  try {
    // Every run removed its temporary outputs (tsx, which runs the threads from source, keeps its cache there).
    expect(readdirSync(scratch).filter((name) => name.startsWith('atoz-'))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function withThreads(threads: number, run: () => Promise<CliResult>): Promise<CliResult> {
  const saved = process.env.ATOZ_THREADS;
  process.env.ATOZ_THREADS = String(threads);
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env.ATOZ_THREADS;
    else process.env.ATOZ_THREADS = saved;
  }
}

/** Runs the file with one thread and with `threads`, checks the parallel path was taken, and returns both results. */
async function bothWays(file: string, threads: number, args: string[]): Promise<{ single: CliResult; parallel: CliResult }> {
  const argv = ['evaluate', file, '--as-of', AS_OF, ...args];
  const single = await withThreads(1, () => atoz(argv));
  const before = parallelRuns.count;
  const parallel = await withThreads(threads, () => atoz(argv));
  expect(parallelRuns.count, 'the parallel path was taken').toBe(before + 1);
  return { single, parallel };
}

function generatedLines(rows: number, seed: number): string[] {
  return [...generateOrders({ rows, seed, asOf: AS_OF })];
}

/**
 * What real files have and the ranges must agree on: a title line above the header, bad cells (row errors), blank
 * and whitespace-only lines, a tab-only line, the header repeated, ids a spreadsheet mangled, trailing blank lines.
 */
function withTroubles(generated: string[]): string[] {
  const header = generated[0]!.split('\t');
  const at = (name: string) => header.indexOf(name);
  const lines = ['All Orders report exported on 2024-03-15', [...header, 'order-item-id'].join('\t')];
  const rows = generated.length - 1;
  for (let i = 1; i <= rows; i++) {
    const cells = generated[i]!.split('\t');
    if (i % 997 === 3) cells[at('purchase-date')] = 'yesterday';
    if (i % 1499 === 5) {
      cells[at('claim-date')] = '2024-03-10';
      cells[at('claim-reason')] = 'lost in space';
    }
    if (i % 1733 === 11) cells[at('feedback-rating')] = '9';
    cells.push(i % 2503 === 7 ? '5.80293E+13' : String(20_000_000_000_000 + i));
    lines.push(cells.join('\t'));
    if (i % 1201 === 0) lines.push('');
    if (i % 1777 === 0) lines.push('   ');
    if (i === Math.floor(rows / 3)) lines.push('\t\t\t');
    if (i === Math.floor(rows / 2) || i === Math.floor((rows * 3) / 4)) lines.push(lines[1]!);
  }
  lines.push('', '');
  return lines;
}

function writeReport(name: string, bytes: Uint8Array | string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe('atoz evaluate in parallel: the same bytes as one thread', () => {
  const troubled = withTroubles(generatedLines(20_000, 11));
  // Smaller files for the other encodings and line ends keep the suite quick; each still has 2–4 ranges.
  const smaller = withTroubles(generatedLines(8_000, 12));
  // [name, file, threads, text the CSV output must show (the encoding was read right)]
  const files: [name: string, file: () => string, threads: number, shows: string][] = [
    ['UTF-8, LF, with row errors, blank lines, a repeated header and mangled ids', () => writeReport('utf8.tsv', `${troubled.join('\n')}\n`), 3, 'ステンレス'],
    ['CRLF line ends', () => writeReport('crlf.tsv', `${smaller.join('\r\n')}\r\n`), 4, 'ステンレス'],
    ['Windows-1252', () => writeReport('cp1252.tsv', encodeWindows1252(`${smaller.join('\r\n').replaceAll('Café', 'Café €')}\r\n`)), 2, '€'],
    ['Shift_JIS', () => writeReport('sjis.tsv', encodeShiftJis(`${smaller.join('\n')}\n`)), 3, 'ステンレス'],
  ];
  for (const [name, file, threads, shows] of files) {
    for (const format of FORMATS) {
      it(`${name}: --format ${format}`, async () => {
        const { single, parallel } = await bothWays(file(), threads, ['--format', format]);
        expect(single.code).toBe(0);
        if (format === 'csv') expect(single.stdout).toContain(shows);
        expect(single.stderr).toContain('rows have bad cells');
        expect(single.stderr).toContain('repeat the header');
        expect(single.stderr).toContain('were turned into numbers by a spreadsheet');
        expect(parallel.stderr).toBe(single.stderr);
        expect(parallel.code).toBe(single.code);
        expect(parallel.stdout === single.stdout, 'byte-identical output').toBe(true);
      });
    }
  }

  it('names the line of invalid UTF-8 bytes found by a later range, once', async () => {
    const lines = generatedLines(8_000, 12);
    const bytes = Buffer.concat(lines.map((line, i) => Buffer.from(`${line}${i === 6_000 ? '\xff' : ''}\n`, i === 6_000 ? 'latin1' : 'utf8')));
    const file = writeReport('invalid-late.tsv', bytes);
    const { single, parallel } = await bothWays(file, 3, ['--format', 'json']);
    expect(single.stderr).toContain('invalid UTF-8 bytes on line 6001');
    expect(parallel.stderr).toBe(single.stderr);
    expect(parallel.stdout === single.stdout).toBe(true);
  });

  it('does not repeat a warning about invalid bytes the header reading already gave', async () => {
    const lines = generatedLines(8_000, 13);
    const bad = new Set([3, 7_000]);
    const bytes = Buffer.concat(lines.map((line, i) => (bad.has(i) ? Buffer.concat([Buffer.from(line), Buffer.from([0xc3, 0x0a])]) : Buffer.from(`${line}\n`))));
    const file = writeReport('invalid-early.tsv', bytes);
    // Named: bad bytes in the first 64 KB would make the file read as Windows-1252.
    const { single, parallel } = await bothWays(file, 3, ['--format', 'ndjson', '--encoding', 'utf-8']);
    expect(single.stderr.match(/invalid UTF-8 bytes on line 4 /g)).toHaveLength(1);
    expect(parallel.stderr).toBe(single.stderr);
    expect(parallel.stdout === single.stdout).toBe(true);
  });

  it('keeps a U+FEFF that starts a range as text (only the file\'s first one is a byte order mark)', async () => {
    const lines = generatedLines(6_000, 14).map((line, i) => (i === 0 ? line : `\uFEFF${line}`));
    const file = writeReport('bom.tsv', `\uFEFF${lines.join('\n')}\n`);
    const { single, parallel } = await bothWays(file, 4, ['--format', 'csv']);
    expect(single.stdout.split('\r\n')[1]!.startsWith('\uFEFF')).toBe(true);
    expect(parallel.stdout === single.stdout).toBe(true);
  });

  it('writes the same file with --out', async () => {
    const file = writeReport('out.tsv', `${generatedLines(6_000, 15).join('\n')}\n`);
    const outSingle = join(dir, 'single.json');
    const outParallel = join(dir, 'parallel.json');
    await bothWays(file, 2, ['--format', 'json']);
    await withThreads(1, () => atoz(['evaluate', file, '--as-of', AS_OF, '--out', outSingle]));
    await withThreads(2, () => atoz(['evaluate', file, '--as-of', AS_OF, '--out', outParallel]));
    expect(readFileSync(outParallel).equals(readFileSync(outSingle))).toBe(true);
  });
});

describe('atoz evaluate falls back to one thread', () => {
  const lines = generatedLines(5_000, 21);
  const tsv = `${lines.join('\n')}\n`;
  const tsvFile = writeReport('fallback.tsv', tsv);

  async function singleOnly(threads: number, argv: string[], stdin?: Uint8Array): Promise<CliResult> {
    const before = parallelRuns.count;
    const result = await withThreads(threads, () => atoz(argv, stdin));
    expect(parallelRuns.count, 'the single-threaded path was taken').toBe(before);
    return result;
  }

  it('for standard input', async () => {
    const argv = ['--as-of', AS_OF, '--format', 'ndjson'];
    const fromFile = await withThreads(1, () => atoz(['evaluate', tsvFile, ...argv]));
    const fromStdin = await singleOnly(3, ['evaluate', '-', ...argv], Buffer.from(tsv));
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout === fromFile.stdout).toBe(true);
  });

  it('for a comma-separated file, whose quoted cells may hold line breaks', async () => {
    const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    const csv = lines.map((line, i) => line.split('\t').map((cell) => quote(i === 7 && cell === '' ? 'two\nlines' : cell)).join(',')).join('\n');
    const file = writeReport('fallback.csv', `${csv}\n`);
    const argv = ['evaluate', file, '--as-of', AS_OF, '--format', 'json'];
    const single = await withThreads(1, () => atoz(argv));
    const result = await singleOnly(3, argv);
    expect(result.code).toBe(0);
    expect(result.stdout === single.stdout).toBe(true);
  });

  it('for UTF-16, where a 0x0A byte may be half of a character', async () => {
    const file = writeReport('fallback-utf16.tsv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));
    const argv = ['evaluate', file, '--as-of', AS_OF, '--format', 'ndjson'];
    const single = await withThreads(1, () => atoz(argv));
    const result = await singleOnly(3, argv);
    expect(result.code).toBe(0);
    expect(result.stdout === single.stdout).toBe(true);
  });

  it('for a file under the size threshold, unless told otherwise', async () => {
    const saved = process.env.ATOZ_THREADS;
    delete process.env.ATOZ_THREADS;
    try {
      const before = parallelRuns.count;
      const result = await atoz(['evaluate', tsvFile, '--as-of', AS_OF, '--format', 'ndjson']);
      expect(result.code).toBe(0);
      expect(parallelRuns.count).toBe(before);
    } finally {
      if (saved !== undefined) process.env.ATOZ_THREADS = saved;
    }
  });

  it('a report error is the same either way', async () => {
    const file = writeReport('no-header.tsv', `${lines.slice(1).join('\n')}\n`);
    const argv = ['evaluate', file, '--as-of', AS_OF];
    const single = await withThreads(1, () => atoz(argv));
    const before = parallelRuns.count;
    const parallel = await withThreads(3, () => atoz(argv));
    expect(parallelRuns.count, 'no parallel run completed').toBe(before);
    expect(single.code).toBe(2);
    expect(parallel).toEqual(single);
  });
});

describe('atoz evaluate in parallel: a file that cannot be read to its end', () => {
  it('gives the error of one thread, naming the line in the whole file (a line of 33 million characters)', async () => {
    const lines = generatedLines(3_000, 41);
    lines.splice(2_500, 0, `111-0000000-0000001\t${'x'.repeat(33_000_000)}`);
    const file = writeReport('long-line.tsv', `${lines.join('\n')}\n`);
    const argv = ['evaluate', file, '--as-of', AS_OF, '--format', 'ndjson'];
    const single = await withThreads(1, () => atoz(argv));
    const before = parallelRuns.count;
    const parallel = await withThreads(3, () => atoz(argv));
    expect(parallelRuns.count, 'no parallel run completed').toBe(before);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/^atoz: error: Line 2501 starts a record longer than 32 million characters/);
    expect(parallel.stderr).toBe(single.stderr);
    expect(parallel.code).toBe(2);
  });
});
