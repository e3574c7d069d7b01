import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../../../shared/schemas/order-row.js';
import { decodeRow, encodeRow } from '../../../worker/store/codec.js';
import { orderLine } from './lines.js';

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
