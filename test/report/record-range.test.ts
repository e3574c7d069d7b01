import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openRecords, readRecordRange, type RawRecord } from '../../shared/report/records.js';
import { encodeShiftJis, encodeWindows1252 } from '../helpers/legacy-encodings.js';

/**
 * readRecordRange reads a byte range of a tab-delimited report as openRecords reads those lines of the whole file:
 * the parallel evaluator (cli/parallel/) stands on this.
 */

const LF = 0x0a;
const ENCODINGS = ['utf-8', 'windows-1252', 'shift_jis'] as const;
type Encoding = (typeof ENCODINGS)[number];

const encode = (text: string, encoding: Encoding): Uint8Array =>
  encoding === 'utf-8' ? new TextEncoder().encode(text) : encoding === 'windows-1252' ? encodeWindows1252(text) : encodeShiftJis(text);

/** Cells with what can go wrong at a line's start or end: BOM-like U+FEFF, CR, blanks, non-ASCII, bare quotes. */
const cell = fc.constantFrom('111-2223334-5556667', '', ' ', '\uFEFFx', 'é', 'テスト', '12" x 18"', '2024-03-01T10:00:00Z', 'a\r');
const line = fc.oneof(fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join('\t')), fc.constantFrom('', '  ', '\r', '\t\t'));

/** Reads the whole file with openRecords, and the body in ranges cut at the given line feeds with readRecordRange. */
async function readBothWays(bytes: Uint8Array, encoding: Encoding, cuts: number[]) {
  const whole = await openRecords(bytes, { encoding, delimiter: '\t' });
  const records: RawRecord[] = [];
  for await (const batch of whole.batches) records.push(...batch);

  const bodyStart = bytes.indexOf(LF) + 1; // the header is line 1
  const lineFeeds = [...bytes.keys()].filter((i) => bytes[i] === LF && i >= bodyStart);
  const starts = [...new Set([bodyStart, ...cuts.map((c) => lineFeeds[c % Math.max(lineFeeds.length, 1)]! + 1).filter((s) => s > bodyStart && s < bytes.length)])].sort((a, b) => a - b);
  const ranged: RawRecord[] = [];
  const invalidLines: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const firstLine = 1 + bytes.subarray(0, start).filter((b) => b === LF).length;
    const range = readRecordRange(bytes.subarray(start, starts[i + 1] ?? bytes.length), { encoding, delimiter: '\t', firstLine });
    for await (const batch of range.batches) ranged.push(...batch);
    const invalid = range.invalidBytesLine();
    if (invalid !== undefined) invalidLines.push(invalid);
  }
  return { whole: records.slice(1), warnings: whole.warnings, ranged, firstInvalidLine: invalidLines[0] };
}

describe('readRecordRange', () => {
  it('gives the records and line numbers of the whole file, however the body is cut at line feeds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENCODINGS),
        fc.array(line, { minLength: 1, maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (encoding, lines, eol, cuts) => {
          const bytes = encode(`order-id\tdate${eol}${lines.join(eol)}${eol}`, encoding);
          const { whole, ranged } = await readBothWays(bytes, encoding, cuts);
          expect(ranged).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a U+FEFF at the start of a range as text', async () => {
    const bytes = new TextEncoder().encode('order-id\n\uFEFFa\n\uFEFFb\n');
    const { whole, ranged } = await readBothWays(bytes, 'utf-8', [0]);
    expect(whole.map((r) => r.cells[0])).toEqual(['\uFEFFa', '\uFEFFb']);
    expect(ranged).toEqual(whole);
  });

  it('names the physical line of the first bytes it could not decode', async () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('order-id\na\n\nb\n'), 0xff, ...new TextEncoder().encode('c\nd\xff\n')]);
    const { warnings, firstInvalidLine } = await readBothWays(bytes, 'utf-8', [2]);
    expect(warnings[0]).toContain('on line 5');
    expect(firstInvalidLine).toBe(5);
  });

  it('refuses what cannot be cut at line feeds', () => {
    expect(() => readRecordRange(new Uint8Array(), { encoding: 'utf-16le', delimiter: '\t', firstLine: 2 })).toThrow(/cannot split/);
    expect(() => readRecordRange(new Uint8Array(), { encoding: 'utf-8', delimiter: ',', firstLine: 2 })).toThrow(/cannot split/);
  });
});
