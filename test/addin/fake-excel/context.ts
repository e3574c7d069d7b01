import { rangeAddress, sheetPrefix } from '../../../shared/sheet/address.js';
import { addColumn, addRows, addTable, autoExpand, dataRect, headerRect, totalsRect, type TableModel } from '../excel-tables.js';
import { XmlPartError } from '../custom-xml-parts.js';
import { multipleSelectionError } from '../sheet-guards.js';
import { FakeSheet, intersects, rectOf, type ChartModel, type ConditionalFormatModel, type FakeWorkbook, type Rect } from './workbook.js';

/**
 * An Excel.RequestContext for the browser, with Office.js's batching: every method call and property
 * write on a proxy is queued as an action; `context.sync()` sends the queue as one request, runs the
 * actions in order against the FakeWorkbook, and only then are loaded properties readable. A property
 * read without `load` + `sync` throws PropertyNotLoaded, as Office.js does. A request or response over
 * 5 MB fails the whole sync (Excel on the web's payload limit), before anything is applied.
 */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

interface Action {
  /** What this action puts on the wire (its JSON is measured). */
  wire: unknown;
  /** Applies it; a load returns the data it sends back. */
  run(): unknown;
}

class OfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(JSON.stringify(value) ?? '').length;

/** `'items/type, items/custom/rule/formula'` or an array → the property names. */
function propsOf(spec: string | string[] | undefined): string[] {
  if (spec === undefined) return [];
  const list = Array.isArray(spec) ? spec : spec.split(',');
  return list.map((p) => p.trim()).filter(Boolean);
}

export class FakeRequestContext {
  readonly workbook: WorkbookProxy;
  private queue: Action[] = [];
  private ids = 0;

  constructor(readonly book: FakeWorkbook) {
    this.workbook = new WorkbookProxy(this);
  }

  nextId(): number {
    return ++this.ids;
  }

  enqueue(action: Action): void {
    this.queue.push(action);
  }

  get pending(): number {
    return this.queue.length;
  }

  async sync(final = false): Promise<void> {
    const actions = this.queue;
    this.queue = [];
    const requestBytes = jsonBytes(actions.map((a) => a.wire));
    if (requestBytes > PAYLOAD_LIMIT_BYTES) {
      throw new OfficeError('RequestPayloadSizeLimitExceeded', `The request payload size (${requestBytes} bytes) has exceeded the limit of ${PAYLOAD_LIMIT_BYTES} bytes.`);
    }
    let responseBytes = 0;
    for (const action of actions) {
      const sent = action.run();
      if (sent !== undefined) responseBytes += jsonBytes(sent);
    }
    if (responseBytes > PAYLOAD_LIMIT_BYTES) {
      throw new OfficeError('ResponsePayloadSizeLimitExceeded', `The response payload size (${responseBytes} bytes) has exceeded the limit of ${PAYLOAD_LIMIT_BYTES} bytes.`);
    }
    this.book.syncLog.push({ requestBytes, responseBytes, actions: actions.length, ...(final ? { final } : {}) });
    // A real sync is a round trip: let the page render (progress bar) in between.
    await new Promise((resolve) => setTimeout(resolve, this.book.syncDelayMs));
  }
}

/** The base of every proxy: queued loads, property reads that need load + sync. */
abstract class ClientObject {
  readonly id: number;
  private readonly loaded = new Map<string, unknown>();

  constructor(protected readonly ctx: FakeRequestContext) {
    this.id = ctx.nextId();
  }

  load(spec?: string | string[]): this {
    const props = propsOf(spec);
    this.ctx.enqueue({
      wire: { id: this.id, op: 'load', props },
      run: () => {
        const sent: Record<string, unknown> = {};
        if (this.isNull()) return sent; // a null object loads nothing and fails nothing
        for (const prop of props) {
          sent[prop] = this.snapshot(prop);
          this.loaded.set(prop, sent[prop]);
        }
        return sent;
      },
    });
    return this;
  }

  /** True for a *OrNullObject proxy whose target does not exist. */
  protected isNull(): boolean {
    return false;
  }

  /** A collection's load fills its items' properties: they arrive with the collection's response. */
  receive(prop: string, value: unknown): void {
    this.loaded.set(prop, value);
  }

  /** The current value of a property in the workbook, read while a sync runs. */
  protected abstract snapshot(prop: string): unknown;

