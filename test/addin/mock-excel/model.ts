import { CustomXmlParts } from '../custom-xml-parts.js';
import { DocumentSettings } from '../document-settings.js';
import { SheetGuards } from '../sheet-guards.js';
import { contains, ExcelCells, type CellValue, type ConditionalFormatModel, type Rect } from '../excel-cells.js';

export { contains, intersects, rectOf, type CellValue, type ConditionalFormatModel, type Rect } from '../excel-cells.js';

/**
 * The state behind the mocked Office.js objects: worksheets with cells, formats, conditional formats
 * and charts; workbook settings; counters. Deliberately small: just what the glue uses, with Excel's
 * semantics where they matter to the tests (text starting with = + - @ written to `values` becomes a
 * formula; a leading apostrophe marks text; one value written to a bigger range fills all of it).
 */
export interface ChartModel {
  name: string;
  type: string;
  source: Rect;
  title: string;
  position?: [string, string];
}

export class SheetModel extends ExcelCells {
  /** Row → column → value; '' is never stored. */
  readonly values = new Map<number, Map<number, CellValue>>();
  readonly formulas = new Map<string, string>();
  /** Number formats as rectangles, later ones winning. */
  readonly formatRects: { rect: Rect; format: string }[] = [];
  readonly bold: Rect[] = [];
  readonly hiddenColumns = new Set<number>();
  readonly columnWidths = new Map<number, number>();
  /** Cells set to wrap their text (RangeFormat.wrapText), and row heights in points (RangeFormat.rowHeight). */
  readonly wrapped: Rect[] = [];
  readonly rowHeights = new Map<number, number>();
  /** Frozen panes: rows at the top and columns at the left (WorksheetFreezePanes). */
  frozen = { rows: 0, columns: 0 };
  /** Column outline groups (Range.group byColumns): [first, last] 0-based columns, one per call. */
  readonly columnGroups: [number, number][] = [];
  /** Page layout as set (WorksheetPageLayout): orientation, zoom, print area. */
  pageLayout: { orientation?: string; zoom?: unknown; printArea?: string } = {};
  readonly conditionalFormats: ConditionalFormatModel[] = [];
  readonly charts: ChartModel[] = [];
  /** Protection and merged cells (../sheet-guards.ts). */
  readonly guards = new SheetGuards();

  constructor(public name: string) {
    super();
  }

  /** Fills the sheet from rows of values starting at A1 (test set-up). */
  static fromRows(name: string, rows: readonly (readonly CellValue[])[]): SheetModel {
    const sheet = new SheetModel(name);
    rows.forEach((row, r) => row.forEach((value, c) => sheet.setValue(r, c, value)));
    return sheet;
  }

  getValue(r: number, c: number): CellValue {
    return this.values.get(r)?.get(c) ?? '';
  }

  setValue(r: number, c: number, value: CellValue): void {
    const key = `${r},${c}`;
    this.formulas.delete(key);
    this.quotePrefixed.delete(key);
    let row = this.values.get(r);
    if (value === '') {
      row?.delete(c);
      return;
    }
    if (!row) this.values.set(r, (row = new Map()));
    row.set(c, value);
  }

  protected lastStoredRow(): number {
    return Math.max(-1, ...this.values.keys(), ...[...this.formulas.keys()].map((key) => Number(key.split(',')[0])));
  }

  protected storeFormula(r: number, c: number, formula: string): void {
    this.formulas.set(`${r},${c}`, formula);
  }

  formulaAt(r: number, c: number): string | undefined {
    return this.formulas.get(`${r},${c}`);
  }


  setCellFormat(r: number, c: number, format: string): void {
    this.cellFormats.set(`${r},${c}`, format);
  }

