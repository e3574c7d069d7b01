/// <reference types="office-js" />
import { mapHeader } from '../../shared/columns/map-header.js';
import { localeFor, type Locale } from '../../shared/i18n/locales.js';
import { rangeAddress } from '../../shared/sheet/address.js';
import { FACT_COLUMNS, factColumnHeader, factTexts, type FactColumnKey } from '../../shared/sheet/fact-columns.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import { queueDateSystemProbe } from './date-system.js';
import { locateHeader, MissingColumnsError, queueHeaderScan, queueUsedBounds, type TableLocation } from './find-table.js';
import type { ExcelHost } from './host.js';
import { loadColumnMapping, loadDateSystemOverride, loadSheetLanguage, type ColumnOverrides } from './settings.js';
import type { PatchOutcome, WorkerClient, WorkerLine } from './sync-client.js';
import { SyncMeter } from './sync-meter.js';
import {
  OPERATOR_SHEET_FIELDS,
  operatorText,
  parseOperatorText,
  sameOperatorValue,
  type OperatorJsonValue,
  type ValueContext,
} from './sync-operator-values.js';
import { queueCellWrites, queueRowsWrite, readSheetLines, reportCell, syncTable, type SheetLine, type SheetLines, type SyncTable } from './sync-sheet.js';
import { SyncState, type LineSnapshot } from './sync-state.js';
import { countSpareRows, queueTableColumns, queueTableRows } from './table-object.js';
import { DAY_FORMAT, queueTypedWrite, shownDate, textCell, typedCell, type TypedCell } from './typed-cells.js';
import { queueFormulaGuard, queueWriteGuard } from './write-guard.js';
import { POINTS_PER_CHAR } from './write-status.js';
import { columnsAddress } from './status-columns.js';

export interface SyncOptions {
  client: WorkerClient;
  columnOverrides?: ColumnOverrides;
  dateSystem?: ExcelDateSystem;
  /** Lines per /v1/changes page (the worker allows 1-1000). */
  pageSize?: number;
  /** Fixed rows per sheet read (tests); default sized to the payload budget. */
  chunkRows?: number;
  onProgress?: (progress: { phase: 'read' | 'push' | 'pull'; done: number; total?: number }) => void;
  /** The language of the fact columns' headers Sync adds; default the workbook's (set by flagging), else Office's. */
  language?: Locale;
}

/** A line whose operator values differ between the sheet and the worker, for the operator to choose. */
export interface SyncConflict {
  lineKey: string;
  orderId: string;
  /** The operator columns that differ: the sheet's text and the worker's, as the sheet would show it. */
  fields: { header: string; mine: string; theirs: string }[];
  current: WorkerLine;
}

export interface SyncCellError {
  row: number;
  column: string;
  message: string;
}

export interface SyncResult {
  sheetName: string;
  /** Lines whose operator edits the worker saved. */
  pushed: number;
  /** Lines received from /v1/changes. */
  pulled: number;
  updatedRows: number;
  appendedRows: number;
  /** Empty operator cells filled with the worker's value. */
  filledCells: number;
  conflicts: SyncConflict[];
  /** Operator cells that could not be sent (not a date, not a known claim status, …): kept for the next sync. */
  errors: SyncCellError[];
  /** Edited lines the worker does not have (typed into the sheet, never imported). */
  unknownLines: number;
  /** Rows repeating an earlier row's order line: left alone. */
  duplicateRows: number[];
  headerWritten: boolean;
  /** Headers of the fact columns this sync added (feedback rating, carrier, tracking number, …). */
  factColumnsAdded: string[];
  cursor: string;
  syncs: number;
  /** Bytes of the sync state saved in the workbook (custom XML parts, sync-store.ts). */
  stateBytes: number;
}

/** Where the sync works: the active sheet's table, its lines, the workbook's date system. */
interface Workspace {
  context: Excel.RequestContext;
  meter: SyncMeter;
  sheet: Excel.Worksheet;
  location: TableLocation;
  /** Undefined while the sheet is empty (its header comes from the first line pulled). */
  table: SyncTable | undefined;
  lines: SheetLines;
  dateSystem: ExcelDateSystem;
  overrides: ColumnOverrides;
  /** Empty data rows at the end of an Excel table (below `location.lastRow`): new lines fill them first. */
  spareRows: number;
  /** The sheet's language: headers of the fact columns added. */
  language: Locale;
}

