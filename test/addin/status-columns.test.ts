import { describe, expect, it } from 'vitest';
import { placeStatusColumns } from '../../addin/excel/status-columns.js';
import type { TableLocation } from '../../addin/excel/find-table.js';
import { sheetColumns } from '../../shared/sheet/columns.js';

const at = (headers: string[]) => ({ sheetName: 'Orders', headerRow: 1, firstColumn: 0, lastColumn: headers.length - 1, lastRow: 1, headers }) as unknown as TableLocation;

describe('finding an earlier block of our columns again', () => {
  it('reuses a zh-CN block flagged before the wording review (helper header 申诉关闭)', () => {
    const current = sheetColumns('zh-CN').map((c) => c.header);
    const before = current.map((h) => (h.startsWith('申诉截止') ? h.replace('申诉截止', '申诉关闭') : h));
    expect(before).not.toEqual(current);
    for (const headers of [current, before]) {
      const placed = placeStatusColumns(at(['order-id', 'sku', ...headers]));
      expect(placed.reused).toBe(true);
      expect(placed.columnAt.delivery).toBe(2);
    }
    // Somebody else's column in the block's place is not ours: a new block starts right of the table.
    expect(placeStatusColumns(at(['order-id', 'sku', ...before.map((h) => (h.startsWith('申诉关闭') ? '申诉' : h))])).reused).toBe(false);
  });
});
