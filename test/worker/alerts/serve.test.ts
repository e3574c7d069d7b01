import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PATH } from '../helpers.js';
import { onCleanup, receiver, TEST_KEY, until } from './harness.js';

const MAIN = fileURLToPath(new URL('../../../worker/main.ts', import.meta.url));
const TOKEN = 'serve-alerts-token';

describe('npm run serve takes part in alerts, with nothing else to start', () => {
  it('a worker process sweeps, queues and delivers on its own', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atoz-serve-alerts-'));
    onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }));
    const hook = await receiver();
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, PORT: '0', ATOZ_API_TOKEN: TOKEN, ATOZ_DATA_DIR: dataDir, ATOZ_IMPORT_THREADS: '0', ATOZ_ALERTS_KEY: TEST_KEY, ATOZ_ALERTS_ALLOW_HOSTS: '127.0.0.1', ATOZ_ALERTS_SWEEP_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    onCleanup(async () => {
      child.kill('SIGTERM');
      await exited;
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`worker ended (${code})`)));
    });
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const added = await fetch(`${url}/v1/alerts/channels`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'slack', name: 'ops', url: `${hook.url}/hook` }) });
    expect(added.status).toBe(201);
    // The account's first sweep (its baseline) happens on its own within the second.
    const db = new SQLite(join(dataDir, 'atoz.sqlite'), { readonly: true });
    onCleanup(async () => void db.close());
    await until(() => (db.prepare('select swept_at from alert_settings').get() as { swept_at: string | null } | undefined)?.swept_at != null);
    expect(hook.received).toEqual([]);

    const imported = await fetch(`${url}/v1/imports`, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/csv' }, body: readFileSync(EXAMPLE_PATH) });
    expect(imported.status).toBe(201);
    // The example's open claims are new: the worker's own loop sweeps and sends them.
    await until(() => hook.received.length >= 2);
    const texts = hook.received.map((r) => JSON.parse(r.body).text as string);
    expect(texts).toEqual(expect.arrayContaining(['New A-to-z claim']));
    await until(async () => ((await (await fetch(`${url}/v1/alerts/deliveries`, { headers: auth })).json()) as { items: { state: string }[] }).items.every((d) => d.state === 'sent'));
  }, 60_000);
});