async function openWorkspace(context: Excel.RequestContext, host: ExcelHost, options: Pick<SyncOptions, 'columnOverrides' | 'dateSystem' | 'chunkRows' | 'language'>): Promise<Workspace> {
  const meter = new SyncMeter();
  const usedBounds = queueUsedBounds(context);
  const detectDateSystem = queueDateSystemProbe(context);
  await meter.sync(context);
  const bounds = usedBounds();
  const overrides = options.columnOverrides ?? loadColumnMapping(host.settings, bounds.sheetName);
  const located = queueHeaderScan(context, bounds, overrides);
  const writable = queueWriteGuard(context, host, bounds.sheetName, bounds);
  await meter.sync(context);
  const location = located();
  writable();
  const sheet = context.workbook.worksheets.getItem(location.sheetName);
  const dateSystem = options.dateSystem ?? loadDateSystemOverride(host.settings) ?? detectDateSystem();
  const language = options.language ?? loadSheetLanguage(host.settings) ?? localeFor(host.displayLanguage);
  const empty = location.headers.every((header) => header === '') && location.lastRow <= location.headerRow;
  if (empty) return { context, meter, sheet, location, table: undefined, lines: { byKey: new Map(), duplicateRows: [] }, dateSystem, overrides, spareRows: 0, language };
  if (location.missingRequired.length > 0) throw new MissingColumnsError(location);
  const table = syncTable(location);
  // Rides on the first read: formulas in the columns the sync writes (keys, operator and report columns).
  const written = [...table.operatorColumns, ...table.reportColumns.map((column) => column.sheetColumn), ...table.factColumns.map((column) => column.sheetColumn), ...keyColumns(location)].filter(
    (c): c is number => c !== undefined,
  );
  const noFormulas = queueFormulaGuard(context, host, location.sheetName, { firstRow: location.headerRow + 1, lastRow: location.lastRow }, written);
  const lines = await readSheetLines(context, table, meter, options.chunkRows);
  noFormulas();
  const spareRows = location.table ? await countSpareRows(context, location, lastLineRow(location, lines), meter) : 0;
  return { context, meter, sheet, location: { ...location, lastRow: location.lastRow - spareRows }, table, lines, dateSystem, overrides, spareRows, language };
}

function lastLineRow(location: TableLocation, lines: SheetLines): number {
  let last = location.headerRow;
  for (const line of lines.byKey.values()) last = Math.max(last, line.row);
  for (const row of lines.duplicateRows) last = Math.max(last, row);
  return last;
}

const keyColumns = (location: TableLocation) =>
  (['orderId', 'orderItemId', 'sku'] as const).map((column) => (location.columns[column] === undefined ? undefined : location.firstColumn + location.columns[column].index));

/**
 * One sync of the active sheet with the worker: first the operators' edits since the last sync go up
 * (PATCH with If-Match), then the worker's changes since the cursor come down, a page per Excel sync:
 * report columns of known lines rewritten, new lines appended, operator cells only filled where empty.
 * Where the sheet and the worker disagree on an operator value, the line becomes a conflict for the
 * operator to settle (resolveSyncConflict); until then it stays pending in the sync state.
 */
export async function syncWithWorker(host: ExcelHost, options: SyncOptions): Promise<SyncResult> {
  // Co-authors' saved settings (column mapping, date system) are seen only after a refresh.
  await host.settings.refresh();
  return host.run(async (context) => {
    const space = await openWorkspace(context, host, options);
    const state = await SyncState.load(context, host.settings, space.meter);
    const result: SyncResult = {
      sheetName: space.location.sheetName,
      pushed: 0,
      pulled: 0,
      updatedRows: 0,
      appendedRows: 0,
      filledCells: 0,
      conflicts: [],
      errors: [],
      unknownLines: 0,
      duplicateRows: space.lines.duplicateRows,
      headerWritten: false,
      factColumnsAdded: [],
      cursor: state.cursor,
      syncs: 0,
      stateBytes: 0,
    };
    options.onProgress?.({ phase: 'read', done: space.lines.byKey.size });
    const held = await pushEdits(space, state, options, result);
    if (result.pushed > 0) await state.save();
    await pullChanges(space, state, options, result, held);
    result.cursor = state.cursor;
    result.stateBytes = await state.save();
    result.syncs = space.meter.syncs;
    return result;
  });
}

