import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generateOrders } from '../../bench/orders-generator.js';
import { parallelRuns } from '../../cli/parallel/evaluate-parallel.js';
import { atoz, type CliResult } from '../helpers/cli.js';

/** Worker threads that cannot start, or fail: the main thread evaluates their ranges itself, for the same output. */

/** Per started thread, in turn: whether it cannot start, or fails while running (as on running out of memory). */
const faults = vi.hoisted(() => ({ pattern: [] as ('start' | 'run' | 'none')[], calls: 0 }));

vi.mock(import('../../cli/parallel/range-thread.js'), async (importOriginal) => {
  const original = await importOriginal();
  const start = async () => {
    const fault = faults.pattern[faults.calls++ % faults.pattern.length];
    if (fault === 'start') throw new Error('no threads today');
    const thread = await original.RangeThread.start();
    if (fault === 'run') thread.run = () => Promise.reject(new Error('ERR_WORKER_OUT_OF_MEMORY'));
    return thread;
  };
  return { ...original, RangeThread: { start } as unknown as typeof original.RangeThread };
});

const AS_OF = '2024-03-15T19:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'atoz-parallel-start-'));
const file = join(dir, 'orders.tsv');
writeFileSync(file, `${[...generateOrders({ rows: 6_000, seed: 31, asOf: AS_OF })].join('\n')}\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(threads: number, format: string): Promise<CliResult> {
  process.env.ATOZ_THREADS = String(threads);
  try {
    return await atoz(['evaluate', file, '--as-of', AS_OF, '--format', format]);
  } finally {
    delete process.env.ATOZ_THREADS;
  }
}

describe('atoz evaluate when worker threads cannot start or fail', () => {
  for (const [name, pattern] of [
    ['one of three cannot start', ['none', 'start', 'none']],
    ['none can start', ['start']],
    ['one fails while running', ['run', 'none', 'none']],
  ] as const) {
    it(`${name}: the main thread evaluates those ranges, for the same JSON as one thread`, async () => {
      faults.pattern = [...pattern];
      faults.calls = 0;
      const single = await run(1, 'json');
      const before = parallelRuns.count;
      const parallel = await run(4, 'json');
      expect(parallelRuns.count).toBe(before + 1);
      expect(faults.calls).toBe(3);
      expect(parallel.code).toBe(0);
      expect(parallel.stderr).toBe(single.stderr);
      expect(parallel.stdout === single.stdout).toBe(true);
    });
  }
});