  protected loadedValue<T>(prop: string): T {
    if (!this.loaded.has(prop)) {
      throw new OfficeError(
        'PropertyNotLoaded',
        `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loaded.get(prop) as T;
  }

  protected queueSet(prop: string, value: unknown, apply: () => void): void {
    this.ctx.enqueue({ wire: { id: this.id, op: 'set', prop, value }, run: () => void apply() });
  }

  protected queueCall(method: string, args: unknown[], apply: () => void): void {
    this.ctx.enqueue({ wire: { id: this.id, op: 'call', method, args }, run: () => void apply() });
  }
}

/** A proxy whose target is looked up when the sync reaches its creation, as Office.js resolves paths. */
abstract class Resolved<T> extends ClientObject {
  private value: T | null | undefined;

  /** `resolveNow`: an item a collection's load brought back, known already (nothing to queue). */
  constructor(ctx: FakeRequestContext, creation: { method: string; args: unknown[] }, resolve: () => T | null, resolveNow = false) {
    super(ctx);
    if (resolveNow) {
      this.value = resolve();
      return;
    }
    ctx.enqueue({
      wire: { id: this.id, op: 'create', ...creation },
      run: () => {
        this.value = resolve();
      },
    });
  }

  protected override isNull(): boolean {
    return this.value === null;
  }

  /** Known after the sync that created it. */
  get isNullObject(): boolean {
    if (this.value === undefined) throw new OfficeError('PropertyNotLoaded', 'isNullObject is known only after context.sync()');
    return this.value === null;
  }

  protected get target(): T {
    if (this.value === undefined) throw new OfficeError('GeneralException', 'object used before the sync that creates it');
    if (this.value === null) throw new OfficeError('ItemNotFound', 'The requested resource does not exist.');
    return this.value;
  }
}

class WorkbookProxy extends ClientObject {
  readonly worksheets: WorksheetCollectionProxy;
  readonly functions: FunctionsProxy;
  readonly application: ApplicationProxy;
  readonly customXmlParts: CustomXmlPartCollectionProxy;

  constructor(ctx: FakeRequestContext) {
    super(ctx);
    this.worksheets = new WorksheetCollectionProxy(ctx);
    this.functions = new FunctionsProxy(ctx);
    this.application = new ApplicationProxy(ctx);
    this.customXmlParts = new CustomXmlPartCollectionProxy(ctx);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  getSelectedRange(): RangeProxy {
    return new RangeProxy(this.ctx, { method: 'getSelectedRange', args: [] }, () => {
      if ((this.ctx.book.selectionAreas?.length ?? 0) > 1) throw multipleSelectionError();
      const { row, column } = this.ctx.book.selection;
      return { sheet: this.ctx.book.active, rect: { r1: row, c1: column, r2: row, c2: column } };
    });
  }

  /** The active cell (ExcelApi 1.7): one cell, whatever the selection. */
  getActiveCell(): RangeProxy {
    return new RangeProxy(this.ctx, { method: 'getActiveCell', args: [] }, () => {
      const { row, column } = this.ctx.book.selection;
      return { sheet: this.ctx.book.active, rect: { r1: row, c1: column, r2: row, c2: column } };
    });
  }

  getSelectedRanges(): RangeAreasProxy {
    return new RangeAreasProxy(this.ctx, { method: 'getSelectedRanges', args: [] }, false, () => {
      const { row, column } = this.ctx.book.selection;
      return { sheet: this.ctx.book.active, areas: this.ctx.book.selectionAreas ?? [{ r1: row, c1: column, r2: row, c2: column }] };
    });
  }
}

class WorksheetCollectionProxy extends ClientObject {
  protected snapshot(): unknown {
    return undefined;
  }

  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(this.ctx, { method: 'getActiveWorksheet', args: [] }, () => this.ctx.book.active);
  }

  getItem(name: string): WorksheetProxy {
    return new WorksheetProxy(this.ctx, { method: 'getItem', args: [name] }, () => {
      const sheet = this.ctx.book.sheet(name);
      if (!sheet) throw new OfficeError('ItemNotFound', `The requested resource does not exist: worksheet "${name}".`);
      return sheet;
    });
  }

  getItemOrNullObject(name: string): WorksheetProxy {
    return new WorksheetProxy(this.ctx, { method: 'getItemOrNullObject', args: [name] }, () => this.ctx.book.sheet(name) ?? null);
  }

  add(name: string): WorksheetProxy {
    return new WorksheetProxy(this.ctx, { method: 'add', args: [name] }, () => {
      if (this.ctx.book.sheet(name)) throw new OfficeError('ItemAlreadyExists', `A worksheet named "${name}" already exists.`);
      const sheet = new FakeSheet(name);
      this.ctx.book.sheets.push(sheet);
      return sheet;
    });
  }
}

class WorksheetProxy extends Resolved<FakeSheet> {
  private chartCollection: ChartCollectionProxy | undefined;
  private tableCollection: TableCollectionProxy | undefined;

  get tables(): TableCollectionProxy {
    return (this.tableCollection ??= new TableCollectionProxy(this.ctx, () => this.target));
  }
  private protectionProxy: WorksheetProtectionProxy | undefined;

  protected snapshot(prop: string): unknown {
    if (prop === 'name') return this.target.name;
    throw new OfficeError('InvalidArgument', `worksheet.${prop} is not in the fake`);
  }

  get name(): string {
    return this.loadedValue('name');
  }

  getRange(address?: string): RangeProxy {
    const rect = rectOf(address);
    return new RangeProxy(this.ctx, { method: 'getRange', args: [address ?? ''] }, () => ({ sheet: this.target, rect }));
  }

  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return new RangeProxy(this.ctx, { method: 'getUsedRange', args: [valuesOnly ?? false] }, () => ({ sheet: this.target, rect: this.target.usedRect() }));
  }

  get charts(): ChartCollectionProxy {
    return (this.chartCollection ??= new ChartCollectionProxy(this.ctx, () => this.target));
  }

  get protection(): WorksheetProtectionProxy {
    return (this.protectionProxy ??= new WorksheetProtectionProxy(this.ctx, () => this.target));
  }

  /** https://learn.microsoft.com/javascript/api/excel/excel.worksheetfreezepanes (ExcelApi 1.7). */
  get freezePanes(): FreezePanesProxy {
    return new FreezePanesProxy(this.ctx, () => this.target);
  }

  /** https://learn.microsoft.com/javascript/api/excel/excel.pagelayout (ExcelApi 1.9). */
  get pageLayout(): PageLayoutProxy {
    return new PageLayoutProxy(this.ctx, () => this.target);
  }

  delete(): void {
    this.queueCall('delete', [], () => {
      const sheets = this.ctx.book.sheets;
      sheets.splice(sheets.indexOf(this.target), 1);
    });
  }
}

interface RangeTarget {
  sheet: FakeSheet;
  rect: Rect;
}

class RangeProxy extends Resolved<RangeTarget> {
  private formatProxy: RangeFormatProxy | undefined;
  private cfCollection: ConditionalFormatCollectionProxy | undefined;

  protected snapshot(prop: string): unknown {
    const { sheet, rect } = this.target;
    switch (prop) {
      case 'values':
        return sheet.read(rect);
      case 'text':
        return sheet.read(rect).map((row, i) => row.map((_, j) => sheet.textAt(rect.r1 + i, rect.c1 + j, this.ctx.book.dateSystem)));
      case 'formulas':
        return sheet.read(rect).map((row, i) => row.map((value, j) => sheet.formulaAt(rect.r1 + i, rect.c1 + j) ?? value));
      case 'numberFormat':
        return sheet.read(rect).map((row, i) => row.map((_, j) => sheet.numberFormatAt(rect.r1 + i, rect.c1 + j)));
      case 'rowIndex':
        return rect.r1;
      case 'columnIndex':
        return rect.c1;
      case 'rowCount':
        return rect.r2 - rect.r1 + 1;
      case 'columnCount':
        return rect.c2 - rect.c1 + 1;
      case 'address':
        return `${sheetPrefix(sheet.name)}${rangeAddress(rect.c1, rect.r1 + 1, rect.c2, rect.r2 + 1)}`;
      case 'columnHidden':
        return sheet.hiddenColumns.has(rect.c1);
      default:
        throw new OfficeError('InvalidArgument', `range.${prop} is not in the fake`);
    }
  }

  /** Where a sync reached it: the chart source of charts.add. */
  resolvedTarget(): RangeTarget {
    return this.target;
  }

  get values(): unknown[][] {
    return this.loadedValue('values');
  }
  set values(value: unknown) {
    this.queueSet('values', value, () => {
      this.eachCell(value, (sheet, r, c, cell) => sheet.writeValue(r, c, cell, this.ctx.book.dateSystem));
      autoExpand(this.target.sheet.tables, this.target.rect);
    });
  }

  getMergedAreasOrNullObject(): RangeAreasProxy {
    return new RangeAreasProxy(this.ctx, { method: 'getMergedAreasOrNullObject', args: [] }, true, () => ({ sheet: this.target.sheet, areas: this.target.sheet.guards.mergedAreas(this.target.rect) }));
  }

  getSpecialCellsOrNullObject(type: string): RangeAreasProxy {
    return new RangeAreasProxy(this.ctx, { method: 'getSpecialCellsOrNullObject', args: [type] }, true, () => ({
      sheet: this.target.sheet,
      areas: type === 'Formulas' ? formulaCells(this.target.sheet, this.target.rect) : [],
    }));
  }

  get formulas(): unknown[][] {
    return this.loadedValue('formulas');
  }

  /** What Excel shows in each cell (read-only). */
  get text(): string[][] {
    return this.loadedValue('text');
  }
  set formulas(value: unknown) {
    this.queueSet('formulas', value, () => this.eachCell(value, (sheet, r, c, cell) => sheet.writeFormula(r, c, cell, this.ctx.book.dateSystem)));
  }

  get numberFormat(): unknown[][] {
    return this.loadedValue('numberFormat');
  }
  set numberFormat(value: unknown) {
    this.queueSet('numberFormat', value, () => {
      const { sheet, rect } = this.target;
      sheet.guards.checkWrite(rect, 'format');
      if (isSingle(value)) sheet.setNumberFormat(rect, String(cellsOf(value)[0]![0]));
      else this.eachCell(value, (s, r, c, cell) => s.cellFormats.set(`${r},${c}`, String(cell)));
    });
  }

  get rowIndex(): number {
    return this.loadedValue('rowIndex');
  }
  get columnIndex(): number {
    return this.loadedValue('columnIndex');
  }
  get rowCount(): number {
    return this.loadedValue('rowCount');
  }
  get columnCount(): number {
    return this.loadedValue('columnCount');
  }
  get address(): string {
    return this.loadedValue('address');
  }

  get columnHidden(): boolean {
    return this.loadedValue('columnHidden');
  }
  set columnHidden(hidden: boolean) {
    this.queueSet('columnHidden', hidden, () => {
      const { sheet, rect } = this.target;
      sheet.guards.checkWrite(rect, 'format');
      for (let c = rect.c1; c <= rect.c2; c++) hidden ? sheet.hiddenColumns.add(c) : sheet.hiddenColumns.delete(c);
    });
  }

  get format(): RangeFormatProxy {
    return (this.formatProxy ??= new RangeFormatProxy(this.ctx, () => this.target));
  }

  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return (this.cfCollection ??= new ConditionalFormatCollectionProxy(this.ctx, () => this.target));
  }

  clear(): void {
    this.queueCall('clear', [], () => {
      this.target.sheet.guards.checkWrite(this.target.rect, 'values');
      this.target.sheet.clear(this.target.rect);
    });
  }

  /** A 2-D array the size of the range, or one value for every cell (Office's "single input copy"). */
  private eachCell(value: unknown, write: (sheet: FakeSheet, r: number, c: number, cell: unknown) => void): void {
    const { sheet, rect } = this.target;
    sheet.guards.checkWrite(rect, 'values');
    const rows = cellsOf(value);
    const single = isSingle(value);
    const height = rect.r2 - rect.r1 + 1;
    const width = rect.c2 - rect.c1 + 1;
    if (!single && (rows.length !== height || rows.some((row) => row.length !== width))) {
      throw new OfficeError('InvalidArgument', `The number of rows or columns in the input array (${rows.length}x${rows[0]?.length}) doesn't match the size of the range (${height}x${width}).`);
    }
    for (let r = 0; r < height; r++) {
      const line = single ? rows[0]! : rows[r]!;
      for (let c = 0; c < width; c++) write(sheet, rect.r1 + r, rect.c1 + c, single ? line[0] : line[c]);
    }
  }
}

const cellsOf = (value: unknown): unknown[][] => (Array.isArray(value) ? (value as unknown[][]) : [[value]]);
const isSingle = (value: unknown) => {
  const rows = cellsOf(value);
  return rows.length === 1 && rows[0]!.length === 1;
};

/** range.format: widths, font and fill (the fake records what the glue sets). */
class RangeFormatProxy extends ClientObject {
  readonly font: StyleProxy;
  readonly fill: StyleProxy;

