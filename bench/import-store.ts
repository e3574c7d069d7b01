/**
 * Import throughput of the worker's store, SQLite and PostgreSQL:
 *
 *   npx tsx bench/import-store.ts [--rows 100000] [--backend sqlite|postgres|both]
 *
 * Imports a generated "All Orders" report the way the worker does: the shared report reader parses it
 * batch by batch, each batch's valid lines are staged, then the import is committed. Three imports into
 * a fresh store: the report (all lines inserted), the same report again (all unchanged), and the report
 * with a report-owned field changed on every line (all updated). "store" counts only the time spent in
 * the store's calls (stage + commit); "import" also counts the parsing, as an upload would; "CPU" is the
 * processor time the import took in this process plus the PostgreSQL server's processes (Linux /proc),
 * a figure that, unlike wall time, does not depend on what else the machine is running.
 * PostgreSQL: DATABASE_URL, else ATOZ_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test;
 * the tables go into a fresh schema that is dropped afterwards. SQLite: a temp directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openReport } from '../shared/report/read-report.js';
import type { OrderRow } from '../shared/schemas/order-row.js';
import { encodeImportLines, lineKeyOf, openStore, type ImportCounts, type ImportLine, type Store, type StoreOptions } from '../worker/store/index.js';
import { DEFAULT_AS_OF, DEFAULT_SEED, generateOrders } from './orders-generator.js';
import { formatInt, renderTable } from './table.js';

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

interface Timing {
  label: string;
  lines: number;
  storeMs: number;
  totalMs: number;
  cpuMs: number;
  counts: ImportCounts;
}

const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU time of the PostgreSQL server's processes on this machine, from /proc (0 where there is none). */
function postgresCpuMs(): number {
  let ms = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS; // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return ms;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000 + postgresCpuMs();
}

/** Imports the report once, as the worker does; `change` alters each row before it is staged. */
async function importReport(store: Store, accountId: string, text: string, label: string, change?: (row: OrderRow) => OrderRow): Promise<Timing> {
  const start = performance.now();
  const startCpu = cpuMs();
  let storeMs = 0;
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const before = performance.now();
    try {
      return await call();
    } finally {
      storeMs += performance.now() - before;
    }
  };
  const report = await openReport(text);
  const started = await timed(() => store.beginImport(accountId, 'bench.tsv'));
  let lines = 0;
  for await (const { items } of report.batches) {
    const batch: ImportLine[] = [];
    for (const item of items) {
      if (!item.row) continue;
      const cells = { headers: report.headers, values: item.cells };
      const row = change ? change(item.row) : item.row;
      batch.push({ lineKey: lineKeyOf(row), row, cells });
    }
    lines += batch.length;
    await timed(() => store.stageImportLines(accountId, started.id, encodeImportLines(batch)));
  }
  const done = await timed(() => store.commitImport(accountId, started.id, [], []));
  return { label, lines, storeMs, totalMs: performance.now() - start, cpuMs: cpuMs() - startCpu, counts: done.counts };
}

async function timeImports(options: StoreOptions, text: string): Promise<Timing[]> {
  const store = await openStore(options);
  try {
    const account = await store.createAccount('bench');
    const updated = (row: OrderRow): OrderRow => ({ ...row, orderStatus: `${row.orderStatus ?? ''} (updated)` });
    return [
      await importReport(store, account, text, 'first import'),
      await importReport(store, account, text, 'same file again'),
      await importReport(store, account, text, 'every line changed', updated),
    ];
  } finally {
    await store.close();
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

async function main() {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, backend: { type: 'string', default: 'both' } } });
  const rows = Number(values.rows.replaceAll('_', ''));
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`--rows must be a whole number ≥ 1, got "${values.rows}"`);
  if (!['sqlite', 'postgres', 'both'].includes(values.backend)) throw new Error('--backend is sqlite, postgres or both');
  const text = [...generateOrders({ rows, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF })].join('\n');

  const results: [string, Timing][] = [];
  if (values.backend !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'atoz-bench-'));
    try {
      log(`SQLite in ${dir}…`);
      for (const t of await timeImports({ dataDir: dir }, text)) results.push(['SQLite', t]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.backend !== 'sqlite') {
    const url = process.env.DATABASE_URL || process.env.ATOZ_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
    const shownUrl = url.replace(/\/\/[^@/]*@/, '//');
    if (await reachable(url)) {
      const schema = `atoz_bench_${process.pid}`;
      try {
        log(`PostgreSQL at ${shownUrl}, schema ${schema}…`);
        for (const t of await timeImports({ databaseUrl: url, schema }, text)) results.push(['PostgreSQL', t]);
      } finally {
        await dropSchema(url, schema);
      }
    } else {
      log(`PostgreSQL not reachable at ${shownUrl}: skipped`);
    }
  }

  const rate = (n: number, ms: number) => formatInt(Math.round((n / ms) * 1000));
  console.log(
    renderTable(
      ['store', 'import', 'lines', 'inserted / updated / unchanged', 'store s', 'store rows/s', 'import s', 'import rows/s', 'CPU s'],
      results.map(([store, t]) => [
        store,
        t.label,
        formatInt(t.lines),
        `${formatInt(t.counts.inserted)} / ${formatInt(t.counts.updated)} / ${formatInt(t.counts.unchanged)}`,
        (t.storeMs / 1000).toFixed(2),
        rate(t.lines, t.storeMs),
        (t.totalMs / 1000).toFixed(2),
        rate(t.lines, t.totalMs),
        (t.cpuMs / 1000).toFixed(2),
      ]),
    ),
  );
}

await main();
