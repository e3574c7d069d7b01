/**
 * `npx tsx bench/merge-worker.ts`: the files of bench/merge.ts (run it first: it writes them into .bench/) as worker
 * imports, in this process (the app called through app.request, the upload streamed from the file) on a fresh SQLite
 * store with its writer thread: the 500k-line orders report, then the 50k feedback and 50k returns lines (kept as
 * facts by order). Prints each import's wall time and counts, and this process's peak RSS (VmHWM) after each.
 * Figures for reading, never asserted.
 */
import { createReadStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createApp } from '../worker/app/create-app.js';
import { openStore } from '../worker/store/index.js';
import { formatSeconds, renderTable } from './table.js';

const BENCH_DIR = join(fileURLToPath(new URL('..', import.meta.url)), '.bench');
const TOKEN = 'bench-token';

const peakRssMb = () => {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? `${(Number(line.replace(/\D+/g, '')) / 1024).toFixed(1)} MB` : 'n/a';
};

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('hex');
}

async function main(): Promise<void> {
  const files = readdirSync(BENCH_DIR);
  const pick = (prefix: string) => {
    const name = files.find((f) => f.startsWith(prefix) && f.endsWith('.tsv'));
    if (!name) throw new Error(`no ${prefix}*.tsv in .bench/: run npx tsx bench/merge.ts first`);
    return join(BENCH_DIR, name);
  };
  const runs = [pick('orders-500000-'), pick('feedback-'), pick('returns-')];
  const dir = mkdtempSync(join(tmpdir(), 'atoz-merge-worker-'));
  const store = await openStore({ dataDir: dir });
  try {
    await store.ensureTokenAccount(await sha256Hex(TOKEN), 'bench', 'bench');
    const app = createApp({ store, corsOrigins: [], bodyLimitBytes: 1 << 30, now: Date.now, logError: (e) => console.error(e) });
    const rows: string[][] = [];
    for (const file of runs) {
      const body = Readable.toWeb(createReadStream(file, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>;
      const started = performance.now();
      const response = await app.request(`/v1/imports?fileName=${encodeURIComponent(file.split('/').pop()!)}`, {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/tab-separated-values' },
      } as RequestInit);
      const answer = (await response.json()) as { counts?: Record<string, number> };
      const seconds = (performance.now() - started) / 1000;
      if (response.status !== 201) throw new Error(`${file}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
      rows.push([file.split('/').pop()!, formatSeconds(seconds), JSON.stringify(answer.counts), peakRssMb()]);
      process.stderr.write(`bench: ${rows.at(-1)!.join('  ')}\n`);
    }
    process.stdout.write(`\nworker imports (in process, SQLite with its writer thread)\n\n${renderTable(['import', 'time', 'counts', 'peak RSS so far'], rows)}\n`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