  constructor(
    ctx: FakeRequestContext,
    private readonly range: () => RangeTarget,
  ) {
    super(ctx);
    this.font = new StyleProxy(ctx, 'font', (prop, value) => {
      const { sheet, rect } = this.range();
      sheet.guards.checkWrite(rect, 'format');
      if (prop === 'bold' && value) sheet.bold.push(rect);
    });
    this.fill = new StyleProxy(ctx, 'fill', () => undefined);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  set columnWidth(points: number) {
    this.queueSet('columnWidth', points, () => {
      const { sheet, rect } = this.range();
      sheet.guards.checkWrite(rect, 'format');
      for (let c = rect.c1; c <= rect.c2; c++) sheet.columnWidths.set(c, points);
    });
  }

  set rowHeight(points: number) {
    this.queueSet('rowHeight', points, () => {
      const { sheet, rect } = this.range();
      for (let r = rect.r1; r <= rect.r2; r++) sheet.rowHeights.set(r, points);
    });
  }

  set wrapText(value: boolean) {
    this.queueSet('wrapText', value, () => {
      const { sheet, rect } = this.range();
      if (value) sheet.wrapped.push(rect);
    });
  }
}

/** Frozen panes: freezeAt takes the range that becomes the top-left frozen pane. */
class FreezePanesProxy extends ClientObject {
  constructor(
    ctx: FakeRequestContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  private need(): void {
    if (this.ctx.book.apiMinor < 7) throw new OfficeError('ApiNotFound', `freezePanes needs ExcelApi 1.7; this host has 1.${this.ctx.book.apiMinor}`);
  }

  freezeRows(count: number): void {
    this.need();
    this.queueCall('freezeRows', [count], () => (this.sheet().frozen = { rows: count, columns: 0 }));
  }

  freezeAt(range: RangeProxy): void {
    this.need();
    this.queueCall('freezeAt', [], () => {
      const { rect } = range.resolvedTarget();
      this.sheet().frozen = { rows: rect.r2 + 1, columns: rect.c2 + 1 };
    });
  }
}

/** Page layout: orientation, zoom (fit to pages) and the print area, as set. */
class PageLayoutProxy extends ClientObject {
  constructor(
    ctx: FakeRequestContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
    if (ctx.book.apiMinor < 9) throw new OfficeError('ApiNotFound', `pageLayout needs ExcelApi 1.9; this host has 1.${ctx.book.apiMinor}`);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  set orientation(value: string) {
    this.queueSet('orientation', value, () => (this.sheet().pageLayout.orientation = value));
  }

  set zoom(value: unknown) {
    this.queueSet('zoom', value, () => (this.sheet().pageLayout.zoom = value));
  }

  setPrintArea(area: string): void {
    this.queueCall('setPrintArea', [area], () => (this.sheet().pageLayout.printArea = area));
  }
}

/** A font or fill: bold and color setters that apply through `apply`. */
class StyleProxy extends ClientObject {
  constructor(
    ctx: FakeRequestContext,
    private readonly kind: string,
    private readonly apply: (prop: string, value: unknown) => void,
  ) {
    super(ctx);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  set bold(value: boolean) {
    this.queueSet(`${this.kind}.bold`, value, () => this.apply('bold', value));
  }

  set color(value: string) {
    this.queueSet(`${this.kind}.color`, value, () => this.apply('color', value));
  }
}

// --- conditional formats ------------------------------------------------------------------------

class ConditionalFormatCollectionProxy extends ClientObject {
  private loadedItems: ConditionalFormatProxy[] | undefined;

