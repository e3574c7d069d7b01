/// <reference types="office-js" />
import { OfficeMockObject } from 'office-addin-mock';
import { rangeAddress, sheetPrefix } from '../../../shared/sheet/address.js';
import { addColumn, addRows, addTable, autoExpand, dataRect, headerRect, totalsRect, type TableModel } from '../excel-tables.js';
import { multipleSelectionError } from '../sheet-guards.js';
import { intersects, rectOf, SheetModel, type ChartModel, type ConditionalFormatModel, type Rect, type WorkbookModel } from './model.js';

/**
 * An Excel.RequestContext made of office-addin-mock objects over a WorkbookModel.
 *
 * Every object a method returns (a range, a conditional format, a chart…) is a new OfficeMockObject
 * added as a child of the object whose method made it, so the one mock tree under the context holds
 * them all and `context.sync()` resolves their loads with office-addin-mock's own semantics: a property
 * read before `load` + `sync` gives office-addin-mock's "not loaded" / "sync not called" errors.
 *
 * Writes (property assignments and methods such as `delete`) are queued like Office.js queues them and
 * applied to the model, in order, at `sync()`; then loaded properties are refreshed from the model.
 * The JSON size of what each sync sends and receives is logged in `model.syncLog`.
 */

type Mock = OfficeMockObject & Record<string, unknown>;
interface MockInternals {
  _properties: Map<string, { _isObject?: boolean; _loaded: boolean; _value: unknown; _valueBeforeLoaded: unknown }>;
}
const internals = (mock: object) => mock as unknown as MockInternals;
const NOT_LOADED = 'Error, property was not loaded';
const NOT_SYNCED = 'Error, context.sync() was not called';
const isMockError = (value: unknown) => value === NOT_LOADED || value === NOT_SYNCED;
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

interface Tracked {
  mock: Mock;
  /** Current values of its scalar properties, read from the model at sync time. */
  refresh?: () => Record<string, unknown>;
  /** Called after the model was changed, before loads are resolved (collections fill their items). */
  beforeResolve?: () => void;
  /** Loaded `values` count as response bytes. */
  measuresResponse?: boolean;
}

class MockSession {
  private readonly tracked: Tracked[] = [];
  private readonly slots = new WeakMap<object, Map<string, { set(value: unknown): void }>>();
  private readonly rects = new WeakMap<object, () => Rect>();
  private ops: (() => void)[] = [];
  private requestBytes = 0;
  /** Bytes of results other than loaded values (getXml) in the current sync. */
  private resultBytes = 0;
  private childCount = 0;
  /** Above zero while office-addin-mock itself assigns properties (in load and sync), not the code under test. */
  private internal = 0;
  readonly root: Mock;

  constructor(private readonly model: WorkbookModel) {
    this.root = new OfficeMockObject({}, 'excel' as never) as Mock;
    const workbook = this.child(this.root, 'workbook', {
      getSelectedRange: () =>
        this.range(workbook, this.activeSheet(), () => {
          if ((model.selectionAreas?.length ?? 0) > 1) throw multipleSelectionError();
          return { r1: model.selection.row, c1: model.selection.column, r2: model.selection.row, c2: model.selection.column };
        }),
      getActiveCell: () => this.range(workbook, this.activeSheet(), () => ({ r1: model.selection.row, c1: model.selection.column, r2: model.selection.row, c2: model.selection.column })),
      getSelectedRanges: () => this.rangeAreas(workbook, this.activeSheet(), () => model.selectionAreas ?? [{ r1: model.selection.row, c1: model.selection.column, r2: model.selection.row, c2: model.selection.column }], false),
    });
    this.worksheets(workbook);
    this.functions(workbook);
    this.application(workbook);
    this.customXmlParts(workbook);
    Object.defineProperty(this.root, 'sync', { value: () => this.sync() });
  }

  // --- the tree ---------------------------------------------------------------------------------

