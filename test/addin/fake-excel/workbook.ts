import { CustomXmlParts } from '../custom-xml-parts.js';
import { DocumentSettings } from '../document-settings.js';
import { SheetGuards } from '../sheet-guards.js';
import { contains, containsRect, ExcelCells, type CellValue, type ConditionalFormatModel, type Rect } from '../excel-cells.js';

export { contains, intersects, MAX_COLUMN, MAX_ROW, rectOf, type CellValue, type ConditionalFormatModel, type Rect } from '../excel-cells.js';

/**
 * The data behind the fake Excel host: sheets of cells (dense rows, fast enough for 100,000-row
 * benchmarks), formulas, number formats, column widths, conditional formats and charts, workbook
 * settings and a log of every sync. Cell writes follow Excel: text starting with = + - @ written to
 * `values` becomes a formula, a leading apostrophe marks text, one value written to a bigger range
 * fills all of it.
 */
export interface ChartModel {
  id: number;
  name: string;
  type: string;
  seriesBy: string;
  source: Rect;
  title: string;
  position?: [string, string];
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  actions: number;
  /** The sync Excel.run makes itself when a batch ends with actions still queued. */
  final?: boolean;
}

export class FakeSheet extends ExcelCells {
  /** Row → cells; a missing cell is blank. */
  readonly rows: (CellValue | undefined)[][] = [];
  /** Row → column → formula (`=…`). */
  readonly formulas = new Map<number, Map<number, string>>();
  /** Number formats set on whole rectangles, later ones winning; per-cell ones override. */
  readonly formatRects: { rect: Rect; format: string }[] = [];
  readonly bold: Rect[] = [];
  readonly hiddenColumns = new Set<number>();
  readonly columnWidths = new Map<number, number>();
  /** RangeFormat.wrapText rectangles and RangeFormat.rowHeight per row (points). */
  readonly wrapped: Rect[] = [];
  readonly rowHeights = new Map<number, number>();
  /** WorksheetFreezePanes: rows at the top, columns at the left. */
  frozen = { rows: 0, columns: 0 };
  /** WorksheetPageLayout as set: orientation, zoom, print area. */
  pageLayout: { orientation?: string; zoom?: unknown; printArea?: string } = {};
  readonly conditionalFormats: ConditionalFormatModel[] = [];
  readonly charts: ChartModel[] = [];
  /** Protection and merged cells (../sheet-guards.ts). */
  readonly guards = new SheetGuards();

  constructor(public name: string) {
    super();
  }

  static fromRows(name: string, rows: readonly (readonly CellValue[])[]): FakeSheet {
    const sheet = new FakeSheet(name);
    rows.forEach((row, r) => row.forEach((value, c) => sheet.setValue(r, c, value)));
    return sheet;
  }

  getValue(r: number, c: number): CellValue {
    return this.rows[r]?.[c] ?? '';
  }

  formulaAt(r: number, c: number): string | undefined {
    return this.formulas.get(r)?.get(c);
  }

  setValue(r: number, c: number, value: CellValue): void {
    this.formulas.get(r)?.delete(c);
    if (this.quotePrefixed.size > 0) this.quotePrefixed.delete(`${r},${c}`);
    let row = this.rows[r];
    if (value === '') {
      if (row) row[c] = undefined;
      return;
    }
    if (!row) row = this.rows[r] = [];
    row[c] = value;
  }

  protected lastStoredRow(): number {
    return Math.max(this.rows.length - 1, ...this.formulas.keys());
  }

  protected storeFormula(r: number, c: number, formula: string): void {
    let row = this.formulas.get(r);
    if (!row) this.formulas.set(r, (row = new Map()));
    row.set(c, formula);
  }

