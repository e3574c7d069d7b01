import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../worker/store/index.js';
import { ReaderThreads } from '../../worker/threads/reader-threads.js';
import { EXAMPLE } from './helpers.js';

/** The nice value of each thread of this process (field 19 of /proc/self/task/TID/stat, after the name). */
function niceOfThreads(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}
const threadsAt = (nice: number) => [...niceOfThreads().values()].filter((value) => value === nice).length;

// Linux keeps a nice value per thread; elsewhere lowerThreadPriority changes nothing (and is not tested).
describe.skipIf(process.platform !== 'linux')('background threads run at a lower CPU priority than the event loop (Linux)', () => {
  const closing: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closing) await close();
  });

  it('an import reader thread takes the nice value it is given; the event loop keeps its own', async () => {
    const own = niceOfThreads().get(process.pid)!;
    const before = threadsAt(own + 7);
    const readers = new ReaderThreads({ threads: 1, nice: 7 });
    closing.push(() => readers.close());
    await readers.start();
    const reading = await readers.readImport(
      (async function* () {
        yield new TextEncoder().encode(EXAMPLE);
      })(),
      {},
    );
    for await (const batch of reading.batches) expect(batch.rows).toBeGreaterThan(0);
    expect(threadsAt(own + 7)).toBe(before + 1);
    expect(niceOfThreads().get(process.pid)).toBe(own);
  });

  it("the SQLite store's writer thread takes writerNice", async () => {
    const own = niceOfThreads().get(process.pid)!;
    const before = threadsAt(own + 5);
    const dir = mkdtempSync(join(tmpdir(), 'atoz-nice-'));
    const store: Store = await openStore({ sqlitePath: join(dir, 'atoz.sqlite'), writerNice: 5 });
    closing.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await store.createAccount('a');
    expect(threadsAt(own + 5)).toBe(before + 1);
    expect(niceOfThreads().get(process.pid)).toBe(own);
  });
});