  constructor(
    ctx: FakeRequestContext,
    private readonly range: () => RangeTarget,
  ) {
    super(ctx);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  override load(spec?: string | string[]): this {
    const itemProps = propsOf(spec).map((p) => p.replace(/^items\//, ''));
    this.ctx.enqueue({
      wire: { id: this.id, op: 'load', props: propsOf(spec) },
      run: () => {
        const { sheet, rect } = this.range();
        const models = sheet.conditionalFormats.filter((cf) => intersects(cf.rect, rect));
        this.loadedItems = models.map((model) => {
          const item = new ConditionalFormatProxy(this.ctx, sheet, model);
          if (itemProps.includes('type')) item.receive('type', model.type);
          return item;
        });
        return models.map((model) => (itemProps.includes('type') ? { type: model.type } : {}));
      },
    });
    return this;
  }

  get items(): ConditionalFormatProxy[] {
    if (!this.loadedItems) throw new OfficeError('PropertyNotLoaded', "The property 'items' is not available: load it and call context.sync().");
    return this.loadedItems;
  }

  add(type: string): ConditionalFormatProxy {
    const model: ConditionalFormatModel = { id: this.ctx.book.newId(), rect: { r1: 0, c1: 0, r2: 0, c2: 0 }, type, formula: '' };
    this.ctx.enqueue({
      wire: { id: this.id, op: 'call', method: 'add', args: [type] },
      run: () => {
        const { sheet, rect } = this.range();
        sheet.guards.checkWrite(rect, 'format');
        model.rect = rect;
        sheet.conditionalFormats.push(model);
      },
    });
    return new ConditionalFormatProxy(this.ctx, undefined, model);
  }
}

class ConditionalFormatProxy extends ClientObject {
  readonly custom: { rule: RuleProxy; format: { fill: StyleProxy; font: StyleProxy } };

  constructor(
    ctx: FakeRequestContext,
    /** The sheet it was found on; undefined for one just added (the fake never deletes those). */
    private readonly sheet: FakeSheet | undefined,
    private readonly model: ConditionalFormatModel,
  ) {
    super(ctx);
    this.custom = {
      rule: new RuleProxy(ctx, model),
      format: {
        fill: new StyleProxy(ctx, 'cf.fill', (_, value) => (model.fill = String(value))),
        font: new StyleProxy(ctx, 'cf.font', (_, value) => (model.fontColor = String(value))),
      },
    };
  }

  protected snapshot(prop: string): unknown {
    if (prop === 'type') return this.model.type;
    throw new OfficeError('InvalidArgument', `conditionalFormat.${prop} is not in the fake`);
  }

  get type(): string {
    return this.loadedValue('type');
  }

  delete(): void {
    this.queueCall('delete', [], () => {
      const list = this.sheet?.conditionalFormats;
      const at = list ? list.indexOf(this.model) : -1;
      if (!list || at < 0) throw new OfficeError('ItemNotFound', 'The conditional format was already deleted.');
      list.splice(at, 1);
    });
  }
}

class RuleProxy extends ClientObject {
  constructor(
    ctx: FakeRequestContext,
    private readonly model: ConditionalFormatModel,
  ) {
    super(ctx);
  }

  protected snapshot(prop: string): unknown {
    if (prop === 'formula') return this.model.formula;
    throw new OfficeError('InvalidArgument', `rule.${prop} is not in the fake`);
  }

  get formula(): string {
    return this.loadedValue('formula');
  }
  set formula(value: string) {
    this.queueSet('formula', value, () => (this.model.formula = value));
  }
}

// --- tables (test/addin/excel-tables.ts) ---------------------------------------------------------

class TableCollectionProxy extends ClientObject {
  private loadedItems: TableProxy[] | undefined;

  constructor(
    ctx: FakeRequestContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  override load(spec?: string | string[]): this {
    const itemProps = propsOf(spec).map((p) => p.replace(/^items\//, ''));
    this.ctx.enqueue({
      wire: { id: this.id, op: 'load', props: propsOf(spec) },
      run: () => {
        const sheet = this.sheet();
        this.loadedItems = sheet.tables.map((table) => {
          const item = new TableProxy(this.ctx, { method: 'items', args: [] }, () => ({ sheet, table }), true);
          for (const prop of itemProps) item.receive(prop, prop === 'name' ? table.name : prop === 'showTotals' ? table.showTotals : undefined);
          return item;
        });
        return sheet.tables.map((table) => ({ name: table.name, showTotals: table.showTotals }));
      },
    });
    return this;
  }

  get items(): TableProxy[] {
    if (!this.loadedItems) throw new OfficeError('PropertyNotLoaded', "The property 'items' is not available: load it and call context.sync().");
    return this.loadedItems;
  }

  getItem(name: string): TableProxy {
    return new TableProxy(this.ctx, { method: 'getItem', args: [name] }, () => {
      const sheet = this.sheet();
      const table = sheet.tables.find((t) => t.name === name);
      if (!table) throw new OfficeError('ItemNotFound', `The requested resource does not exist: table "${name}".`);
      return { sheet, table };
    });
  }

  add(address: string): TableProxy {
    return new TableProxy(this.ctx, { method: 'add', args: [address, true] }, () => {
      const sheet = this.sheet();
      return { sheet, table: addTable(sheet, sheet.tables, rectOf(address)) };
    });
  }
}

interface TableTarget {
  sheet: FakeSheet;
  table: TableModel;
}

class TableProxy extends Resolved<TableTarget> {
  readonly rows: { add: (index?: number | null, values?: unknown[][]) => void };
  readonly columns: { add: (index?: number | null, values?: unknown, name?: string) => void };

  constructor(ctx: FakeRequestContext, creation: { method: string; args: unknown[] }, resolve: () => TableTarget, resolveNow = false) {
    super(ctx, creation, resolve, resolveNow);
    this.rows = {
      add: (index, values = [[]]) =>
        this.queueCall('rows.add', [index, values], () => {
          if (index !== null && index !== undefined && index !== -1) throw new OfficeError('InvalidArgument', 'the fake adds table rows at the end only');
          const { sheet, table } = this.target;
          const first = addRows(sheet, table, values.length);
          values.forEach((row, i) => row.forEach((cell, j) => sheet.writeValue(first + i, table.rect.c1 + j, cell, this.ctx.book.dateSystem)));
        }),
    };
    this.columns = {
      add: (index, values, name) =>
        this.queueCall('columns.add', [index, values, name], () => {
          if ((index !== null && index !== undefined && index !== -1) || (values !== null && values !== undefined)) {
            throw new OfficeError('InvalidArgument', 'the fake adds empty table columns at the end only');
          }
          addColumn(this.target.sheet, this.target.table, name);
        }),
    };
  }

  protected snapshot(prop: string): unknown {
    if (prop === 'name') return this.target.table.name;
    if (prop === 'showTotals') return this.target.table.showTotals;
    throw new OfficeError('InvalidArgument', `table.${prop} is not in the fake`);
  }

  get name(): string {
    return this.loadedValue('name');
  }
  get showTotals(): boolean {
    return this.loadedValue('showTotals');
  }

  private rangeOf(method: string, rect: (table: TableModel) => Rect | undefined): RangeProxy {
    return new RangeProxy(this.ctx, { method, args: [] }, () => {
      const { sheet, table } = this.target;
      const at = rect(table);
      if (!at) throw new OfficeError('InvalidOperation', 'The table shows no totals row.');
      return { sheet, rect: at };
    });
  }

  getRange(): RangeProxy {
    return this.rangeOf('getRange', (t) => t.rect);
  }
  getHeaderRowRange(): RangeProxy {
    return this.rangeOf('getHeaderRowRange', headerRect);
  }
  getDataBodyRange(): RangeProxy {
    return this.rangeOf('getDataBodyRange', dataRect);
  }
  getTotalRowRange(): RangeProxy {
    return this.rangeOf('getTotalRowRange', totalsRect);
  }
}

// --- charts -------------------------------------------------------------------------------------

class ChartCollectionProxy extends ClientObject {
  private loadedItems: ChartProxy[] | undefined;

  constructor(
    ctx: FakeRequestContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  override load(spec?: string | string[]): this {
    const itemProps = propsOf(spec).map((p) => p.replace(/^items\//, ''));
    this.ctx.enqueue({
      wire: { id: this.id, op: 'load', props: propsOf(spec) },
      run: () => {
        const sheet = this.sheet();
        this.loadedItems = sheet.charts.map((chart) => {
          const item = new ChartProxy(this.ctx, sheet, chart);
          if (itemProps.includes('name')) item.receive('name', chart.name);
          return item;
        });
        return sheet.charts.map((chart) => (itemProps.includes('name') ? { name: chart.name } : {}));
      },
    });
    return this;
  }

  get items(): ChartProxy[] {
    if (!this.loadedItems) throw new OfficeError('PropertyNotLoaded', "The property 'items' is not available: load it and call context.sync().");
    return this.loadedItems;
  }

  add(type: string, source: RangeProxy, seriesBy = 'Auto'): ChartProxy {
    const chart: ChartModel = { id: this.ctx.book.newId(), name: '', type, seriesBy, source: { r1: 0, c1: 0, r2: 0, c2: 0 }, title: '' };
    this.ctx.enqueue({
      wire: { id: this.id, op: 'call', method: 'add', args: [type, source.id, seriesBy] },
      run: () => {
        const sheet = this.sheet();
        chart.name = `Chart ${chart.id}`;
        chart.source = source.resolvedTarget().rect;
        sheet.charts.push(chart);
      },
    });
    return new ChartProxy(this.ctx, undefined, chart);
  }
}

class ChartProxy extends ClientObject {
  readonly title: { text: string };

  constructor(
    ctx: FakeRequestContext,
    private readonly sheet: FakeSheet | undefined,
    private readonly chart: ChartModel,
  ) {
    super(ctx);
    const queueSet = (prop: string, value: unknown, apply: () => void) => this.queueSet(prop, value, apply);
    this.title = {
      set text(value: string) {
        queueSet('title.text', value, () => (chart.title = value));
      },
      get text(): string {
        throw new OfficeError('PropertyNotLoaded', 'chart.title.text is write-only in the fake');
      },
    };
  }

  protected snapshot(prop: string): unknown {
    if (prop === 'name') return this.chart.name;
    throw new OfficeError('InvalidArgument', `chart.${prop} is not in the fake`);
  }

  get name(): string {
    return this.loadedValue('name');
  }
  set name(value: string) {
    this.queueSet('name', value, () => (this.chart.name = value));
  }

  setPosition(from: string, to?: string): void {
    this.queueCall('setPosition', [from, to], () => (this.chart.position = [from, to ?? from]));
  }

  delete(): void {
    this.queueCall('delete', [], () => {
      const list = this.sheet?.charts;
      if (list?.includes(this.chart)) list.splice(list.indexOf(this.chart), 1);
    });
  }
}

// --- functions and application --------------------------------------------------------------------

class FunctionsProxy extends ClientObject {
  protected snapshot(): unknown {
    return undefined;
  }

  /** DATE(y, m, d) as this workbook's date system counts it. */
  date(year: number, month: number, day: number): FunctionResultProxy {
    return new FunctionResultProxy(this.ctx, () => {
      const serial1900 = Date.UTC(year, month - 1, day) / 86_400_000 + 25_569;
      return this.ctx.book.dateSystem === 1904 ? serial1900 - 1462 : serial1900;
    });
  }
}

class FunctionResultProxy extends ClientObject {
  constructor(
    ctx: FakeRequestContext,
    private readonly compute: () => number,
  ) {
    super(ctx);
  }

  protected snapshot(prop: string): unknown {
    if (prop === 'value') return this.compute();
    if (prop === 'error') return null;
    throw new OfficeError('InvalidArgument', `functionResult.${prop} is not in the fake`);
  }

  get value(): number {
    return this.loadedValue('value');
  }
}

class ApplicationProxy extends ClientObject {
  protected snapshot(prop: string): unknown {
    if (prop === 'calculationMode') return this.ctx.book.calculationMode;
    throw new OfficeError('InvalidArgument', `application.${prop} is not in the fake`);
  }

  get calculationMode(): string {
    return this.loadedValue('calculationMode');
  }
  set calculationMode(mode: string) {
    this.requireApi(8, 'calculationMode (set)');
    this.queueSet('calculationMode', mode, () => (this.ctx.book.calculationMode = mode));
  }

  suspendApiCalculationUntilNextSync(): void {
    this.requireApi(6, 'suspendApiCalculationUntilNextSync');
    this.queueCall('suspendApiCalculationUntilNextSync', [], () => this.count('suspendApiCalculationUntilNextSync'));
  }

  suspendScreenUpdatingUntilNextSync(): void {
    this.requireApi(9, 'suspendScreenUpdatingUntilNextSync');
    this.queueCall('suspendScreenUpdatingUntilNextSync', [], () => this.count('suspendScreenUpdatingUntilNextSync'));
  }

  private count(name: string): void {
    const suspensions = this.ctx.book.suspensions;
    suspensions.set(name, (suspensions.get(name) ?? 0) + 1);
  }

  private requireApi(minor: number, what: string): void {
    if (this.ctx.book.apiMinor < minor) throw new OfficeError('ApiNotFound', `${what} needs ExcelApi 1.${minor}; this host has 1.${this.ctx.book.apiMinor}`);
  }
}

// --- custom XML parts (ExcelApi 1.5; the model's rules in ../custom-xml-parts.ts) ----------------------

/** Runs a custom XML part operation of the model, its errors as Office's. */
function xmlPartCall<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof XmlPartError) throw new OfficeError(error.code, error.message);
    throw error;
  }
}

class CustomXmlPartCollectionProxy extends ClientObject {
  protected snapshot(): unknown {
    return undefined;
  }

  add(xml: string): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this.ctx, { method: 'customXmlParts.add', args: [xml] }, () => xmlPartCall(() => this.ctx.book.customXmlParts.add(xml)).id);
  }

  getByNamespace(namespaceUri: string): CustomXmlPartScopedCollectionProxy {
    return new CustomXmlPartScopedCollectionProxy(this.ctx, namespaceUri);
  }
}

class CustomXmlPartScopedCollectionProxy extends ClientObject {
  private loadedItems: CustomXmlPartProxy[] | undefined;

  constructor(
    ctx: FakeRequestContext,
    private readonly namespaceUri: string,
  ) {
    super(ctx);
  }

  protected snapshot(): unknown {
    return undefined;
  }

  override load(spec?: string | string[]): this {
    this.ctx.enqueue({
      wire: { id: this.id, op: 'load', props: propsOf(spec), namespaceUri: this.namespaceUri },
      run: () => {
        const parts = this.ctx.book.customXmlParts.byNamespace(this.namespaceUri);
        this.loadedItems = parts.map((part) => {
          return new CustomXmlPartProxy(this.ctx, undefined, () => part.id);
        });
        return parts.map((part) => ({ id: part.id }));
      },
    });
    return this;
  }

  get items(): CustomXmlPartProxy[] {
    if (!this.loadedItems) throw new OfficeError('PropertyNotLoaded', "The property 'items' is not available: load it and call context.sync().");
    return this.loadedItems;
  }
}

/**
 * A custom XML part. Not a ClientObject: its Office `id` (a string) would clash with the proxies' wire
 * ids; its only loadable property is that id, known after the sync that listed or added it.
 */
class CustomXmlPartProxy {
  private readonly wireId: number;
  private partId: string | undefined;

  /** `creation`: the add that makes the part in the sync (its id is known after it); undefined for a listed part. */
  constructor(
    private readonly ctx: FakeRequestContext,
    creation: { method: string; args: unknown[] } | undefined,
    id: () => string,
  ) {
    this.wireId = ctx.nextId();
    if (creation) ctx.enqueue({ wire: { id: this.wireId, op: 'create', ...creation }, run: () => void (this.partId = id()) });
    else this.partId = id();
  }

  private get part() {
    const part = this.partId === undefined ? undefined : this.ctx.book.customXmlParts.get(this.partId);
    if (!part) throw new OfficeError('ItemNotFound', 'The requested resource does not exist.');
    return part;
  }

  /** Its one property, `id`, arrives with the sync that lists or adds it. */
  load(props?: string): this {
    if (props !== undefined && props !== 'id') throw new OfficeError('InvalidArgument', `customXmlPart.${props} is not in the fake`);
    return this;
  }

  get id(): string {
    if (this.partId === undefined) throw new OfficeError('PropertyNotLoaded', "The property 'id' is not available before context.sync().");
    return this.partId;
  }

  /** A ClientResult: `value` is readable after the sync. */
  getXml(): { readonly value: string } {
    let xml: string | undefined;
    this.ctx.enqueue({ wire: { id: this.wireId, op: 'call', method: 'getXml', args: [] }, run: () => (xml = this.part.xml) });
    return {
      get value(): string {
        if (xml === undefined) throw new OfficeError('PropertyNotLoaded', 'The value of getXml() is available only after context.sync().');
        return xml;
      },
    };
  }

  delete(): void {
    this.ctx.enqueue({ wire: { id: this.wireId, op: 'call', method: 'delete', args: [] }, run: () => void xmlPartCall(() => this.ctx.book.customXmlParts.delete(this.part.id)) });
  }
}

// --- protection and range areas (../sheet-guards.ts) ------------------------------------------------

class WorksheetProtectionProxy extends ClientObject {
  constructor(
    ctx: FakeRequestContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }

  protected snapshot(prop: string): unknown {
    if (prop === 'protected') return this.sheet().guards.protected;
    throw new OfficeError('InvalidArgument', `worksheetProtection.${prop} is not in the fake`);
  }

  get protected(): boolean {
    return this.loadedValue('protected');
  }
}

interface AreasTarget {
  sheet: FakeSheet;
  areas: Rect[];
}

/** RangeAreas: `address` and `areaCount`; from an *OrNullObject method, a null object when there are no areas. */
class RangeAreasProxy extends Resolved<AreasTarget> {
  constructor(ctx: FakeRequestContext, creation: { method: string; args: unknown[] }, orNull: boolean, resolve: () => AreasTarget) {
    super(ctx, creation, () => {
      const found = resolve();
      return orNull && found.areas.length === 0 ? null : found;
    });
  }

  protected snapshot(prop: string): unknown {
    const { sheet, areas } = this.target;
    if (prop === 'areaCount') return areas.length;
    if (prop === 'address') return `${sheetPrefix(sheet.name)}${areas.map((a) => rangeAddress(a.c1, a.r1 + 1, a.c2, a.r2 + 1)).join(',')}`;
    throw new OfficeError('InvalidArgument', `rangeAreas.${prop} is not in the fake`);
  }

  get areaCount(): number {
    return this.loadedValue('areaCount');
  }

  get address(): string {
    return this.loadedValue('address');
  }
}

/** The cells of `rect` holding a formula, one area each (what getSpecialCells('Formulas') covers). */
function formulaCells(sheet: FakeSheet, rect: Rect): Rect[] {
  const cells: Rect[] = [];
  for (const [r, columns] of sheet.formulas) {
    if (r < rect.r1 || r > rect.r2) continue;
    for (const c of columns.keys()) if (c >= rect.c1 && c <= rect.c2) cells.push({ r1: r, c1: c, r2: r, c2: c });
  }
  return cells.sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
}
