import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ReplacingDecoder } from '../../shared/report/decode.js';
import type { EncodingName } from '../../shared/report/encodings.js';
import { ReportFormatError } from '../../shared/report/records.js';
import { RecordSplitter, type RawRecord } from '../../shared/report/split-records.js';
import { cutAt, outcome, readAll } from './helpers.js';

const encode = (text: string) => Array.from(new TextEncoder().encode(text));

/** Pieces of report-like bytes, including the awkward ones: cut and invalid characters, BOMs, NULs, quotes. */
const FRAGMENTS: number[][] = [
  ...['a', 'order-id', '111-2223334-5556667', ' ', '\t', '\t\t', ',', ';', '"', '""', '\r', '\n', '\r\n', '\n\n'].map(encode),
  ...['é', 'ü', '日本', 'テスト', '🍎', '12" x 18"', '\uFFFD', '\uFEFF'].map(encode),
  [0xff],
  [0x80],
  [0xe3, 0x81],
  [0xf0, 0x9f],
  [0xef, 0xbb, 0xbf],
  [0xe9],
  [0x82, 0xa0],
  [0x00],
  [0x00, 0x41],
];

const reportLikeBytes = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 120 })
  .map((parts) => Uint8Array.from(parts.flat()));

/** Some bytes and a few offsets to cut them at. */
const withCuts = (bytes: fc.Arbitrary<Uint8Array>) =>
  bytes.chain((b) => fc.tuple(fc.constant(b), fc.array(fc.nat({ max: Math.max(b.length, 1) }), { maxLength: 12 })));

const readOptions = fc.record(
  {
    encoding: fc.constantFrom('utf-8', 'windows-1252', 'shift_jis', 'utf-16le', 'utf16'),
    delimiter: fc.constantFrom('\t', ',', ';'),
  },
  { requiredKeys: [] },
);