  /** A new mock object, hung under `parent` so the tree's sync reaches it. */
  private child(parent: Mock, name: string, data: Record<string, unknown>, tracked: Omit<Tracked, 'mock'> = {}): Mock {
    const mock = new OfficeMockObject(data, 'excel' as never) as Mock;
    const key = `${name}#${++this.childCount}`;
    internals(parent)._properties.set(key, internals(mock) as never);
    Object.defineProperty(parent, key, { value: mock, enumerable: false, writable: true });
    if (!('load' in data)) this.markLoadsInternal(mock);
    if (name === 'workbook') Object.defineProperty(parent, 'workbook', { value: mock });
    this.tracked.push({ mock, ...tracked });
    return mock;
  }

  /** office-addin-mock's load assigns placeholders to the properties: those are not writes. */
  private markLoadsInternal(mock: Mock): void {
    Object.defineProperty(mock, 'load', {
      value: (props?: unknown) => {
        this.internal++;
        try {
          return OfficeMockObject.prototype.load.call(mock, props as string);
        } finally {
          this.internal--;
        }
      },
    });
  }

  /** Assignments to `prop` are queued as writes; the mock's own assignments (load results) pass through. */
  private writable(mock: Mock, prop: string, onWrite: (value: unknown) => void): void {
    let slot = mock[prop];
    let slots = this.slots.get(mock);
    if (!slots) this.slots.set(mock, (slots = new Map()));
    slots.set(prop, { set: (value) => (slot = value) });
    Object.defineProperty(mock, prop, {
      configurable: true,
      enumerable: true,
      get: () => slot,
      set: (value: unknown) => {
        if (this.internal > 0 || isMockError(value)) slot = value;
        else this.queue(() => onWrite(value), value);
      },
    });
  }

  private queue(op: () => void, payload?: unknown): void {
    if (payload !== undefined) this.requestBytes += jsonBytes(payload);
    this.ops.push(op);
  }

  private activeSheet(): string {
    return this.model.sheets[this.model.activeSheet]!.name;
  }

  private sheetModel(name: string): SheetModel {
    const sheet = this.model.sheet(name);
    if (!sheet) throw Object.assign(new Error(`ItemNotFound: no worksheet named ${name}`), { code: 'ItemNotFound' });
    return sheet;
  }

  // --- workbook ---------------------------------------------------------------------------------

  private worksheets(workbook: Mock): void {
    const collection = this.child(workbook, 'worksheets', {
      getActiveWorksheet: () => this.worksheet(collection, this.activeSheet()),
      getItem: (name: string) => this.worksheet(collection, name),
      getItemOrNullObject: (name: string) => this.worksheet(collection, name, true),
      add: (name: string) => {
        this.queue(() => {
          if (this.model.sheet(name)) throw Object.assign(new Error(`ItemAlreadyExists: ${name}`), { code: 'ItemAlreadyExists' });
          this.model.sheets.push(new SheetModel(name));
        });
        return this.worksheet(collection, name);
      },
    });
    Object.defineProperty(workbook, 'worksheets', { value: collection });
  }

  private functions(workbook: Mock): void {
    const functions = this.child(workbook, 'functions', {
      date: (year: number, month: number, day: number) => {
        const serial1900 = Date.UTC(year, month - 1, day) / 86_400_000 + 25_569;
        return this.child(functions, 'functionResult', { value: 0, error: '' }, {
          refresh: () => ({ value: this.model.dateSystem === 1904 ? serial1900 - 1462 : serial1900, error: '' }),
        });
      },
    });
    Object.defineProperty(workbook, 'functions', { value: functions });
  }