/** The operator values of the sheet row, parsed; undefined where the sheet has no such column. */
function sheetValues(space: Workspace, texts: readonly string[], zone: string): ({ ok: true; value: OperatorJsonValue } | { ok: false; message: string } | undefined)[] {
  const context: ValueContext = { zone, dateSystem: space.dateSystem };
  return OPERATOR_SHEET_FIELDS.map((spec, i) => (space.table!.operatorColumns[i] === undefined ? undefined : parseOperatorText(spec, texts[i] ?? '', context)));
}

const headerAt = (space: Workspace, i: number) => space.location.headers[space.table!.operatorColumns[i]! - space.location.firstColumn] ?? OPERATOR_SHEET_FIELDS[i]!.column;

/** Sends the lines whose operator cells changed since the snapshot; returns the line keys left for later (conflicts, errors). */
async function pushEdits(space: Workspace, state: SyncState, options: SyncOptions, result: SyncResult): Promise<Set<string>> {
  const held = new Set<string>();
  if (!space.table) return held;
  const edited: { line: SheetLine; snapshot: LineSnapshot; patch: Record<string, OperatorJsonValue> }[] = [];
  for (const line of space.lines.byKey.values()) {
    const snapshot = state.get(line.lineKey);
    if (!snapshot) continue;
    const now = sheetValues(space, line.texts, snapshot.zone);
    const before = sheetValues(space, snapshot.texts, snapshot.zone);
    const patch: Record<string, OperatorJsonValue> = {};
    let bad = false;
    now.forEach((value, i) => {
      if (value === undefined) return;
      const field = OPERATOR_SHEET_FIELDS[i]!.field;
      if (!value.ok) {
        // Unchanged bad text was reported when it was typed; report it again only while it is an edit.
        if ((line.texts[i] ?? '') !== (snapshot.texts[i] ?? '')) result.errors.push({ row: line.row, column: headerAt(space, i), message: value.message });
        bad = true;
        return;
      }
      const old = before[i]!;
      if (snapshot.pending || !old.ok || !sameOperatorValue(field, value.value, old.value)) patch[field] = value.value;
    });
    if (bad) held.add(line.lineKey);
    else if (Object.keys(patch).length > 0) edited.push({ line, snapshot, patch });
  }
  let done = 0;
  for (const { line, snapshot, patch } of edited) {
    let outcome: PatchOutcome = await options.client.patchLine(line, snapshot.version, patch);
    // The line moved on (an import of report columns, or another operator's edit of other fields):
    // when the worker did not touch the fields edited here, the edit still applies to its new version.
    if (outcome.kind === 'conflict' && !snapshot.pending && editsStillApply(space, snapshot, patch, outcome.current)) {
      outcome = await options.client.patchLine(line, outcome.current.version, patch);
    }
    options.onProgress?.({ phase: 'push', done: ++done, total: edited.length });
    if (outcome.kind === 'saved') {
      state.set(line.lineKey, { version: outcome.line.version, zone: outcome.line.row.timeZone, texts: line.texts });
      result.pushed++;
    } else if (outcome.kind === 'conflict') {
      held.add(line.lineKey);
      const conflict = conflictOf(space, line, outcome.current);
      if (conflict) {
        result.conflicts.push(conflict);
        state.set(line.lineKey, { ...snapshot, pending: true });
      } else {
        // Someone made the same change meanwhile: nothing to settle.
        state.set(line.lineKey, { version: outcome.current.version, zone: outcome.current.row.timeZone, texts: line.texts });
      }
    } else if (outcome.kind === 'missing') {
      result.unknownLines++;
    } else {
      held.add(line.lineKey);
      result.errors.push({ row: line.row, column: '', message: outcome.message });
    }
  }
  return held;
}

/** Whether the worker's current values of the edited fields are still those the edit started from. */
function editsStillApply(space: Workspace, snapshot: LineSnapshot, patch: Record<string, OperatorJsonValue>, current: WorkerLine): boolean {
  const base = sheetValues(space, snapshot.texts, snapshot.zone);
  return OPERATOR_SHEET_FIELDS.every((spec, i) => {
    if (!Object.hasOwn(patch, spec.field)) return true;
    const was = base[i];
    return was !== undefined && was.ok && sameOperatorValue(spec.field, was.value, current.row[spec.field]);
  });
}

