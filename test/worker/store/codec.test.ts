import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderRowSchema, type OrderRow } from '../../../shared/schemas/order-row.js';
import { decodeRow, encodeRow } from '../../../worker/store/codec.js';
import { orderLine } from './lines.js';

const FIELDS = Object.keys(OrderRowSchema.shape) as (keyof OrderRow)[];

/** What encodeRow must write: JSON.stringify of the present fields in schema order (stored rows compare as text). */
function reference(row: OrderRow): string {
  const present: Record<string, unknown> = {};
  for (const field of FIELDS) if (row[field] !== undefined) present[field] = row[field];
  return JSON.stringify(present);
}

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.string({ unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, 1e21, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY),
);

describe('stored row text', () => {
  it("is exactly JSON.stringify's text for the present fields, whatever the values", () => {
    fc.assert(
      fc.property(fc.array(anyValue, { minLength: FIELDS.length, maxLength: FIELDS.length }), (values) => {
        const row = Object.fromEntries(FIELDS.map((field, i) => [field, values[i]])) as unknown as OrderRow;
        expect(encodeRow(row)).toBe(reference(row));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads back to the same row, every field present', () => {
    const { row } = orderLine(7, { claimStatus: 'open', orderStatus: 'Shipped "fast"\\n送货' });
    expect(encodeRow(row)).toBe(reference(row));
    expect(decodeRow(encodeRow(row))).toStrictEqual(row);
    expect(encodeRow({} as OrderRow)).toBe('{}');
  });
});
