import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { findBodyStart, splitBody } from '../../cli/parallel/plan.js';
import { parallelSettings } from '../../cli/parallel/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'atoz-plan-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function withFile<T>(bytes: Uint8Array | string, use: (file: Awaited<ReturnType<typeof open>>, size: number) => Promise<T>): Promise<T> {
  const path = join(dir, `f${++n}`);
  writeFileSync(path, bytes);
  const file = await open(path, 'r');
  try {
    return await use(file, (await file.stat()).size);
  } finally {
    await file.close();
  }
}

const lineFeedsBefore = (text: Buffer, offset: number) => text.subarray(0, offset).filter((b) => b === 0x0a).length;

describe('cutting a report into ranges of whole lines', () => {
  it('finds the body after the header line, counting blank and title lines above it', async () => {
    await withFile('title\n\norder-id\tdate\r\na\t1\r\n', async (file) => {
      expect(await findBodyStart(file, 3)).toBe('title\n\norder-id\tdate\r\n'.length);
    });
  });

  it('finds no body in a file with CR line ends (its lines are not cut at line feeds)', async () => {
    await withFile('order-id\tdate\ra\t1\rb\r', async (file) => {
      expect(await findBodyStart(file, 1)).toBeUndefined();
    });
  });

  it('covers the body with ranges that start after a line feed, each with its physical line number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[a-z\t\r]{0,30}$/), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 6 }), async (lines, count) => {
        const text = Buffer.from(`order-id\n${lines.join('\n')}${lines.length % 2 ? '\n' : ''}`);
        await withFile(text, async (file, size) => {
          const bodyStart = await findBodyStart(file, 1);
          expect(bodyStart).toBe(9);
          const ranges = await splitBody(file, bodyStart!, size, 1, count);
          expect(ranges.length).toBeLessThanOrEqual(count);
          expect(ranges[0]!.start).toBe(bodyStart);
          expect(ranges.at(-1)!.end).toBe(size);
          for (const [i, range] of ranges.entries()) {
            expect(range.end).toBeGreaterThan(range.start);
            if (i > 0) expect(range.start).toBe(ranges[i - 1]!.end);
            expect(text[range.start - 1]).toBe(0x0a);
            expect(range.firstLine).toBe(1 + lineFeedsBefore(text, range.start));
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('parallel settings (hidden switches)', () => {
  it('threads by the cores, a 32 MB threshold; ATOZ_THREADS forces a count at any size', () => {
    expect(parallelSettings({}).minBytes).toBe(32 * 1024 * 1024);
    expect(parallelSettings({}).threads).toBeGreaterThanOrEqual(1);
    expect(parallelSettings({}).threads).toBeLessThanOrEqual(4);
    expect(parallelSettings({ ATOZ_THREADS: '1' })).toEqual({ threads: 1, minBytes: 0 });
    expect(parallelSettings({ ATOZ_THREADS: '3' })).toEqual({ threads: 3, minBytes: 0 });
    expect(parallelSettings({ ATOZ_THREADS: '3', ATOZ_PARALLEL_MIN_BYTES: '1000' })).toEqual({ threads: 3, minBytes: 1000 });
    expect(parallelSettings({ ATOZ_THREADS: 'many' }).minBytes).toBe(32 * 1024 * 1024);
  });
});
