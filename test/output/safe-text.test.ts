import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formulaSafe, isFormulaLike } from '../../shared/output/safe-text.js';

describe('formula safety', () => {
  it('defuses text a spreadsheet would run', () => {
    for (const text of ['=1+1', '+1 555 0100', '-2+3', '@SUM(A1)', '=HYPERLINK("http://x","y")', '\t=1', '\r=1']) {
      expect(isFormulaLike(text), text).toBe(true);
      expect(formulaSafe(text)).toBe(`'${text}`);
    }
  });

  it('leaves numbers and ordinary text alone', () => {
    for (const text of ['-3.85', '+7', '-175', '1.5e3', 'Trendy Home 12" x 18"', '111-0000001-0000001', '', '加湿器']) {
      expect(formulaSafe(text)).toBe(text);
    }
  });

  it('never returns text that starts a formula', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const safe = formulaSafe(text);
        return !/^[=+\-@\t\r]/.test(safe) || /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(safe);
      }),
    );
  });
});