/** The conflict between a sheet line and the worker's line, or undefined when their operator values agree. */
function conflictOf(space: Workspace, line: SheetLine, current: WorkerLine): SyncConflict | undefined {
  const zone = current.row.timeZone;
  const fields: SyncConflict['fields'] = [];
  sheetValues(space, line.texts, zone).forEach((value, i) => {
    if (value === undefined) return;
    const field = OPERATOR_SHEET_FIELDS[i]!.field;
    if (value.ok && sameOperatorValue(field, value.value, current.row[field])) return;
    const mine = line.texts[i] ?? '';
    fields.push({ header: headerAt(space, i), mine: OPERATOR_SHEET_FIELDS[i]!.kind === 'date' ? shownDate(mine, space.dateSystem) : mine, theirs: operatorText(field, current.row[field], zone) });
  });
  return fields.length === 0 ? undefined : { lineKey: line.lineKey, orderId: line.orderId, fields, current };
}

/**
 * The worker's operator values as sheet texts (OPERATOR_SHEET_FIELDS order): the report's own spelling
 * where its cell still means the worker's value ("not as described", a time with its offset), else the
 * value written out in the line's zone (a PATCH or an older import set it).
 */
function workerTexts(space: Workspace, line: WorkerLine): string[] {
  const zone = line.row.timeZone;
  const context: ValueContext = { zone, dateSystem: space.dateSystem };
  return OPERATOR_SHEET_FIELDS.map((spec, i) => {
    const value = line.row[spec.field];
    const header = space.table?.operatorColumns[i] === undefined ? spec.column : headerAt(space, i);
    const cell = reportCell(line.cells, { sheetColumn: -1, header, canonical: spec.column });
    const parsed = cell === undefined ? undefined : parseOperatorText(spec, cell, context);
    return parsed?.ok && sameOperatorValue(spec.field, parsed.value, value) && cell!.trim() !== '' ? cell!.trim() : operatorText(spec.field, value, zone);
  });
}

async function pullChanges(space: Workspace, state: SyncState, options: SyncOptions, result: SyncResult, held: Set<string>): Promise<void> {
  const appendedHere: Appended = { rows: new Map(), lines: new Map() };
  for (;;) {
    const page = await options.client.changes(state.cursor, options.pageSize);
    if (page.items.length > 0 && !space.table) writeHeaderFrom(space, page.items[0]!, result);
    if (space.table) addFactColumns(space, page.items, result);
    const fresh: WorkerLine[] = [];
    for (const item of page.items) {
      const existing = space.lines.byKey.get(item.lineKey);
      if (existing) updateLine(space, state, item, existing, held, result);
      else fresh.push(item);
    }
    appendLines(space, state, fresh, appendedHere);
    // Rides on the writing sync: where the sheet ends now, after the rows another pane may have appended meanwhile.
    const end = fresh.length > 0 ? queueLastRow(space) : undefined;
    result.appendedRows += fresh.length;
    result.pulled += page.items.length;
    if (space.meter.pendingRequestBytes > 0) await space.meter.sync(space.context);
    if (end) moveEndTo(space, end());
    state.cursor = page.cursor;
    options.onProgress?.({ phase: 'pull', done: result.pulled });
    if (!page.hasMore) break;
  }
  await keepAppendedLines(space, state, appendedHere);
}

/** The lines this sync appended: sheet row to line key, and each line as the worker sent it (to append again). */
interface Appended {
  rows: Map<number, string>;
  lines: Map<string, WorkerLine>;
}

/** Queues new lines after the last row (filling a table's empty rows first, then adding table rows). */
function appendLines(space: Workspace, state: SyncState, items: readonly WorkerLine[], appended: Appended): void {
  const firstNewRow = space.location.lastRow + 1;
  const cells = items.map((item, i) => {
    appended.rows.set(firstNewRow + i, item.lineKey);
    appended.lines.set(item.lineKey, item);
    return appendLine(space, state, item, firstNewRow + i);
  });
  // In an Excel table, the lines fill its empty data rows, then rows are added to it: above its totals row, never below.
  const filling = Math.min(space.spareRows, items.length);
  space.spareRows -= filling;
  if (space.location.table) queueTableRows(space.sheet, space.location.table, items.length - filling, space.meter);
  queueRowsWrite(space.sheet, space.location, firstNewRow, cells, space.meter);
  space.location = { ...space.location, lastRow: space.location.lastRow + items.length };
}

/** Rounds of reading back the appended rows before giving up (each pane that loses rows appends them again). */
const APPEND_CHECKS = 6;

