/**
 * Benchmark input files under .bench/, generated once and reused.
 * A file is reused when its sidecar records the same rows, seed and as-of, the size on disk matches,
 * and its first bytes equal what the current generator produces (so a changed generator regenerates).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { generateOrders, writeOrders, type GenerateOptions } from './orders-generator.js';

export interface Dataset extends GenerateOptions {
  file: string;
  bytes: number;
  reused: boolean;
}

interface Sidecar extends GenerateOptions {
  bytes: number;
}

const FINGERPRINT_LINES = 2_000;

export function datasetPath(dir: string, opts: GenerateOptions): string {
  const asOf = opts.asOf.replace(/[^0-9A-Za-z]/g, '');
  return join(dir, `orders-${opts.rows}-seed${opts.seed}-${asOf}.tsv`);
}

export async function ensureDataset(
  dir: string,
  opts: GenerateOptions,
  log: (message: string) => void,
): Promise<Dataset> {
  const file = datasetPath(dir, opts);
  const sidecarFile = `${file}.json`;
  const existing = await reusableSize(file, sidecarFile, opts);
  if (existing !== undefined) return { ...opts, file, bytes: existing, reused: true };

  await mkdir(dir, { recursive: true });
  log(`generating ${opts.rows.toLocaleString('en-US')} rows → ${file}`);
  // Written under a temporary name so an interrupted run never leaves a file that looks complete.
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  await writeOrders(opts, out);
  out.end();
  await finished(out);
  await rename(partial, file);
  const { size } = await stat(file);
  const sidecar: Sidecar = { rows: opts.rows, seed: opts.seed, asOf: opts.asOf, bytes: size };
  await writeFile(sidecarFile, `${JSON.stringify(sidecar)}\n`);
  return { ...opts, file, bytes: size, reused: false };
}

async function reusableSize(file: string, sidecarFile: string, opts: GenerateOptions): Promise<number | undefined> {
  try {
    const sidecar = JSON.parse(await readFile(sidecarFile, 'utf8')) as Partial<Sidecar>;
    const { size } = await stat(file);
    const same =
      sidecar.rows === opts.rows && sidecar.seed === opts.seed && sidecar.asOf === opts.asOf && sidecar.bytes === size;
    return same && (await headMatches(file, opts)) ? size : undefined;
  } catch {
    return undefined; // missing or unreadable: regenerate
  }
}

async function headMatches(file: string, opts: GenerateOptions): Promise<boolean> {
  let expected = '';
  let lines = 0;
  for (const line of generateOrders(opts)) {
    expected += `${line}\n`;
    if (++lines > FINGERPRINT_LINES) break;
  }
  const want = Buffer.from(expected, 'utf8');
  const handle = await open(file, 'r');
  try {
    const got = Buffer.alloc(want.length);
    const { bytesRead } = await handle.read(got, 0, want.length, 0);
    return bytesRead === want.length && got.equals(want);
  } finally {
    await handle.close();
  }
}