  private application(workbook: Mock): void {
    const count = (name: string) => () => {
      this.model.suspensions.set(name, (this.model.suspensions.get(name) ?? 0) + 1);
      if (this.model.apiMinor < (name === 'suspendScreenUpdatingUntilNextSync' ? 9 : 6)) throw new Error(`ApiNotFound: ${name} is not in ExcelApi 1.${this.model.apiMinor}`);
    };
    const application = this.child(
      workbook,
      'application',
      {
        calculationMode: '',
        suspendApiCalculationUntilNextSync: count('suspendApiCalculationUntilNextSync'),
        suspendScreenUpdatingUntilNextSync: count('suspendScreenUpdatingUntilNextSync'),
      },
      { refresh: () => ({ calculationMode: this.model.calculationMode }) },
    );
    this.writable(application, 'calculationMode', (value) => (this.model.calculationMode = String(value)));
    Object.defineProperty(workbook, 'application', { value: application });
  }

  // --- custom XML parts (ExcelApi 1.5; the model's rules in ../custom-xml-parts.ts) ------------------

  private customXmlParts(workbook: Mock): void {
    const parts = this.model.customXmlParts;
    const collection = this.child(workbook, 'customXmlParts', {
      add: (xml: string) => {
        let id = '';
        this.queue(() => (id = parts.add(xml).id), xml);
        return this.customXmlPart(collection, () => id);
      },
      getByNamespace: (namespaceUri: string) => {
        let requested = false;
        const scoped: Mock = this.child(
          collection,
          'customXmlPartScopedCollection',
          {
            load: () => {
              requested = true;
              return scoped;
            },
          },
          {
            beforeResolve: () => {
              if (!requested) return;
              scoped.items = parts.byNamespace(namespaceUri).map((part) => {
                const item = this.customXmlPart(scoped, () => part.id);
                item.load('id');
                return item;
              });
              requested = false;
            },
          },
        );
        return scoped;
      },
    });
    Object.defineProperty(workbook, 'customXmlParts', { value: collection });
  }

  private customXmlPart(parent: Mock, id: () => string): Mock {
    const parts = this.model.customXmlParts;
    return this.child(
      parent,
      'customXmlPart',
      {
        id: '',
        namespaceUri: '',
        /** A ClientResult: its value is there after the sync. */
        getXml: () => {
          let value: string | undefined;
          this.queue(() => {
            const part = parts.get(id());
            if (!part) throw Object.assign(new Error(`ItemNotFound: no custom XML part ${id()}`), { code: 'ItemNotFound' });
            value = part.xml;
            this.resultBytes += jsonBytes(value);
          });
          return {
            get value() {
              if (value === undefined) throw new Error(NOT_SYNCED);
              return value;
            },
          };
        },
        delete: () => this.queue(() => parts.delete(id())),
      },
      { refresh: () => ({ id: id(), namespaceUri: parts.get(id())?.namespaceUri ?? '' }) },
    );
  }

  // --- worksheets -------------------------------------------------------------------------------

  private worksheet(parent: Mock, name: string, orNull = false): Mock {
    const exists = () => this.model.sheet(name) !== undefined;
    let resolved: boolean | undefined;
    const sheet = this.child(
      parent,
      'worksheet',
      {
        name,
        getRange: (address?: string) => this.range(sheet, name, () => rectOf(address)),
        getUsedRange: () => {
          let rect: Rect | undefined;
          return this.range(sheet, name, () => (rect ??= this.sheetModel(name).usedRect()));
        },
        delete: () => this.queue(() => this.model.sheets.splice(this.model.sheets.indexOf(this.sheetModel(name)), 1)),
      },
      {
        refresh: () => ({ name }),
        beforeResolve: () => {
          resolved ??= exists();
          if (!resolved && !orNull) throw Object.assign(new Error(`ItemNotFound: no worksheet named ${name}`), { code: 'ItemNotFound' });
        },
      },
    );
    Object.defineProperty(sheet, 'isNullObject', {
      get: () => {
        if (resolved === undefined) throw new Error('isNullObject read before context.sync()');
        return !resolved;
      },
    });
    Object.defineProperty(sheet, 'charts', { value: this.charts(sheet, name) });
    Object.defineProperty(sheet, 'tables', { value: this.tables(sheet, name) });
    const protection = this.child(sheet, 'protection', { protected: false }, { refresh: () => ({ protected: this.model.sheet(name)?.guards.protected ?? false }) });
    Object.defineProperty(sheet, 'protection', { value: protection });
    Object.defineProperty(sheet, 'freezePanes', { value: this.freezePanes(sheet, name) });
    Object.defineProperty(sheet, 'pageLayout', { value: this.pageLayout(sheet, name) });
    return sheet;
  }

