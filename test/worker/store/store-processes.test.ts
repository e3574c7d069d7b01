import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeImportLines, openStore, type ImportLine, type Store, type StoredOrder, type StoreOptions } from '../../../worker/store/index.js';
import { BACKENDS } from './backends.js';
import { orderLines } from './lines.js';

const CHILD = fileURLToPath(new URL('./fixtures/import-child.ts', import.meta.url));

/** A worker process running fixtures/import-child.ts; `lines` collects what it prints. */
function startChild(task: object) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let waiting: { text: string; resolve: () => void } | undefined;
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (waiting && lines.at(-1)!.startsWith(waiting.text)) waiting.resolve();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return {
    child,
    lines,
    exited,
    /** Resolves when a printed line starts with `text`; rejects if the child ends first. */
    printed(text: string): Promise<void> {
      if (lines.some((l) => l.startsWith(text))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiting = { text, resolve };
        void exited.then((how) => reject(new Error(`child ended (${how}) before printing "${text}": ${stderr}`)));
      });
    },
  };
}

async function importLines(store: Store, accountId: string, lines: ImportLine[]) {
  const started = await store.beginImport(accountId, null);
  for (let i = 0; i < lines.length; i += 250) await store.stageImportLines(accountId, started.id, encodeImportLines(lines.slice(i, i + 250)));
  return store.commitImport(accountId, started.id, [], []);
}

async function allChanges(store: Store, accountId: string, since = 0): Promise<StoredOrder[]> {
  const seen: StoredOrder[] = [];
  for (;;) {
    const page = await store.changesSince(accountId, since, 1000);
    seen.push(...page.items);
    if (page.nextCursor === null) return seen;
    since = Number(page.nextCursor);
  }
}

describe.each(BACKENDS)('store on $name, several processes and stores', (backend) => {
  const opened: Store[] = [];
  async function open(location: StoreOptions): Promise<Store> {
    const store = await openStore(location);
    opened.push(store);
    return store;
  }
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await backend.cleanup();
  });

  it('an import killed in the middle of its commit leaves the orders untouched, and a rerun completes', async () => {
    const location = await backend.location();
    const store = await open(location);
    const account = await store.createAccount('seller');
    await importLines(store, account, orderLines(0, 3_000));
    const before = await allChanges(store, account);

    // 6,000 lines: 2,000 update stored ones, 4,000 are new; killed after the updates, before the new lines go in.
    const task = { store: location, accountId: account, from: 1_000, count: 6_000, orderStatus: 'Delivered' };
    const crashing = startChild({ ...task, hangAfterBatches: 1 });
    await crashing.printed('merging');
    crashing.child.kill('SIGKILL');
    expect(await crashing.exited).toBe('SIGKILL');
    const importId = crashing.lines[0]!.split(' ')[1]!;

    expect(await allChanges(store, account)).toEqual(before);
    expect((await store.getImport(account, importId))!.status).toBe('staging');
    expect(await store.cleanupStaleImports(0)).toBe(1);
    expect((await store.getImport(account, importId))!.status).toBe('failed');

    const rerun = startChild(task);
    await rerun.printed('committed');
    expect(await rerun.exited).toBe(0);
    expect(JSON.parse(rerun.lines.at(-1)!.slice('committed '.length))).toEqual({ inserted: 4_000, updated: 2_000, unchanged: 0, rejected: 0 });
    const after = await allChanges(store, account, 3_000);
    expect(after.map((o) => o.changeSeq)).toEqual(Array.from({ length: 6_000 }, (_, i) => 3_001 + i));
    expect(after.every((o) => o.row.orderStatus === 'Delivered')).toBe(true);
  });

  it('8 concurrent imports of overlapping lines: each line once, and a poller of changesSince misses nothing', async () => {
    const location = await backend.location();
    const stores = await Promise.all(Array.from({ length: 8 }, () => open(location)));
    const account = await stores[0]!.createAccount('seller');

    // The add-in's sync, running during the imports: follows the cursor, checks it only ever grows.
    let importing = true;
    const seenVersion = new Map<string, number>();
    const polled: number[] = [];
    const poller = (async () => {
      let cursor = 0;
      for (;;) {
        const last = !importing;
        const page = await stores[7]!.changesSince(account, cursor, 400);
        for (const item of page.items) {
          polled.push(item.changeSeq);
          seenVersion.set(item.lineKey, item.version);
          cursor = item.changeSeq;
        }
        if (last && page.nextCursor === null) return;
        if (page.nextCursor === null) await sleep(3);
      }
    })();

    // Import i holds lines 250·i … 250·i + 999: every line is in up to 4 imports, each with its own status.
    let results;
    try {
      results = await Promise.all(stores.map((store, i) => importLines(store, account, orderLines(i * 250, 1_000, { orderStatus: `import ${i}` }))));
    } finally {
      importing = false;
      await poller;
    }

    const distinct = 7 * 250 + 1_000;
    const changes = results.reduce((sum, r) => sum + r.counts.inserted + r.counts.updated, 0);
    expect(results.reduce((sum, r) => sum + r.counts.inserted, 0)).toBe(distinct);
    for (const r of results) expect(r.counts.inserted + r.counts.updated + r.counts.unchanged).toBe(1_000);

    const final = await allChanges(stores[3]!, account);
    expect(final).toHaveLength(distinct);
    expect(new Set(final.map((o) => o.lineKey)).size).toBe(distinct);
    const seqs = final.map((o) => o.changeSeq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
    expect(seqs.at(-1)).toBe(changes); // every change got its own number, none lost
    for (let i = 1; i < polled.length; i++) expect(polled[i]!).toBeGreaterThan(polled[i - 1]!);
    for (const line of final) expect(seenVersion.get(line.lineKey)).toBe(line.version);
  });
});
