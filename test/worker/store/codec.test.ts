import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../../../shared/schemas/order-row.js';
import { decodeRow, encodeRow } from '../../../worker/store/codec.js';
import { encodeImportLines } from '../../../worker/store/encode-line.js';
import { packImportLines, transferable, unpackImportLines } from '../../../worker/store/packed-lines.js';
import { orderLine, reportCells } from './lines.js';

describe('stored row text', () => {
  it('is the same text for equal rows whatever order their fields were set in (re-imports compare text)', () => {
    const { row } = orderLine(7, { claimStatus: 'open', orderStatus: 'Shipped "fast"\n送货', claimAt: Date.UTC(2024, 2, 10) });
    const entries = Object.entries(row);
    fc.assert(
      fc.property(fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }), (shuffled) => {
        expect(encodeRow(Object.fromEntries(shuffled) as OrderRow)).toBe(encodeRow(row));
      }),
    );
  });

  it('leaves absent fields out and reads back to the same row, every field present', () => {
    const { row } = orderLine(7, { claimStatus: 'open' });
    const text = encodeRow(row);
    expect(text).not.toContain('appealAt');
    expect(decodeRow(text)).toStrictEqual(row);
    expect(Object.keys(decodeRow(text))).toEqual(Object.keys(row));
    expect(encodeRow({} as OrderRow)).toBe('{}');
  });
});

describe('packed import lines (a batch as one block of bytes between threads)', () => {
  it('unpack to the very lines packed, any text, with lines of one header list sharing one array', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string({ unit: 'binary' }), fc.boolean()), { maxLength: 20 }), (texts) => {
        const first = reportCells({ a: '', b: '' }).headers;
        const second = reportCells({ c: '' }).headers;
        const lines = encodeImportLines(
          texts.map(([sku, text, other], i) => ({
            ...orderLine(i, { sku: sku || undefined, orderStatus: text }),
            cells: { headers: other ? second : first, values: other ? [text] : [text, sku] },
          })),
        );
        const packed = packImportLines(lines);
        expect(packed.count).toBe(lines.length);
        const back = unpackImportLines(packed);
        expect(back).toEqual(lines);
        const firsts = back.filter((line) => line.headers.length === 2);
        for (const line of firsts) expect(line.headers).toBe(firsts[0]!.headers);
      }),
    );
  });

  it('transfer a buffer of exactly their bytes (a view into a larger buffer is copied first)', () => {
    const packed = packImportLines(encodeImportLines([orderLine(1)]));
    expect(transferable(packed).buffer.byteLength).toBe(packed.bytes.byteLength);
    const larger = new Uint8Array(packed.bytes.byteLength + 10);
    larger.set(packed.bytes, 5);
    const view = { count: 1, bytes: larger.subarray(5, 5 + packed.bytes.byteLength) };
    const moved = transferable(view);
    expect(moved.buffer).not.toBe(larger.buffer);
    expect(moved.buffer.byteLength).toBe(packed.bytes.byteLength);
    expect(unpackImportLines(moved.packed)).toEqual(unpackImportLines(packed));
  });
});