  /** One format for a whole rectangle: it replaces the per-cell formats inside it. */
  setNumberFormat(rect: Rect, format: string): void {
    for (const key of this.cellFormats.keys()) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (contains(rect, r, c)) this.cellFormats.delete(key);
    }
    this.formatRects.push({ rect, format });
  }

  setCellFormat(r: number, c: number, format: string): void {
    this.cellFormats.set(`${r},${c}`, format);
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
    for (let r = rect.r1; r <= Math.min(rect.r2, this.rows.length - 1); r++) {
      const row = this.rows[r];
      if (row) for (let c = rect.c1; c <= Math.min(rect.c2, row.length - 1); c++) row[c] = undefined;
      const formulas = this.formulas.get(r);
      if (formulas) for (const c of [...formulas.keys()]) if (c >= rect.c1 && c <= rect.c2) formulas.delete(c);
    }
    for (const key of [...this.cellFormats.keys()]) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (contains(rect, r, c)) this.cellFormats.delete(key);
    }
    this.formatRects.push({ rect, format: 'General' });
    for (let i = this.bold.length - 1; i >= 0; i--) if (containsRect(rect, this.bold[i]!)) this.bold.splice(i, 1);
  }

  /** The bounding rectangle of cells with a value or formula (A1 when the sheet is blank). */
  usedRect(): Rect {
    let r1 = Infinity;
    let r2 = -1;
    let c1 = Infinity;
    let c2 = -1;
    const take = (r: number, c: number) => {
      if (r < r1) r1 = r;
      if (r > r2) r2 = r;
      if (c < c1) c1 = c;
      if (c > c2) c2 = c;
    };
    this.rows.forEach((row, r) => {
      if (!row) return;
      for (let c = 0; c < row.length; c++) {
        if (row[c] !== undefined) {
          take(r, c);
          break;
        }
      }
      for (let c = row.length - 1; c >= 0; c--) {
        if (row[c] !== undefined) {
          take(r, c);
          break;
        }
      }
    });
    for (const [r, columns] of this.formulas) for (const c of columns.keys()) take(r, c);
    return r2 < 0 ? { r1: 0, c1: 0, r2: 0, c2: 0 } : { r1, c1, r2, c2 };
  }

  /** Values of a rectangle, as `range.values` returns them. */
  read(rect: Rect): CellValue[][] {
    const out: CellValue[][] = new Array(rect.r2 - rect.r1 + 1);
    for (let r = rect.r1; r <= rect.r2; r++) {
      const row = this.rows[r];
      const line: CellValue[] = new Array(rect.c2 - rect.c1 + 1);
      for (let c = rect.c1; c <= rect.c2; c++) line[c - rect.c1] = row?.[c] ?? '';
      out[r - rect.r1] = line;
    }
    return out;
  }
}

export class FakeWorkbook {
  readonly sheets: FakeSheet[] = [];
  activeSheet = 0;
  /** 0-based cell of the active sheet's selection. */
  selection = { row: 0, column: 0 };
  /** Set for a selection of several areas: getSelectedRange then fails (../sheet-guards.ts). */
  selectionAreas: Rect[] | undefined;
  dateSystem: 1900 | 1904 = 1900;
  /** Highest ExcelApi 1.x minor version the fake supports. */
  apiMinor = 9;
  calculationMode = 'Automatic';
  /** How long each sync's round trip takes (0: the next macrotask), so a test can cancel mid-run. */
  syncDelayMs = 0;
  /** The document's settings; each pane works on its own copy (document-settings.ts). */
  readonly documentSettings = new DocumentSettings();
  /** The workbook's custom XML parts (custom-xml-parts.ts). */
  readonly customXmlParts = new CustomXmlParts();
  readonly syncLog: SyncRecord[] = [];
  readonly suspensions = new Map<string, number>();
  private nextId = 1;

  constructor(sheets: FakeSheet[] = []) {
    this.sheets.push(...sheets);
  }

  /** What the document's settings hold (saved by some pane). */
  get settings(): Map<string, unknown> {
    return this.documentSettings.document;
  }

  get settingsSaves(): number {
    return this.documentSettings.saves;
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  get active(): FakeSheet {
    return this.sheets[this.activeSheet]!;
  }

  newId(): number {
    return this.nextId++;
  }
}