/**
 * Two panes appending at once both write after the last row they read, so the later write replaces the
 * earlier pane's new rows (Excel merges co-authors' edits cell by cell). After its writes, Sync reads back
 * the line keys of the rows it appended, and where the sheet ends: lines gone are appended again after
 * the current last row; it reads again until none is gone and the sheet stopped growing (another pane
 * still appending could otherwise overwrite rows after the last check), at most APPEND_CHECKS rounds.
 */
async function keepAppendedLines(space: Workspace, state: SyncState, appended: Appended): Promise<void> {
  for (let round = 0; round < APPEND_CHECKS && appended.rows.size > 0; round++) {
    let from = Infinity;
    let to = 0;
    for (const row of appended.rows.keys()) [from, to] = [Math.min(from, row), Math.max(to, row)];
    const end = queueLastRow(space); // rides on the read's first sync
    const found = await readSheetLines(space.context, { ...space.table!, location: { ...space.location, headerRow: from - 1, lastRow: to } }, space.meter);
    const lost = [...appended.rows].filter(([, lineKey]) => !found.byKey.has(lineKey));
    const now = end();
    if (lost.length === 0 && now <= space.location.lastRow + space.spareRows) return;
    moveEndTo(space, now);
    if (lost.length === 0) continue;
    for (const [row] of lost) appended.rows.delete(row);
    appendLines(space, state, lost.map(([, lineKey]) => appended.lines.get(lineKey)!), appended);
    await space.meter.sync(space.context);
  }
}

/** The sheet's last row after the next sync (another pane may have added rows): the table's last data row, else the used range's. */
function queueLastRow(space: Workspace): () => number {
  const { table } = space.location;
  const range = table ? space.sheet.tables.getItem(table.name).getRange() : space.sheet.getUsedRange(true);
  range.load('rowIndex,rowCount');
  return () => range.rowIndex + range.rowCount - (table?.showTotals ? 1 : 0);
}

/** New lines go after `end` when the sheet grew past the rows this sync knows of (its own and a table's empty ones). */
function moveEndTo(space: Workspace, end: number): void {
  if (end <= space.location.lastRow + space.spareRows) return;
  space.location = { ...space.location, lastRow: end };
  space.spareRows = 0;
}

/** An empty sheet gets the first line's report header (its columns in the report's order). */
function writeHeaderFrom(space: Workspace, first: WorkerLine, result: SyncResult): void {
  const headers = Object.keys(first.cells);
  const bounds = { sheetName: space.location.sheetName, firstRow: space.location.headerRow, lastRow: space.location.headerRow, firstColumn: 0, lastColumn: headers.length - 1 };
  space.location = locateHeader([headers], bounds, space.overrides);
  if (space.location.missingRequired.length > 0) throw new MissingColumnsError(space.location);
  space.table = syncTable(space.location);
  queueRowsWrite(space.sheet, space.location, space.location.headerRow, [headers.map(textCell)], space.meter);
  const { firstColumn, lastColumn, headerRow } = space.location;
  space.sheet.getRange(rangeAddress(firstColumn, headerRow, lastColumn, headerRow)).format.font.bold = true;
  result.headerWritten = true;
}

/**
 * Adds the fact columns the page's lines have something for and the sheet lacks (shared/sheet/fact-columns.ts),
 * right of everything used (after the status block, which is found again by its headers), headers in the sheet's
 * language. In an Excel table that ends the used range they join the table, as flagging's status columns do.
 */