describe('openRecords on arbitrary input (property)', () => {
  it('never throws anything but ReportFormatError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 3000 }), reportLikeBytes), readOptions, async (bytes, options) => {
        try {
          await readAll(bytes, options);
        } catch (error) {
          expect(error).toBeInstanceOf(ReportFormatError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same records, warnings and errors however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(withCuts(fc.oneof(reportLikeBytes, fc.uint8Array({ maxLength: 600 }))), async ([bytes, cuts]) => {
        expect(await outcome(cutAt(bytes, cuts))).toEqual(await outcome(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it('1-byte chunks of report-like bytes give the same result as one chunk', async () => {
    await fc.assert(
      fc.asyncProperty(reportLikeBytes, async (bytes) => {
        const oneByteChunks = cutAt(bytes, Array.from(bytes.keys()));
        expect(await outcome(oneByteChunks)).toEqual(await outcome(bytes));
      }),
      { numRuns: 100 },
    );
  });

  it('chunking is invariant past the 64 KB sample and across many parses too', async () => {
    const rows = fc.array(fc.constantFrom(...FRAGMENTS.slice(0, 22)), { minLength: 1, maxLength: 40 });
    const bigInput = fc.array(rows, { minLength: 1, maxLength: 8 }).map((blocks) => {
      // Repeat the blocks until the input is past the 64 KB sample and several parse pieces long.
      const block = blocks.flat().flat();
      const out: number[] = [];
      while (out.length < 200_000) out.push(...block, 0x0a);
      return Uint8Array.from(out);
    });
    await fc.assert(
      fc.asyncProperty(withCuts(bigInput), async ([bytes, cuts]) => {
        expect(await outcome(cutAt(bytes, cuts))).toEqual(await outcome(bytes));
      }),
      { numRuns: 15 },
    );
  }, 60_000);

  it('tab-delimited text reads like a plain split on LF and tab', async () => {
    const tabText = fc
      .array(fc.constantFrom('a', 'é', '日', '🍎', '"', ' ', ',', '\t', '\n', '\r\n', '\n\n', '  \n'), { minLength: 1, maxLength: 200 })
      .map((parts) => 'x\ty\n' + parts.join(''));
    await fc.assert(
      fc.asyncProperty(tabText, async (text) => {
        const { records } = await readAll(text);
        expect(records).toEqual(naiveTabSplit(text));
      }),
      { numRuns: 300 },
    );
  });
});

/** The reference for tab-delimited files: lines on LF, CR dropped at line end, blank lines skipped. */
function naiveTabSplit(text: string): RawRecord[] {
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    return line.trim() === '' && !line.includes('\t') ? [] : [{ line: i + 1, cells: line.split('\t') }];
  });
}

describe('RecordSplitter (property)', () => {
  const text = fc
    .array(fc.constantFrom('a', 'bc', '"', '""', ',', '\t', '\n', '\r\n', '\r', ' ', 'é', '\n\n'), { maxLength: 150 })
    .map((parts) => parts.join(''));
  const pieces = text.chain((t) => fc.tuple(fc.constant(t), fc.array(fc.nat({ max: Math.max(t.length, 1) }), { maxLength: 10 })));

  function split(text: string, cuts: number[], quoted: boolean, parseChars: number, batchRecords: number): RawRecord[] {
    const splitter = new RecordSplitter({ delimiter: quoted ? ',' : '\t', quoted, newline: '\n', parseChars, batchRecords });
    const records: RawRecord[] = [];
    let start = 0;
    for (const cut of [...cuts, text.length].sort((a, b) => a - b)) {
      if (cut < start) continue;
      splitter.push(text.slice(start, cut));
      start = cut;
      records.push(...(splitter.takeBatch() ?? []));
    }
    records.push(...splitter.finish());
    return records;
  }

  it.each([true, false])('quoted=%s: tiny parse pieces and batches give the same records as one parse', (quoted) => {
    fc.assert(
      fc.property(pieces, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), ([t, cuts], parseChars, batchRecords) => {
        expect(split(t, cuts, quoted, parseChars, batchRecords)).toEqual(split(t, [], quoted, 1 << 20, 1 << 20));
      }),
      { numRuns: 1000 },
    );
  });

  it('quoted CSV: same cells as papaparse on the whole text, and line numbers that add up', () => {
    fc.assert(
      fc.property(text, (t) => {
        const records = split(t, [], true, 1 << 20, 1);
        const papa = (Papa.parse(t.endsWith('\r') ? t.slice(0, -1) : t, { delimiter: ',', newline: '\n' }).data as string[][])
          .map((cells) => cells.map((cell, i) => (i === cells.length - 1 && cell.endsWith('\r') ? cell.slice(0, -1) : cell)))
          .filter((cells) => !(cells.length === 1 && cells[0]!.trim() === ''));
        expect(records.map((r) => r.cells)).toEqual(papa);
        for (let i = 1; i < records.length; i++) {
          const previous = records[i - 1]!;
          const spanned = previous.cells.join('').split('\n').length;
          expect(records[i]!.line).toBeGreaterThanOrEqual(previous.line + spanned);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ReplacingDecoder (property)', () => {
  it.each(['utf-8', 'utf-16le', 'utf-16be', 'shift_jis', 'windows-1252'] as EncodingName[])(
    '%s: decoding in chunks equals decoding at once',
    (encoding) => {
      fc.assert(
        fc.property(withCuts(fc.oneof(fc.uint8Array({ maxLength: 300 }), reportLikeBytes)), ([bytes, cuts]) => {
          const decoder = new ReplacingDecoder(encoding);
          let text = '';
          let start = 0;
          for (const cut of [...cuts, bytes.length].sort((a, b) => a - b)) {
            if (cut < start) continue;
            text += decoder.write(bytes.slice(start, cut));
            start = cut;
          }
          text += decoder.end();
          const reference = new TextDecoder(encoding);
          expect(text).toBe(reference.decode(bytes, { stream: true }) + reference.decode());
        }),
        { numRuns: 500 },
      );
    },
  );
});