  /** https://learn.microsoft.com/javascript/api/excel/excel.worksheetfreezepanes (ExcelApi 1.7): freezeAt takes the top-left pane's range. */
  private freezePanes(parent: Mock, name: string): Mock {
    const need = () => {
      if (this.model.apiMinor < 7) throw new Error('ApiNotFound: freezePanes is in ExcelApi 1.7');
    };
    return this.child(parent, 'freezePanes', {
      freezeRows: (count: number) => this.queue(() => (need(), (this.sheetModel(name).frozen = { rows: count, columns: 0 }))),
      freezeColumns: (count: number) => this.queue(() => (need(), (this.sheetModel(name).frozen = { rows: 0, columns: count }))),
      freezeAt: (range: Mock) => {
        const rect = this.rects.get(range)!;
        this.queue(() => {
          need();
          this.sheetModel(name).frozen = { rows: rect().r2 + 1, columns: rect().c2 + 1 };
        });
      },
      unfreeze: () => this.queue(() => (this.sheetModel(name).frozen = { rows: 0, columns: 0 })),
    });
  }

  /** https://learn.microsoft.com/javascript/api/excel/excel.pagelayout (ExcelApi 1.9): orientation, zoom (fit to pages), setPrintArea. */
  private pageLayout(parent: Mock, name: string): Mock {
    const layout = () => {
      if (this.model.apiMinor < 9) throw new Error('ApiNotFound: pageLayout is in ExcelApi 1.9');
      return this.sheetModel(name).pageLayout;
    };
    const mock = this.child(parent, 'pageLayout', {
      orientation: '',
      zoom: {},
      setPrintArea: (area: string) => this.queue(() => (layout().printArea = area)),
    });
    this.writable(mock, 'orientation', (value) => (layout().orientation = String(value)));
    this.writable(mock, 'zoom', (value) => (layout().zoom = value));
    return mock;
  }

  // --- tables (test/addin/excel-tables.ts) --------------------------------------------------------

  private tables(parent: Mock, sheetName: string): Mock {
    let requested: string[] | undefined;
    const collection: Mock = this.child(
      parent,
      'tables',
      {
        load: (props: string) => {
          requested = itemProps(props);
          return collection;
        },
        add: (address: string) => {
          let table: TableModel | undefined;
          this.queue(() => {
            const sheet = this.sheetModel(sheetName);
            table = addTable(sheet, sheet.tables, rectOf(address));
          });
          return this.table(collection, sheetName, () => table!);
        },
        getItem: (name: string) =>
          this.table(collection, sheetName, () => {
            const table = this.sheetModel(sheetName).tables.find((t) => t.name === name);
            if (!table) throw Object.assign(new Error(`ItemNotFound: no table named ${name}`), { code: 'ItemNotFound' });
            return table;
          }),
      },
      {
        beforeResolve: () => {
          if (!requested || !this.model.sheet(sheetName)) return;
          collection.items = this.sheetModel(sheetName).tables.map((table) => {
            const item = this.table(collection, sheetName, () => table);
            item.load(requested!.join(','));
            return item;
          });
          requested = undefined;
        },
      },
    );
    return collection;
  }

