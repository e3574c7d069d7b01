import { describe, expect, it } from 'vitest';
import { absoluteColumnRange, columnIndex, columnLetter, formulaForRow, parseRangeAddress, rangeAddress, sheetPrefix } from '../../shared/sheet/address.js';

describe('A1 addresses', () => {
  it('column letters round-trip', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    for (let i = 0; i < 20_000; i += 37) expect(columnIndex(columnLetter(i))).toBe(i);
    expect(() => columnLetter(-1)).toThrow();
  });

  it('ranges, sheet prefixes and absolute data ranges', () => {
    expect(rangeAddress(0, 1, 0, 1)).toBe('A1');
    expect(rangeAddress(2, 5, 27, 900)).toBe('C5:AB900');
    expect(sheetPrefix("Bob's orders")).toBe("'Bob''s orders'!");
    expect(absoluteColumnRange('Orders', 30, 2, 11)).toBe("'Orders'!$AE$2:$AE$11");
    expect(parseRangeAddress("'Bob''s orders'!$B$3:AF120")).toEqual({ sheet: "Bob's orders", firstColumn: 1, firstRow: 3, lastColumn: 31, lastRow: 120 });
    expect(parseRangeAddress('C7')).toEqual({ firstColumn: 2, firstRow: 7, lastColumn: 2, lastRow: 7 });
  });

  it('moves a rule formula to another row: only column-fixed, row-relative references shift', () => {
    const formula = '=AND(ISNUMBER($AE2),NOW()>=$AE2,NOW()<$AD2-24/24,N("atoz-guard")=0)';
    expect(formulaForRow(formula, 2, 10)).toBe('=AND(ISNUMBER($AE10),NOW()>=$AE10,NOW()<$AD10-24/24,N("atoz-guard")=0)');
    expect(formulaForRow('=LOG10($A2)+$B$2', 2, 3)).toBe('=LOG10($A3)+$B$2');
  });
});
