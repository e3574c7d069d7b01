/**
 * `npm run bench:worker`: the worker's memory and latency, measured against the built worker
 * (`node dist/worker/main.js`) running as a child process on a fresh SQLite store.
 *
 *   npx tsx bench/worker.ts [--rows N] [--lookup-rows N] [--clients N] [--seconds S] [--import-rows N]
 *                           [--imports-only] [--import-store sqlite|postgres|both]
 *
 * 1. A report of --rows (default 1,000,000) lines, generated into .bench/ like `npm run bench`, is
 *    POSTed to /v1/evaluate streamed (chunked) with Accept: application/x-ndjson, and the answer read
 *    to the end. The worker's peak RSS is its VmHWM from /proc/PID/status (Linux), read right after.
 * 2. A --lookup-rows (default 10,000) report is imported, then --clients (50) clients send
 *    GET /v1/orders/:id for random order ids of it, back to back over keep-alive connections, for
 *    --seconds (10): p50/p99 latency and throughput.
 * 3. Import throughput through HTTP: a --import-rows (default 100,000) report POSTed to /v1/imports twice
 *    (all lines new, then all unchanged) to a fresh worker on SQLite and, when it answers, on PostgreSQL
 *    (DATABASE_URL, else ATOZ_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; a schema of
 *    its own, dropped afterwards). The store alone, parse included: bench/import-store.ts.
 *    --imports-only runs just this part, on --import-store (default both).
 * 4. Latency under concurrent imports (issue 15): on a fresh worker per store (SQLite, and PostgreSQL when it answers),
 *    --lookup-rows are imported, then --concurrent-imports (default 8) POSTs of a --concurrent-rows (default 50,000)
 *    report run at once while one client probes /healthz and another GET /v1/orders/:id back to back (5 ms apart)
 *    until the last import answers: p50 / p99 / max of each, beside each other. Target: p99 < 100 ms, max < 250 ms.
 *    With them the load average when the imports started and ended, and the CPU time of the worker's event-loop
 *    thread against the time it waited for a CPU (schedstat): on a shared machine, stalls come from that wait.
 *    --concurrent-only runs just this part, on --import-store.
 * The body limit is raised for the run (ATOZ_BODY_LIMIT_BYTES) since a 1M-row report is ~330 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureDataset, type Dataset } from './dataset.js';
import { DEFAULT_AS_OF, DEFAULT_SEED } from './orders-generator.js';
import { formatInt, formatMb, formatSeconds, MB, renderTable, verdict } from './table.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DIR = join(REPO_ROOT, '.bench');
const WORKER_SCRIPT = join(REPO_ROOT, 'dist', 'worker', 'main.js');
const TOKEN = 'bench-worker-token';
const RSS_TARGET_BYTES = 256 * MB;
const IMPORT_TARGET_ROWS_PER_SECOND = 20_000;

const log = (message: string) => process.stderr.write(`bench:worker: ${message}\n`);

interface Options {
  rows: number;
  lookupRows: number;
  clients: number;
  seconds: number;
  importRows: number;
  importsOnly: boolean;
  importStores: { sqlite: boolean; postgres: boolean };
  concurrentImports: number;
  concurrentRows: number;
  concurrentOnly: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      'lookup-rows': { type: 'string' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
      'import-rows': { type: 'string' },
      'imports-only': { type: 'boolean' },
      'import-store': { type: 'string' },
      'concurrent-imports': { type: 'string' },
      'concurrent-rows': { type: 'string' },
      'concurrent-only': { type: 'boolean' },
    },
    strict: true,
  });
  const importStore = values['import-store'] ?? 'both';
  if (!['sqlite', 'postgres', 'both'].includes(importStore)) throw new Error(`--import-store must be sqlite, postgres or both, got "${importStore}"`);
  const positive = (flag: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, got "${text}"`);
    return n;
  };
  return {
    rows: positive('--rows', values.rows, 1_000_000),
    lookupRows: positive('--lookup-rows', values['lookup-rows'], 10_000),
    clients: positive('--clients', values.clients, 50),
    seconds: positive('--seconds', values.seconds, 10),
    importRows: positive('--import-rows', values['import-rows'], 100_000),
    importsOnly: values['imports-only'] === true,
    importStores: { sqlite: importStore !== 'postgres', postgres: importStore !== 'sqlite' },
    concurrentImports: positive('--concurrent-imports', values['concurrent-imports'], 8),
    concurrentRows: positive('--concurrent-rows', values['concurrent-rows'], 50_000),
    concurrentOnly: values['concurrent-only'] === true,
  };
}

interface WorkerProcess {
  child: ChildProcess;
  url: URL;
  exited: Promise<number | null>;
}

async function startWorker(dataDir: string, bodyLimitBytes: number, databaseUrl = ''): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [WORKER_SCRIPT], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ATOZ_DATA_DIR: dataDir, ATOZ_API_TOKEN: TOKEN, ATOZ_BODY_LIMIT_BYTES: String(bodyLimitBytes), DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before listening:\n${output}`)));
  });
  return { child, url, exited };
}

/** VmRSS / VmHWM (peak) of a process, in bytes, from /proc (Linux); null elsewhere. */
function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