  private table(parent: Mock, sheetName: string, target: () => TableModel): Mock {
    const sheet = () => this.sheetModel(sheetName);
    const table: Mock = this.child(
      parent,
      'table',
      {
        name: '',
        showTotals: false,
        getRange: () => this.range(table, sheetName, () => target().rect),
        getHeaderRowRange: () => this.range(table, sheetName, () => headerRect(target())),
        getDataBodyRange: () => this.range(table, sheetName, () => dataRect(target())),
        getTotalRowRange: () =>
          this.range(table, sheetName, () => {
            const totals = totalsRect(target());
            if (!totals) throw Object.assign(new Error('InvalidOperation: the table shows no totals row'), { code: 'InvalidOperation' });
            return totals;
          }),
      },
      { refresh: () => ({ name: target().name, showTotals: target().showTotals }) },
    );
    const rows = this.child(table, 'rows', {
      add: (index: number | null | undefined, values: unknown[][]) => {
        this.queue(() => {
          if (index !== null && index !== undefined && index !== -1) throw new Error('the mock adds table rows at the end only');
          const first = addRows(sheet(), target(), values.length);
          values.forEach((row, i) => row.forEach((cell, j) => sheet().writeValue(first + i, target().rect.c1 + j, cell, this.model.dateSystem)));
        }, values);
      },
    });
    const columns = this.child(table, 'columns', {
      add: (index: number | null | undefined, values: unknown, name?: string) => {
        this.queue(() => {
          if ((index !== null && index !== undefined && index !== -1) || (values !== null && values !== undefined)) throw new Error('the mock adds empty table columns at the end only');
          addColumn(sheet(), target(), name);
        }, name);
      },
    });
    Object.defineProperty(table, 'rows', { value: rows });
    Object.defineProperty(table, 'columns', { value: columns });
    return table;
  }

  // --- ranges -----------------------------------------------------------------------------------