function addFactColumns(space: Workspace, items: readonly WorkerLine[], result: SyncResult): void {
  const table = space.table!;
  const wanted = new Set<FactColumnKey>();
  for (const item of items) if (item.facts) for (const key of Object.keys(factTexts(item.facts)) as FactColumnKey[]) wanted.add(key);
  const has = (key: FactColumnKey) => (key === 'feedbackRating' ? space.location.columns.feedbackRating !== undefined : table.factColumns.some((column) => column.key === key));
  const missing = FACT_COLUMNS.filter((spec) => wanted.has(spec.key) && !has(spec.key));
  if (missing.length === 0) return;
  const headers = missing.map((spec) => factColumnHeader(spec.key, space.language));
  const { location } = space;
  const first = location.lastColumn + 1;
  const last = first + headers.length - 1;
  if (location.table?.atRightEdge) queueTableColumns(space.sheet, location.table, headers);
  queueTypedWrite(space.sheet.getRange(rangeAddress(first, location.headerRow, last, location.headerRow)), [headers.map(textCell)], (payload) => space.meter.send(payload));
  space.sheet.getRange(rangeAddress(first, location.headerRow, last, location.headerRow)).format.font.bold = true;
  // Wide enough for what they hold: a date with its time in a default-width column shows as #####.
  missing.forEach((spec, i) => {
    space.sheet.getRange(columnsAddress(first + i, first + i)).format.columnWidth = spec.width * POINTS_PER_CHAR;
  });
  const allHeaders = [...location.headers, ...headers];
  space.location = {
    ...location,
    lastColumn: last,
    headers: allHeaders,
    columns: mapHeader(allHeaders, space.overrides),
    ...(location.table ? { table: { ...location.table, columnCount: location.table.columnCount + (location.table.atRightEdge ? headers.length : 0) } } : {}),
  };
  space.table = syncTable(space.location);
  result.factColumnsAdded.push(...headers);
}

/**
 * A line's fact cells (sheet column → cell): the worker's facts, else the line's report cell of that header. Text
 * as text; a date as a date, shown as a day when it is midnight on the line's clock (a report's day, sent as an instant).
 */
function factCells(space: Workspace, item: WorkerLine): Map<number, TypedCell> {
  const texts = item.facts ? factTexts(item.facts) : {};
  const typed = cellTyper(space, item);
  const cells = new Map<number, TypedCell>();
  for (const column of space.table!.factColumns) {
    const text = texts[column.key] ?? reportCell(item.cells, { sheetColumn: column.sheetColumn, header: column.header, canonical: undefined });
    if (text === undefined) continue;
    const cell = typed(column.sheetColumn, text);
    cells.set(column.sheetColumn, typeof cell.value === 'number' && Number.isInteger(cell.value) ? { ...cell, format: DAY_FORMAT } : cell);
  }
  return cells;
}

/** A known line: report cells rewritten; operator cells filled where empty, or a conflict where they differ. */
function updateLine(space: Workspace, state: SyncState, item: WorkerLine, line: SheetLine, held: Set<string>, result: SyncResult): void {
  const table = space.table!;
  const typed = cellTyper(space, item);
  const writes = new Map<number, TypedCell>();
  for (const column of table.reportColumns) {
    const value = reportCell(item.cells, column);
    if (value !== undefined) writes.set(column.sheetColumn, typed(column.sheetColumn, value));
  }
  for (const [column, cell] of factCells(space, item)) writes.set(column, cell);
  if (!held.has(line.lineKey)) {
    const theirs = workerTexts(space, item);
    const texts = [...line.texts];
    const filled = new Map<number, string>();
    sheetValues(space, line.texts, item.row.timeZone).forEach((value, i) => {
      const column = table.operatorColumns[i];
      if (value === undefined || column === undefined) return;
      if ((line.texts[i] ?? '').trim() === '' && theirs[i] !== '') {
        filled.set(column, theirs[i]!);
        texts[i] = theirs[i]!;
      }
    });
    const conflict = conflictOf(space, { ...line, texts }, item);
    if (conflict) {
      result.conflicts.push(conflict);
      const snapshot = state.get(line.lineKey);
      state.set(line.lineKey, { version: snapshot?.version ?? 0, zone: item.row.timeZone, texts: snapshot?.texts ?? line.texts, pending: true });
    } else {
      for (const [column, text] of filled) writes.set(column, typed(column, text));
      result.filledCells += filled.size;
      line.texts = texts;
      state.set(line.lineKey, { version: item.version, zone: item.row.timeZone, texts });
    }
  }
  queueCellWrites(space.sheet, line.row, writes, space.meter);
  result.updatedRows++;
}

/** Types a worker text for a sheet column of this line (its zone, the workbook's date system). */
function cellTyper(space: Workspace, item: WorkerLine): (sheetColumn: number, text: string) => TypedCell {
  const context = { zone: item.row.timeZone, dateSystem: space.dateSystem };
  const { kinds } = space.table!;
  const first = space.location.firstColumn;
  return (sheetColumn, text) => typedCell(text, kinds[sheetColumn - first] ?? 'text', context);
}

