/**
 * `npm run bench:alerts`: what a sweep of the stored lines costs (docs/alerts.md, "Cost").
 *
 *   npx tsx bench/alerts.ts [--lines N] [--store sqlite|postgres|both]
 *
 * Stores --lines (default 1,000,000) order lines in one account of a fresh store (SQLite in a temp dir; PostgreSQL at
 * DATABASE_URL, else ATOZ_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test, in a schema of its own,
 * dropped afterwards): 2 % with an open claim, 1 % late without one, 0.5 % with an open appeal, the rest quiet. One
 * webhook channel (added first, so the account's baseline sweep is over). Then sweeps twice: the first finds every event new (marks them seen, queues them), the second is
 * the steady state (every event already seen). Per sweep: wall time, the sweeping process's CPU, and on PostgreSQL
 * the store's tables' counters (pg_statio_user_tables, pg_stat_user_tables of its schema: blocks, rows read and written).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_ALERT_SETTINGS } from '../shared/alerts/settings.js';
import { DEFAULT_POLICY } from '../shared/policy/schema.js';
import type { OrderRow } from '../shared/schemas/order-row.js';
import { SecretBox } from '../worker/alerts/seal.js';
import { AlertService, openAlertDatabase } from '../worker/alerts/service.js';
import { encodeImportLine, lineKeyOf, openStore, type StoreOptions } from '../worker/store/index.js';
import { formatInt, formatSeconds, renderTable } from './table.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, store: { type: 'string', default: 'both' } } });
const LINES = Number(values.lines);
const PG_URL = process.env.DATABASE_URL || process.env.ATOZ_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const AS_OF = Date.parse('2024-03-15T19:00:00Z');
const DAY = 86_400_000;
const log = (m: string) => process.stderr.write(`bench:alerts: ${m}\n`);

function line(i: number): OrderRow {
  const base: OrderRow = { orderId: `111-${String(i).padStart(7, '0')}-0000001`, timeZone: 'America/Los_Angeles', fulfillment: 'mfn', itemType: 'physical', chargeback: false, purchaseAt: AS_OF - (10 + (i % 60)) * DAY, maxEddAt: AS_OF - (i % 50) * DAY + 20 * DAY, deliveredAt: AS_OF - (i % 40) * DAY };
  const mod = i % 200;
  if (mod < 4) return { ...base, claimAt: AS_OF - (mod + 1) * 20 * 3_600_000 }; // 2 %: an open claim (due, due soon, overdue)
  if (mod < 6) return { ...base, deliveredAt: undefined, maxEddAt: AS_OF - 10 * DAY }; // 1 %: late, no claim
  if (mod < 7) return { ...base, claimAt: AS_OF - 30 * DAY, responseAt: AS_OF - 29 * DAY, claimStatus: 'granted', decisionAt: AS_OF - 28 * DAY }; // 0.5 %: appeal closing
  return base;
}

/** The store's own tables' counters (its schema only: other databases and schemas do not count). */
async function pgCounters(location: StoreOptions) {
  await new Promise((r) => setTimeout(r, 11_000)); // an idle backend flushes its statistics within 10 s (PGSTAT_IDLE_INTERVAL)
  const client = new pg.Client({ connectionString: location.databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_stat_clear_snapshot()');
    const { rows } = await client.query<Record<string, string>>(
      `select coalesce(sum(io.heap_blks_read + coalesce(io.idx_blks_read, 0)), 0) as blks_read,
              coalesce(sum(io.heap_blks_hit + coalesce(io.idx_blks_hit, 0)), 0) as blks_hit,
              coalesce(sum(st.seq_tup_read + coalesce(st.idx_tup_fetch, 0)), 0) as tup_read,
              coalesce(sum(st.n_tup_ins + st.n_tup_upd + st.n_tup_del), 0) as tup_written
         from pg_statio_user_tables io join pg_stat_user_tables st using (relid) where st.schemaname = $1`,
      [location.schema],
    );
    return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
  } finally {
    await client.end();
  }
}

async function run(name: 'sqlite' | 'postgres'): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-bench-alerts-'));
  const schema = `atoz_bench_alerts_${process.pid}`;
  const location: StoreOptions = name === 'sqlite' ? { dataDir: dir } : { databaseUrl: PG_URL, schema, maxConnections: 4 };
  const store = await openStore({ ...location, now: () => AS_OF });
  const alerts = new AlertService(openAlertDatabase(location), store, { box: SecretBox.fromText(Buffer.alloc(32, 7).toString('base64')), now: () => AS_OF, policy: DEFAULT_POLICY, allowHosts: new Set() });
  const rows: string[][] = [];
  try {
    const account = await store.createAccount('bench');
    await alerts.addChannel(account, { kind: 'webhook', name: 'bench', url: 'https://example.com/hook', secret: 'bench-secret-0123456789' });
    await alerts.putSettings(account, { ...DEFAULT_ALERT_SETTINGS, digestAt: null });
    await alerts.sweep(); // the account's baseline, on no lines: the lines stored next are all new to it
    log(`${name}: storing ${formatInt(LINES)} lines`);
    const started = performance.now();
    const record = await store.beginImport(account, 'bench');
    for (let at = 0; at < LINES; at += 10_000) {
      const batch = [];
      for (let i = at; i < Math.min(LINES, at + 10_000); i++) {
        const row = line(i);
        batch.push(encodeImportLine({ lineKey: lineKeyOf(row), row, cells: { headers: ['amazon-order-id'], values: [row.orderId] } }));
      }
      await store.stageImportLines(account, record.id, batch);
    }
    await store.commitImport(account, record.id, [], []);
    log(`${name}: stored in ${formatSeconds((performance.now() - started) / 1000)}`);
    for (const label of ['first sweep (every event new: seen, queued)', 'next sweep (every event seen)']) {
      const before = name === 'postgres' ? await pgCounters(location) : null;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const result = await alerts.sweep();
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu);
      const after = name === 'postgres' ? await pgCounters(location) : null;
      const db = before && after ? Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - before[k]!])) : null;
      log(`${name}: ${label}: ${formatSeconds(seconds)}, ${JSON.stringify(result)}${db ? ` db ${JSON.stringify(db)}` : ''}`);
      rows.push([
        name,
        label,
        formatInt(result.lines),
        formatSeconds(seconds),
        `${formatInt(Math.round(result.lines / seconds))}/s`,
        formatSeconds((used.user + used.system) / 1e6),
        formatInt(result.events),
        db ? `${formatInt(db.blks_hit! + db.blks_read!)} blocks (${formatInt(db.blks_read!)} not in shared buffers), ${formatInt(db.tup_read!)} rows read, ${formatInt(db.tup_written!)} written` : 'n/a',
      ]);
    }
  } finally {
    await alerts.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (name === 'postgres') {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
  return rows;
}

const rows: string[][] = [];
if (values.store !== 'postgres') rows.push(...(await run('sqlite')));
if (values.store !== 'sqlite') rows.push(...(await run('postgres')));
process.stdout.write(`${renderTable(['store', 'sweep', 'lines', 'time', 'lines/s', 'sweeper CPU', 'new events', 'database (PostgreSQL, the store\'s tables)'], rows)}\n`);