  private range(parent: Mock, sheetName: string, rectOfRange: () => Rect): Mock {
    const sheet = () => this.sheetModel(sheetName);
    const rect = () => rectOfRange();
    const cellsOf = (value: unknown): unknown[][] => (Array.isArray(value) ? (value as unknown[][]) : [[value]]);
    /** Writes a 2-D array, or one value into every cell (Office's "single input copy"). */
    const eachCell = (value: unknown, write: (r: number, c: number, cell: unknown) => void) => {
      const rows = cellsOf(value);
      const { r1, c1, r2, c2 } = rect();
      sheet().guards.checkWrite(rect(), 'values');
      const single = rows.length === 1 && rows[0]!.length === 1;
      if (!single && (rows.length !== r2 - r1 + 1 || rows[0]!.length !== c2 - c1 + 1)) {
        throw new Error(`InvalidArgument: ${rows.length}x${rows[0]!.length} values for a ${r2 - r1 + 1}x${c2 - c1 + 1} range`);
      }
      for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) write(r, c, single ? rows[0]![0] : rows[r - r1]![c - c1]);
    };
    const range = this.child(
      parent,
      'range',
      {
        address: '',
        rowIndex: 0,
        columnIndex: 0,
        rowCount: 0,
        columnCount: 0,
        values: '',
        text: '',
        formulas: '',
        numberFormat: '',
        columnHidden: false,
        format: { columnWidth: 0, rowHeight: 0, wrapText: false, font: { bold: false, color: '' }, fill: { color: '' } },
        clear: () => this.queue(() => {
          sheet().guards.checkWrite(rect(), 'values');
          sheet().clear(rect());
        }),
        getMergedAreasOrNullObject: () => this.rangeAreas(range, sheetName, () => sheet().guards.mergedAreas(rect()), true),
        getSpecialCellsOrNullObject: (type: string) => this.rangeAreas(range, sheetName, () => (type === 'Formulas' ? formulaCells(sheet(), rect()) : []), true),
        // https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-group-member(1): ExcelApi 1.10.
        group: (option: string) =>
          this.queue(() => {
            if (this.model.apiMinor < 10) throw new Error('ApiNotFound: Range.group is in ExcelApi 1.10');
            if (option !== 'ByColumns') throw new Error(`InvalidArgument: group ${option}`);
            sheet().guards.checkWrite(rect(), 'format');
            sheet().columnGroups.push([rect().c1, rect().c2]);
          }),
      },
      {
        measuresResponse: true,
        refresh: () => {
          const r = rect();
          const model = sheet();
          const read = () => model.read(r);
          return {
            address: `${sheetPrefix(sheetName)}${rangeAddress(r.c1, r.r1 + 1, r.c2, r.r2 + 1)}`,
            rowIndex: r.r1,
            columnIndex: r.c1,
            rowCount: r.r2 - r.r1 + 1,
            columnCount: r.c2 - r.c1 + 1,
            values: lazy(read),
            text: lazy(() => read().map((row, i) => row.map((_, j) => model.textAt(r.r1 + i, r.c1 + j, this.model.dateSystem)))),
            formulas: lazy(() => read().map((row, i) => row.map((v, j) => model.formulaAt(r.r1 + i, r.c1 + j) ?? v))),
            numberFormat: lazy(() => read().map((row, i) => row.map((_, j) => model.numberFormatAt(r.r1 + i, r.c1 + j)))),
            columnHidden: model.hiddenColumns.has(r.c1),
          };
        },
      },
    );
    this.writable(range, 'values', (value) => {
      eachCell(value, (r, c, cell) => sheet().writeValue(r, c, cell, this.model.dateSystem));
      autoExpand(sheet().tables, rect());
    });
    this.writable(range, 'formulas', (value) => eachCell(value, (r, c, cell) => sheet().writeFormula(r, c, cell, this.model.dateSystem)));
    this.writable(range, 'numberFormat', (value) => {
      sheet().guards.checkWrite(rect(), 'format');
      const rows = cellsOf(value);
      if (rows.length === 1 && rows[0]!.length === 1) sheet().setNumberFormat(rect(), String(rows[0]![0]));
      else eachCell(value, (r, c, cell) => sheet().setCellFormat(r, c, String(cell)));
    });
    this.writable(range, 'columnHidden', (value) => {
      sheet().guards.checkWrite(rect(), 'format');
      for (let c = rect().c1; c <= rect().c2; c++) value ? sheet().hiddenColumns.add(c) : sheet().hiddenColumns.delete(c);
    });
    const format = range.format as Mock;
    this.writable(format, 'columnWidth', (value) => {
      sheet().guards.checkWrite(rect(), 'format');
      for (let c = rect().c1; c <= rect().c2; c++) sheet().columnWidths.set(c, Number(value));
    });
    this.writable(format, 'rowHeight', (value) => {
      sheet().guards.checkWrite(rect(), 'format');
      for (let r = rect().r1; r <= rect().r2; r++) sheet().rowHeights.set(r, Number(value));
    });
    this.writable(format, 'wrapText', (value) => {
      sheet().guards.checkWrite(rect(), 'format');
      if (value) sheet().wrapped.push(rect());
    });
    this.writable(format.font as Mock, 'bold', (value) => {
      sheet().guards.checkWrite(rect(), 'format');
      if (value) sheet().bold.push(rect());
    });
    this.writable(format.font as Mock, 'color', () => undefined);
    this.writable(format.fill as Mock, 'color', () => undefined);
    Object.defineProperty(range, 'conditionalFormats', { value: this.conditionalFormats(range, sheetName, rect) });
    this.rects.set(range, rect);
    return range;
  }

  // --- range areas (merged areas, formula cells, the selection; ../sheet-guards.ts) ------------------

  /** A RangeAreas of the rectangles `areas` gives at sync; with `orNull`, a null object when there are none. */
  private rangeAreas(parent: Mock, sheetName: string, areas: () => Rect[], orNull: boolean): Mock {
    let found: Rect[] | undefined;
    const address = (rect: Rect) => rangeAddress(rect.c1, rect.r1 + 1, rect.c2, rect.r2 + 1);
    const mock = this.child(
      parent,
      'rangeAreas',
      { address: '', areaCount: 0 },
      {
        beforeResolve: () => void (found ??= areas()),
        refresh: () => ({ address: `${sheetPrefix(sheetName)}${(found ?? []).map(address).join(',')}`, areaCount: found?.length ?? 0 }),
      },
    );
    Object.defineProperty(mock, 'isNullObject', {
      get: () => {
        if (found === undefined) throw new Error('isNullObject read before context.sync()');
        return orNull && found.length === 0;
      },
    });
    return mock;
  }

  // --- conditional formats ------------------------------------------------------------------------

  private conditionalFormats(parent: Mock, sheetName: string, rect: () => Rect): Mock {
    let requested: string[] | undefined;
    const collection: Mock = this.child(
      parent,
      'conditionalFormats',
      {
        load: (props: string) => {
          requested = itemProps(props);
          return collection;
        },
        add: (type: string) => {
          const id = this.model.nextCfId++;
          this.queue(() => {
            this.sheetModel(sheetName).guards.checkWrite(rect(), 'format');
            this.sheetModel(sheetName).conditionalFormats.push({ id, rect: rect(), type, formula: '' });
          });
          return this.conditionalFormat(collection, sheetName, id, type);
        },
      },
      {
        beforeResolve: () => {
          if (!requested) return;
          const target = rect();
          const items = this.sheetModel(sheetName).conditionalFormats.filter((cf) => intersects(cf.rect, target));
          collection.items = items.map((cf) => {
            const item = this.conditionalFormat(collection, sheetName, cf.id, cf.type);
            item.load(requested!.join(','));
            return item;
          });
          requested = undefined;
        },
      },
    );
    return collection;
  }

  private conditionalFormat(parent: Mock, sheetName: string, id: number, type: string): Mock {
    const entry = (): ConditionalFormatModel | undefined => this.sheetModel(sheetName).conditionalFormats.find((cf) => cf.id === id);
    const cf = this.child(
      parent,
      'conditionalFormat',
      {
        type,
        custom: { rule: { formula: '' }, format: { fill: { color: '' }, font: { color: '' } } },
        delete: () => {
          this.queue(() => {
            const list = this.sheetModel(sheetName).conditionalFormats;
            const at = list.findIndex((c) => c.id === id);
            if (at < 0) throw new Error(`ItemNotFound: conditional format ${id} was already deleted`);
            list.splice(at, 1);
          });
        },
      },
      { refresh: () => ({ type: entry()?.type ?? type }) },
    );
    const custom = cf.custom as Mock;
    const rule = custom.rule as Mock;
    this.tracked.push({ mock: rule, refresh: () => ({ formula: entry()?.formula ?? '' }) });
    this.writable(rule, 'formula', (value) => (entry()!.formula = String(value)));
    this.writable((custom.format as Mock).fill as Mock, 'color', (value) => (entry()!.fill = String(value)));
    this.writable((custom.format as Mock).font as Mock, 'color', (value) => (entry()!.fontColor = String(value)));
    return cf;
  }

  // --- charts -------------------------------------------------------------------------------------

  private charts(parent: Mock, sheetName: string): Mock {
    let requested: string[] | undefined;
    const collection: Mock = this.child(
      parent,
      'charts',
      {
        load: (props: string) => {
          requested = itemProps(props);
          return collection;
        },
        add: (type: string, source: Mock, seriesBy: string) => {
          const chart: ChartModel = { name: `Chart ${Date.now()}`, type: `${type}/${seriesBy}`, source: { r1: 0, c1: 0, r2: 0, c2: 0 }, title: '' };
          const sourceRect = this.rects.get(source)!;
          this.queue(() => {
            chart.source = sourceRect();
            this.sheetModel(sheetName).charts.push(chart);
          });
          return this.chart(collection, sheetName, chart);
        },
      },
      {
        beforeResolve: () => {
          if (!requested || !this.model.sheet(sheetName)) return;
          collection.items = this.sheetModel(sheetName).charts.map((chart) => {
            const item = this.chart(collection, sheetName, chart);
            item.load(requested!.join(','));
            return item;
          });
          requested = undefined;
        },
      },
    );
    return collection;
  }

  private chart(parent: Mock, sheetName: string, chart: ChartModel): Mock {
    const item = this.child(
      parent,
      'chart',
      {
        name: chart.name,
        title: { text: '' },
        setPosition: (from: string, to: string) => this.queue(() => (chart.position = [from, to])),
        delete: () =>
          this.queue(() => {
            const list = this.sheetModel(sheetName).charts;
            if (list.includes(chart)) list.splice(list.indexOf(chart), 1);
          }),
      },
      { refresh: () => ({ name: chart.name }) },
    );
    this.writable(item, 'name', (value) => (chart.name = String(value)));
    this.writable(item.title as Mock, 'text', (value) => (chart.title = String(value)));
    return item;
  }

  // --- sync -------------------------------------------------------------------------------------------

  private async sync(): Promise<void> {
    await this.model.beforeSync?.(this.model.syncLog.length + 1);
    const ops = this.ops;
    this.ops = [];
    this.internal++;
    try {
      for (const op of ops) op();
      for (const t of this.tracked) t.beforeResolve?.();
      await this.resolveLoads();
    } finally {
      this.internal--;
    }
  }

  private async resolveLoads(): Promise<void> {
    let responseBytes = 0;
    for (const { mock, refresh, measuresResponse } of this.tracked) {
      if (!refresh) continue;
      const props = internals(mock)._properties;
      const fresh = refresh();
      for (const [name, value] of Object.entries(fresh)) {
        const prop = props.get(name);
        if (!prop || prop._isObject || !prop._loaded) continue;
        prop._valueBeforeLoaded = typeof value === 'function' ? (value as () => unknown)() : value;
        if (measuresResponse && (name === 'values' || name === 'text') && prop._value === NOT_SYNCED) responseBytes += jsonBytes(prop._valueBeforeLoaded);
      }
    }
    await OfficeMockObject.prototype.sync.call(this.root);
    await new Promise((resolve) => setImmediate(resolve)); // office-addin-mock resolves children in later microtasks
    // A property loaded again after an earlier sync gets the new value too (office-addin-mock keeps the first).
    for (const { mock } of this.tracked) {
      const slots = this.slots.get(mock);
      for (const [name, prop] of internals(mock)._properties) if (prop._loaded && !prop._isObject) slots?.get(name)?.set(prop._value);
    }
    this.model.syncLog.push({ requestBytes: this.requestBytes, responseBytes: responseBytes + this.resultBytes });
    this.requestBytes = 0;
    this.resultBytes = 0;
  }
}

/** The cells of `rect` holding a formula, one area each (what getSpecialCells('Formulas') covers). */
function formulaCells(sheet: SheetModel, rect: Rect): Rect[] {
  const cells: Rect[] = [];
  for (const key of sheet.formulas.keys()) {
    const [r, c] = key.split(',').map(Number) as [number, number];
    if (r >= rect.r1 && r <= rect.r2 && c >= rect.c1 && c <= rect.c2) cells.push({ r1: r, c1: c, r2: r, c2: c });
  }
  return cells.sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
}

/** A property whose (expensive) value is computed only if it was loaded. */
const lazy = (compute: () => unknown) => compute;
/** `items/type,items/custom/rule/formula` → the item properties. */
const itemProps = (props: string) => props.split(',').map((p) => p.trim().replace(/^items\//, ''));

/** A fresh request context over `model`, as `Excel.run` hands one to its batch. */
export function mockContext(model: WorkbookModel): Excel.RequestContext {
  return new MockSession(model).root as unknown as Excel.RequestContext;
}