/** A new line: a full row in the sheet's header order; returns its cells. */
function appendLine(space: Workspace, state: SyncState, item: WorkerLine, row: number): TypedCell[] {
  const table = space.table!;
  const { location } = space;
  const cells = location.headers.map(() => '');
  const put = (sheetColumn: number | undefined, text: string) => {
    if (sheetColumn !== undefined) cells[sheetColumn - location.firstColumn] = text;
  };
  for (const column of table.reportColumns) put(column.sheetColumn, reportCell(item.cells, column) ?? '');
  const keyColumn = (column: 'orderId' | 'orderItemId' | 'sku') => {
    const at = location.columns[column];
    return at === undefined ? undefined : location.firstColumn + at.index;
  };
  put(keyColumn('orderId'), item.orderId);
  put(keyColumn('orderItemId'), item.orderItemId ?? '');
  put(keyColumn('sku'), item.sku ?? '');
  const texts = workerTexts(space, item);
  table.operatorColumns.forEach((column, i) => put(column, texts[i]!));
  const sheetTexts = OPERATOR_SHEET_FIELDS.map((_, i) => (table.operatorColumns[i] === undefined ? '' : texts[i]!));
  space.lines.byKey.set(item.lineKey, { row, lineKey: item.lineKey, orderId: item.orderId, texts: sheetTexts });
  state.set(item.lineKey, { version: item.version, zone: item.row.timeZone, texts: sheetTexts });
  const typed = cellTyper(space, item);
  const facts = factCells(space, item);
  return cells.map((text, i) => facts.get(location.firstColumn + i) ?? typed(location.firstColumn + i, text));
}

export type ConflictChoice = 'mine' | 'theirs';
export type ResolveOutcome = { kind: 'resolved'; version: number } | { kind: 'conflict'; conflict: SyncConflict };

/**
 * Settles a conflict: `mine` sends the sheet's operator values against the worker's current version
 * (another 409 gives a fresh conflict), `theirs` writes the worker's values into the sheet's operator cells.
 */
export async function resolveSyncConflict(
  host: ExcelHost,
  conflict: SyncConflict,
  choice: ConflictChoice,
  options: Pick<SyncOptions, 'client' | 'columnOverrides' | 'dateSystem' | 'chunkRows'>,
): Promise<ResolveOutcome> {
  await host.settings.refresh();
  return host.run(async (context) => {
    const space = await openWorkspace(context, host, options);
    const line = space.lines.byKey.get(conflict.lineKey);
    if (!line || !space.table) throw new Error(`Order line ${conflict.lineKey.replace('\u001f', ' ')} is no longer on the sheet "${space.location.sheetName}".`);
    const state = await SyncState.load(context, host.settings, space.meter);
    const current = conflict.current;
    const zone = current.row.timeZone;
    if (choice === 'theirs') {
      const texts = workerTexts(space, current);
      const writes = new Map<number, TypedCell>();
      const typed = cellTyper(space, current);
      space.table.operatorColumns.forEach((column, i) => column !== undefined && writes.set(column, typed(column, texts[i]!)));
      queueCellWrites(space.sheet, line.row, writes, space.meter);
      await space.meter.sync(context);
      state.set(line.lineKey, { version: current.version, zone, texts: OPERATOR_SHEET_FIELDS.map((_, i) => (space.table!.operatorColumns[i] === undefined ? '' : texts[i]!)) });
      await state.save();
      return { kind: 'resolved', version: current.version };
    }
    const patch: Record<string, OperatorJsonValue> = {};
    sheetValues(space, line.texts, zone).forEach((value, i) => {
      if (value === undefined) return;
      if (!value.ok) throw new Error(`${headerAt(space, i)} on row ${line.row}: ${value.message}`);
      const field = OPERATOR_SHEET_FIELDS[i]!.field;
      if (!sameOperatorValue(field, value.value, current.row[field])) patch[field] = value.value;
    });
    let version = current.version;
    if (Object.keys(patch).length > 0) {
      const outcome = await options.client.patchLine(line, current.version, patch);
      if (outcome.kind === 'conflict') {
        const again = conflictOf(space, line, outcome.current);
        if (again) return { kind: 'conflict', conflict: again };
        version = outcome.current.version;
      } else if (outcome.kind === 'saved') version = outcome.line.version;
      else throw new Error(outcome.kind === 'missing' ? `The worker has no order line ${line.orderId}.` : outcome.message);
    }
    state.set(line.lineKey, { version, zone, texts: line.texts });
    await state.save();
    return { kind: 'resolved', version };
  });
}