interface Upload {
  status: number;
  seconds: number;
  responseBytes: number;
  responseLines: number;
  body: string;
}

/** POSTs a file streamed (chunked), reading the answer to the end; keeps only the last bytes of a long answer. */
function postFile(url: URL, file: string, headers: Record<string, string>): Promise<Upload> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Transfer-Encoding': 'chunked', ...headers } }, (res) => {
      let responseBytes = 0;
      let responseLines = 0;
      let tail = '';
      res.on('data', (chunk: Buffer) => {
        responseBytes += chunk.length;
        for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) responseLines++;
        tail = (tail + chunk.toString('utf8')).slice(-4096);
      });
      res.on('end', () => resolve({ status: res.statusCode!, seconds: (performance.now() - started) / 1000, responseBytes, responseLines, body: tail }));
      res.on('error', reject);
    });
    req.on('error', reject);
    createReadStream(file, { highWaterMark: 1 << 16 }).pipe(req);
  });
}

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
}

/** `clients` loops, each sending its next GET as soon as the previous answer is read, for `seconds`. */
async function loadOrders(url: URL, orderIds: string[], clients: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(new URL(path, url), { agent, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end();
    });
  const client = async () => {
    while (performance.now() < deadline) {
      const id = orderIds[Math.floor(Math.random() * orderIds.length)]!;
      const t0 = performance.now();
      try {
        const status = await get(`/v1/orders/${encodeURIComponent(id)}`);
        if (status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, seconds: elapsed, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? NaN };
}

async function stopWorker(worker: WorkerProcess): Promise<void> {
  worker.child.kill('SIGTERM');
  const code = await worker.exited;
  if (code !== 0) log(`the worker exited with ${code} after SIGTERM`);
}

interface ImportTiming {
  store: string;
  label: string;
  seconds: number;
  counts: { inserted: number; updated: number; unchanged: number; rejected: number };
  /** The worker's VmHWM after this import (its peak so far). */
  peakRss: number | null;
}

/** The report POSTed to /v1/imports of a fresh worker twice: every line new, then every line unchanged. */
async function timeImports(store: string, dataset: Dataset, databaseUrl: string): Promise<ImportTiming[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'atoz-bench-import-'));
  const worker = await startWorker(dataDir, Math.max(256 * MB, dataset.bytes + MB), databaseUrl);
  try {
    const timings: ImportTiming[] = [];
    for (const label of ['first import', 'same file again']) {
      log(`${store}: POST /v1/imports, ${formatInt(dataset.rows)} rows (${label})`);
      const upload = await postFile(new URL('/v1/imports', worker.url), dataset.file, { 'Content-Type': 'text/tab-separated-values' });
      if (upload.status !== 201) throw new Error(`import answered ${upload.status}: ${upload.body}`);
      const counts = (JSON.parse(upload.body) as { counts: ImportTiming['counts'] }).counts;
      timings.push({ store, label, seconds: upload.seconds, counts, peakRss: memoryOf(worker.child.pid!)?.peak ?? null });
    }
    return timings;
  } finally {
    await stopWorker(worker);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Runs `work` with a PostgreSQL URL whose search_path is a fresh schema, dropped afterwards; null if no server answers. */
async function withPostgresSchema<T>(work: (url: string) => Promise<T>): Promise<T | null> {
  const url = process.env.DATABASE_URL || process.env.ATOZ_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch {
    log(`PostgreSQL not reachable at ${url.replace(/\/\/[^@/]*@/, '//')}: import on PostgreSQL skipped`);
    return null;
  }
  const schema = `atoz_bench_worker_${process.pid}`;
  try {
    await client.query(`create schema ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    return await work(scoped.toString());
  } finally {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}

/** The order ids of a generated report (its first column), deduplicated. */
async function orderIdsOf(dataset: Dataset): Promise<string[]> {
  const lines = (await readFile(dataset.file, 'utf8')).split('\n').slice(1);
  return [...new Set(lines.filter(Boolean).map((line) => line.slice(0, line.indexOf('\t'))))];
}

/** Phase 3: the import report POSTed twice to fresh workers on the chosen stores. */
async function runImports(opts: Options): Promise<string> {
  const importSet = await ensureDataset(BENCH_DIR, { rows: opts.importRows, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF }, log);
  const imports = [
    ...(opts.importStores.sqlite ? await timeImports('SQLite', importSet, '') : []),
    ...(opts.importStores.postgres ? ((await withPostgresSchema((url) => timeImports('PostgreSQL', importSet, url))) ?? []) : []),
  ];
  return [
    `POST /v1/imports of ${formatInt(importSet.rows)} rows (${formatMb(importSet.bytes)}) to a fresh worker, twice; rows/s = report rows / seconds from the first byte sent to the answer`,
    '',
    renderTable(
      ['store', 'import', 'inserted / updated / unchanged', 'seconds', 'rows/s', 'target', 'result', 'worker peak RSS'],
      imports.map((t) => {
        const rate = importSet.rows / t.seconds;
        const targeted = t.store === 'PostgreSQL';
        return [
          t.store,
          t.label,
          `${formatInt(t.counts.inserted)} / ${formatInt(t.counts.updated)} / ${formatInt(t.counts.unchanged)}`,
          t.seconds.toFixed(2),
          formatInt(Math.round(rate)),
          targeted ? '≥ 20,000' : '',
          targeted ? verdict(rate >= IMPORT_TARGET_ROWS_PER_SECOND) : '',
          formatMb(t.peakRss),
        ];
      }),
    ),
    '',
  ].join('\n');
}

interface Probe {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
}

/** One client GETting `path()` back to back (`pauseMs` apart) until `until` settles. */
async function probe(url: URL, path: () => string, until: Promise<unknown>, pauseMs = 5): Promise<Probe> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  let errors = 0;
  while (!done) {
    const t0 = performance.now();
    const status = await new Promise<number>((resolve) => {
      const req = request(new URL(path(), url), { agent, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', () => resolve(0));
      req.end();
    });
    latencies.push(performance.now() - t0);
    if (status !== 200) errors++;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? NaN, requests: latencies.length, errors };
}

interface ConcurrentResult {
  store: string;
  seconds: number;
  health: Probe;
  orders: Probe;
  /** Load average (1/5/15 min) when the imports started and when they ended. */
  load: { start: string; end: string };
  /** The worker's event-loop thread over the imports: seconds on a CPU, and runnable but waiting for one (Linux). */
  mainThread: { ran: number; waited: number } | null;
}

const loadNow = () => loadavg().map((l) => l.toFixed(1)).join(' / ');

/** run and run-queue wait of a thread, in ns, from /proc/PID/task/TID/schedstat (Linux); null elsewhere. */
function schedstatOf(pid: number, tid = pid): { run: number; wait: number } | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { run: run!, wait: wait! } : null;
  } catch {
    return null;
  }
}

/** Phase 4 on one store: the probes' latency while `imports` reports are imported at once. */
async function timeConcurrent(store: string, lookup: Dataset, concurrent: Dataset, imports: number, databaseUrl: string): Promise<ConcurrentResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'atoz-bench-concurrent-'));
  const worker = await startWorker(dataDir, Math.max(256 * MB, concurrent.bytes + MB), databaseUrl);
  try {
    const seeded = await postFile(new URL('/v1/imports', worker.url), lookup.file, { 'Content-Type': 'text/tab-separated-values' });
    if (seeded.status !== 201) throw new Error(`import answered ${seeded.status}: ${seeded.body}`);
    const ids = await orderIdsOf(lookup);
    log(`${store}: ${imports} concurrent imports of ${formatInt(concurrent.rows)} rows, probing /healthz and GET /v1/orders/:id`);
    const loadAtStart = loadNow();
    const schedAtStart = schedstatOf(worker.child.pid!);
    const started = performance.now();
    const uploads = Promise.all(
      Array.from({ length: imports }, () => postFile(new URL('/v1/imports', worker.url), concurrent.file, { 'Content-Type': 'text/tab-separated-values' })),
    );
    const [results, health, orders] = await Promise.all([
      uploads,
      probe(worker.url, () => '/healthz', uploads),
      probe(worker.url, () => `/v1/orders/${encodeURIComponent(ids[Math.floor(Math.random() * ids.length)]!)}`, uploads),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const schedAtEnd = schedstatOf(worker.child.pid!);
    const failed = results.filter((r) => r.status !== 201);
    if (failed.length > 0) throw new Error(`${failed.length} imports failed: ${failed[0]!.status} ${failed[0]!.body}`);
    const mainThread = schedAtStart && schedAtEnd ? { ran: (schedAtEnd.run - schedAtStart.run) / 1e9, waited: (schedAtEnd.wait - schedAtStart.wait) / 1e9 } : null;
    return { store, seconds, health, orders, load: { start: loadAtStart, end: loadNow() }, mainThread };
  } finally {
    await stopWorker(worker);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runConcurrent(opts: Options): Promise<string> {
  const lookup = await ensureDataset(BENCH_DIR, { rows: opts.lookupRows, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF }, log);
  const concurrent = await ensureDataset(BENCH_DIR, { rows: opts.concurrentRows, seed: DEFAULT_SEED + 1, asOf: DEFAULT_AS_OF }, log);
  const results = [
    ...(opts.importStores.sqlite ? [await timeConcurrent('SQLite', lookup, concurrent, opts.concurrentImports, '')] : []),
    ...(opts.importStores.postgres ? [await withPostgresSchema((url) => timeConcurrent('PostgreSQL', lookup, concurrent, opts.concurrentImports, url))].filter((r) => r !== null) : []),
  ];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return [
    `Latency during ${opts.concurrentImports} concurrent POST /v1/imports of ${formatInt(concurrent.rows)} rows (${formatMb(concurrent.bytes)}) each, over ${formatInt(lookup.rows)} stored rows; ` +
      `one client per probe, back to back; ${cpus().length} cores, load average (1/5/15 min) when the imports started → ended; ` +
      `ATOZ_IMPORT_THREADS=${process.env.ATOZ_IMPORT_THREADS || 'default'}, ATOZ_BACKGROUND_NICE=${process.env.ATOZ_BACKGROUND_NICE || 'default'}`,
    '',
    renderTable(
      ['store', 'probe', 'requests', 'p50', 'p99', 'max', 'target', 'result', 'imports took', 'load avg', 'event loop: ran / waited for a CPU'],
      results.flatMap((r) =>
        (
          [
            ['/healthz', r.health],
            ['GET /v1/orders/:id', r.orders],
          ] as const
        ).map(([name, p]) => [
          r.store,
          name,
          `${formatInt(p.requests)}${p.errors ? ` (${p.errors} errors)` : ''}`,
          ms(p.p50),
          ms(p.p99),
          ms(p.max),
          'p99 < 100 ms, max < 250 ms',
          verdict(p.p99 < 100 && p.max < 250 && p.errors === 0),
          formatSeconds(r.seconds),
          `${r.load.start} → ${r.load.end}`,
          r.mainThread ? `${r.mainThread.ran.toFixed(1)} s / ${r.mainThread.waited.toFixed(1)} s` : '',
        ]),
      ),
    ),
    '',
    'event loop: CPU time of the worker\'s main thread during the imports, and the time it was runnable but waited for a',
    'CPU (/proc/PID/task/PID/schedstat, Linux). A long wait means other work on the machine starved the event loop: a',
    'stall the worker cannot cause or prevent (its own import threads run at nice 10, ATOZ_BACKGROUND_NICE).',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const opts = readOptions();
  if (!existsSync(WORKER_SCRIPT)) throw new Error('dist/worker/main.js not found: run `npm run build` first (npm run bench:worker does)');
  if (opts.importsOnly) {
    process.stdout.write(`\n${await runImports(opts)}`);
    return;
  }
  if (opts.concurrentOnly) {
    process.stdout.write(`\n${await runConcurrent(opts)}`);
    return;
  }
  const big = await ensureDataset(BENCH_DIR, { rows: opts.rows, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF }, log);
  const small = await ensureDataset(BENCH_DIR, { rows: opts.lookupRows, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF }, log);
  const dataDir = await mkdtemp(join(tmpdir(), 'atoz-bench-worker-'));
  const bodyLimit = Math.max(256 * MB, big.bytes + MB);
  const worker = await startWorker(dataDir, bodyLimit);
  const pid = worker.child.pid!;
  let stopped = false;
  try {
    const atStart = memoryOf(pid);
    log(`worker pid ${pid} at ${worker.url.origin}; evaluating ${formatInt(big.rows)} rows (${formatMb(big.bytes)})`);
    const evaluation = await postFile(new URL(`/v1/evaluate?asOf=${encodeURIComponent(big.asOf)}`, worker.url), big.file, {
      'Content-Type': 'text/tab-separated-values',
      Accept: 'application/x-ndjson',
    });
    const afterEvaluate = memoryOf(pid);
    if (evaluation.status !== 200) throw new Error(`evaluate answered ${evaluation.status}: ${evaluation.body}`);
    const summaryLine = evaluation.body.trim().split('\n').pop() ?? '';
    if (!summaryLine.startsWith('{"type":"summary"')) throw new Error(`the NDJSON answer did not end with its summary: …${summaryLine.slice(-200)}`);

    log(`importing ${formatInt(small.rows)} rows`);
    const imported = await postFile(new URL('/v1/imports', worker.url), small.file, { 'Content-Type': 'text/tab-separated-values' });
    if (imported.status !== 201) throw new Error(`import answered ${imported.status}: ${imported.body}`);
    const counts = (JSON.parse(imported.body) as { counts: { inserted: number } }).counts;
    const ids = await orderIdsOf(small);

    log(`GET /v1/orders/:id with ${opts.clients} clients for ${opts.seconds} s over ${formatInt(ids.length)} orders`);
    const load = await loadOrders(worker.url, ids, opts.clients, opts.seconds);
    const atEnd = memoryOf(pid);

    await stopWorker(worker);
    stopped = true;
    const importsTable = await runImports(opts);
    const concurrentTable = await runConcurrent(opts);

    const peak = afterEvaluate?.peak ?? null;
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    process.stdout.write(
      [
        '',
        `A-to-z Claim Guard worker benchmark  (node dist/worker/main.js, SQLite, ${big.file.replace(REPO_ROOT, '')})`,
        'RSS = VmRSS / VmHWM (peak) of the worker process from /proc/PID/status; MB = 2^20 bytes; the client runs in the benchmark process on the same machine',
        '',
        renderTable(
          ['measure', 'value', 'target', 'result'],
          [
            ['worker RSS after start', formatMb(atStart?.rss ?? null), '', ''],
            [`POST /v1/evaluate NDJSON, ${formatInt(big.rows)} rows (${formatMb(big.bytes)})`, formatSeconds(evaluation.seconds), '', ''],
            ['  rows per second', formatInt(Math.round(big.rows / evaluation.seconds)), '', ''],
            ['  answer', `${formatMb(evaluation.responseBytes)}, ${formatInt(evaluation.responseLines)} lines`, '', ''],
            ['  worker peak RSS (VmHWM after the evaluation)', formatMb(peak), `< ${RSS_TARGET_BYTES / MB} MB`, verdict(peak === null ? null : peak < RSS_TARGET_BYTES)],
            [`POST /v1/imports, ${formatInt(small.rows)} rows`, `${formatSeconds(imported.seconds)} (${formatInt(counts.inserted)} lines)`, '', ''],
            [`GET /v1/orders/:id, ${opts.clients} clients, ${opts.seconds} s`, `${formatInt(load.requests)} requests`, '', ''],
            ['  requests per second', formatInt(Math.round(load.requests / load.seconds)), '', ''],
            ['  latency p50', ms(load.p50), '', ''],
            ['  latency p99', ms(load.p99), '', ''],
            ['  latency max', ms(load.max), '', ''],
            ['  errors', formatInt(load.errors), '0', verdict(load.errors === 0)],
            ['worker peak RSS over the whole run', formatMb(atEnd?.peak ?? null), '', ''],
          ],
        ),
        '',
        importsTable,
        concurrentTable,
      ].join('\n'),
    );
  } finally {
    if (!stopped) await stopWorker(worker);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
