import { contains, intersects, type Rect } from './excel-cells.js';

/**
 * What keeps the add-in from writing a sheet, as both Excel doubles model it:
 *
 * - Worksheet protection (https://learn.microsoft.com/javascript/api/excel/excel.worksheetprotection,
 *   ExcelApi 1.2): on a protected sheet every cell is locked unless its format says otherwise
 *   (https://learn.microsoft.com/javascript/api/excel/excel.cellpropertiesprotection, `locked`
 *   defaults to true). Writing a locked cell (values, formulas, formats, conditional formats, widths,
 *   hiding) fails the sync with AccessDenied (Excel.ErrorCodes,
 *   https://learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling);
 *   the actions queued before it in the same sync have been applied, none after it.
 * - Merged cells (Range.merge, https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-merge-member(1)):
 *   a merged area holds one value, in its top-left cell. The doubles refuse a value or formula
 *   written into any other cell of the area (MergedRangeConflict), the strictest reading.
 *   `getMergedAreasOrNullObject()` (ExcelApi 1.13) lists the areas that touch a range.
 * - A selection of several areas: `workbook.getSelectedRange()` "If there are multiple ranges
 *   selected, this method will throw an error" (InvalidSelection here);
 *   `workbook.getSelectedRanges()` (ExcelApi 1.9) gives them as RangeAreas.
 */
export class SheetGuards {
  protected = false;
  /** Cells whose `format.protection.locked` is false. */
  readonly unlocked: Rect[] = [];
  readonly merged: Rect[] = [];

  /** Throws as Excel does when `rect` is written; `values` for cell contents (values, formulas). */
  checkWrite(rect: Rect, what: 'values' | 'format'): void {
    if (this.protected && !this.allUnlocked(rect)) throw guardError('AccessDenied', 'You cannot perform the requested operation: the cells are on a protected sheet.');
    if (what === 'values') {
      for (const area of this.merged) {
        if (!intersects(area, rect)) continue;
        const onlyAnchor = rect.r1 === area.r1 && rect.c1 === area.c1 && rect.r2 === area.r1 && rect.c2 === area.c1;
        if (!onlyAnchor && !(contains(rect, area.r1, area.c1) && contains(rect, area.r2, area.c2))) {
          throw guardError('MergedRangeConflict', 'Cannot complete the operation: the range cuts through merged cells.');
        }
      }
    }
  }

  mergedAreas(rect: Rect): Rect[] {
    return this.merged.filter((area) => intersects(area, rect));
  }

  private allUnlocked(rect: Rect): boolean {
    // Every cell of `rect` inside some unlocked rectangle (rectangles as set, not merged together).
    return this.unlocked.some((open) => contains(open, rect.r1, rect.c1) && contains(open, rect.r2, rect.c2));
  }
}

export class GuardError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RichApi.Error';
  }
}

const guardError = (code: string, message: string) => new GuardError(code, message);

/** A multi-area selection read through getSelectedRange. */
export const multipleSelectionError = () => guardError('InvalidSelection', 'The current selection is invalid for this operation: several ranges are selected.');

/** An A1-style address list of areas ("A1:B2, D4"), as RangeAreas.address gives it (without the sheet). */
export function areasAddress(areas: readonly Rect[], address: (rect: Rect) => string): string {
  return areas.map(address).join(',');
}