  /** One format for a whole rectangle: it replaces the per-cell formats inside it. */
  setNumberFormat(rect: Rect, format: string): void {
    for (const key of this.cellFormats.keys()) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (contains(rect, r, c)) this.cellFormats.delete(key);
    }
    this.formatRects.push({ rect, format });
  }

  numberFormatAt(r: number, c: number): string {
    const own = this.cellFormats.get(`${r},${c}`);
    if (own !== undefined) return own;
    for (let i = this.formatRects.length - 1; i >= 0; i--) {
      const { rect, format } = this.formatRects[i]!;
      if (contains(rect, r, c)) return format;
    }
    return 'General';
  }

  isBold(r: number, c: number): boolean {
    return this.bold.some((rect) => contains(rect, r, c));
  }

  clear(rect: Rect): void {
    for (const [r, row] of this.values) if (r >= rect.r1 && r <= rect.r2) for (const c of [...row.keys()]) if (c >= rect.c1 && c <= rect.c2) row.delete(c);
    for (const key of [...this.formulas.keys()]) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (contains(rect, r, c)) this.formulas.delete(key);
    }
    for (const key of [...this.cellFormats.keys()]) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (contains(rect, r, c)) this.cellFormats.delete(key);
    }
    this.formatRects.push({ rect, format: 'General' });
  }

  /** The bounding rectangle of cells with a value or formula (A1 when the sheet is blank). */
  usedRect(): Rect {
    let r1 = Infinity;
    let r2 = -1;
    let c1 = Infinity;
    let c2 = -1;
    const take = (r: number, c: number) => {
      r1 = Math.min(r1, r);
      r2 = Math.max(r2, r);
      c1 = Math.min(c1, c);
      c2 = Math.max(c2, c);
    };
    for (const [r, row] of this.values) for (const c of row.keys()) take(r, c);
    for (const key of this.formulas.keys()) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      take(r, c);
    }
    return r2 < 0 ? { r1: 0, c1: 0, r2: 0, c2: 0 } : { r1, c1, r2, c2 };
  }

  /** Values of a rectangle, as `range.values` returns them. */
  read(rect: Rect): CellValue[][] {
    const out: CellValue[][] = [];
    for (let r = rect.r1; r <= rect.r2; r++) {
      const row = this.values.get(r);
      const line: CellValue[] = new Array(rect.c2 - rect.c1 + 1);
      for (let c = rect.c1; c <= rect.c2; c++) line[c - rect.c1] = row?.get(c) ?? '';
      out.push(line);
    }
    return out;
  }
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
}

export class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  activeSheet = 0;
  selection: { row: number; column: number } = { row: 0, column: 0 };
  /** Set for a selection of several areas (Ctrl+click): getSelectedRange then fails (../sheet-guards.ts). */
  selectionAreas: Rect[] | undefined;
  dateSystem: 1900 | 1904 = 1900;
  /** Highest ExcelApi minor version the mocked host supports (1.x). */
  apiMinor = 16;
  calculationMode = 'Automatic';
  /** The document's settings; each host (pane) works on its own copy (document-settings.ts). */
  readonly documentSettings = new DocumentSettings();
  /** The workbook's custom XML parts (custom-xml-parts.ts). */
  readonly customXmlParts = new CustomXmlParts();
  readonly syncLog: SyncRecord[] = [];
  /** Calls of application.suspend…UntilNextSync, by name. */
  readonly suspensions = new Map<string, number>();
  nextCfId = 1;
  /**
   * Test hook run at the start of every sync (1-based count): throw to fail that sync before any of
   * its actions apply (as a refused request does), or return a promise that never settles to stand
   * for a pane closed mid-run.
   */
  beforeSync: ((sync: number) => void | Promise<void>) | undefined;

  constructor(sheets: SheetModel[]) {
    this.sheets.push(...sheets);
  }

  sheet(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** What the document's settings hold (saved by some pane). */
  get settings(): Map<string, unknown> {
    return this.documentSettings.document;
  }

  get settingsSaves(): number {
    return this.documentSettings.saves;
  }

  get syncs(): number {
    return this.syncLog.length;
  }
}
