import type { CanonicalColumn } from '../columns/canonical.js';
import { CANONICAL_COLUMNS } from '../columns/canonical.js';
import { mapHeader, type ColumnMap } from '../columns/map-header.js';
import { DEFAULT_POLICY, type Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { RowError } from '../schemas/statuses.js';
import type { ExcelDateSystem } from '../time/excel-serial.js';
import type { DateOrder } from '../time/parse.js';
import type { EncodingName } from './encodings.js';
import {
  invalidBytesWarning,
  isInvalidBytesWarning,
  openRecords,
  readRecordRange,
  ReportFormatError,
  type ByteSource,
  type RawRecord,
  type RecordReadOptions,
} from './records.js';
import { headerlessLayout, headerlessWarning } from './headerless.js';
import { RowBuilder } from './row-builder.js';
import { EXCERPT_CHARS, shortened } from '../text/excerpt.js';
import { columnLabel, detectKind, kindCandidates, kindSpec, columnsOf, type ReportKind } from './kinds.js';

export interface ReportOptions extends RecordReadOptions {
  policy?: Policy;
  dateOrder?: DateOrder | undefined;
  excelDateSystem?: ExcelDateSystem | undefined;
  /** Canonical column → header text, where the aliases do not find a column (the add-in's picker). */
  columnOverrides?: Partial<Record<CanonicalColumn, string>>;
  /** The report's kind as the user declared it; without it, the kind is detected from the header. */
  kind?: ReportKind | undefined;
}

/**
 * One record of the report in file order: its physical line, its cells as written, and either the
 * typed row or the errors of its bad cells (such a row is not evaluated, but nothing is lost).
 */
export type ReportItem = { line: number; cells: string[] } & ({ row: OrderRow; errors?: undefined } | { row?: undefined; errors: RowError[] });

export interface ReportBatch {
  items: ReportItem[];
}

export interface OpenedReport {
  encoding: string;
  delimiter: string;
  /** The header's line; for a header-less report of a known layout, the line before its first data line (often 0). */
  headerLine: number;
  /** The header as written (trimmed), in file order. */
  headers: string[];
  /** The header record's cells exactly as split, untrimmed (a repeated header is recognised by them). */
  headerCells: string[];
  columns: ColumnMap;
  /** Which report this is (declared, or detected from the header: docs/reports.md). */
  kind: ReportKind;
  /** File-level notes: replaced bytes, ignored lines above the header, ids Excel mangled (filled as reading goes). */
  warnings: string[];
  batches: AsyncIterable<ReportBatch>;
}

/** Input that cannot be read as a report at all: one clear message, exit code 2 / HTTP 4xx. */
export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}

/** How many leading records may be titles or notes before the header row. */
const HEADER_SEARCH_RECORDS = 10;
const ORDER_ID_LIKE = /^\d{3}-\d{7}-\d{7}$/;
const DATETIME_LIKE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Opens an Amazon report (or an operator's export) for reading: finds the header row, maps the columns,
 * and yields typed rows and row errors in batches, streaming. Throws ReportError for unusable input.
 */
export async function openReport(source: ByteSource, options: ReportOptions = {}): Promise<OpenedReport> {
  let stream;
  try {
    stream = await openRecords(source, options);
  } catch (error) {
    if (error instanceof ReportFormatError) throw new ReportError(error.message);
    throw error;
  }
  const iterator = stream.batches[Symbol.asyncIterator]();
  const pending: RawRecord[] = [];
  let header: RawRecord | undefined;
  let columns: ColumnMap = {};
  let first: RawRecord | undefined;
  let skipped = 0;
  let headerless: string | undefined;
  search: for (;;) {
    const next = await nextRecords(iterator);
    if (next.done) break;
    for (let i = 0; i < next.value.length; i++) {
      const record = next.value[i]!;
      const mapped = mapHeader(record.cells, options.columnOverrides);
      if (mapped.orderId) {
        header = record;
        columns = mapped;
        pending.push(...next.value.slice(i + 1));
        break search;
      }
      if (!first) {
        first = record;
        // A header-less file of a known Amazon layout is read with that layout's columns, and says so.
        const layout = looksLikeData(record) ? headerlessLayout(record.cells) : undefined;
        if (layout) {
          header = { line: record.line - 1, cells: [...layout.headers] };
          columns = mapHeader(header.cells, options.columnOverrides);
          headerless = headerlessWarning(layout, record.line);
          pending.push(...next.value.slice(i));
          break search;
        }
        throwIfDataOrJson(record);
      }
      if (++skipped >= HEADER_SEARCH_RECORDS || looksLikeData(record)) throw noOrderIdColumn(stream.delimiter, first);
    }
  }
  if (!header) {
    if (!first) throw new ReportError('The file holds no rows: it is empty or has only blank lines.');
    throw noOrderIdColumn(stream.delimiter, first);
  }

  const kind = reportKindOf(header.cells, options.kind);
  const warnings = stream.warnings;
  if (headerless) warnings.push(headerless);
  if (skipped > 0) warnings.push(`line${skipped > 1 ? 's' : ''} above the header (line ${header.line}) were ignored`);
  const builder = new RowBuilder(columns, {
    policy: options.policy ?? DEFAULT_POLICY,
    dateOrder: options.dateOrder,
    excelDateSystem: options.excelDateSystem,
  });

  const policy = options.policy ?? DEFAULT_POLICY;
  if (!columns.salesChannel && !policy.timeZone && (kind === 'orders' || kind === 'shipments' || kind === 'claims')) {
    warnings.push(
      `the report has no sales-channel column: calendar days are counted in ${policy.defaultTimeZone}; ` +
        `if it comes from another marketplace, set the time zone (--time-zone, e.g. Asia/Kolkata for Amazon.in)`,
    );
  }
  let repeatedHeaders: number[] = [];
  const withoutRepeatedHeaders = repeatedHeaderFilter(header.cells, columns, (line) => repeatedHeaders.push(line));

  async function* batches(): AsyncGenerator<ReportBatch> {
    if (pending.length > 0) yield buildBatch(builder, withoutRepeatedHeaders(pending));
    for (;;) {
      const next = await nextRecords(iterator);
      if (next.done) break;
      yield buildBatch(builder, withoutRepeatedHeaders(next.value));
    }
    warnings.push(...endOfReadingWarnings(repeatedHeaders, builder.mangled));
    repeatedHeaders = [];
  }

  return {
    encoding: stream.encoding,
    delimiter: stream.delimiter,
    headerLine: header.line,
    headers: header.cells.map((h) => h.trim()),
    headerCells: header.cells,
    columns,
    kind,
    warnings,
    batches: batches(),
  };
}

/**
 * Refuses a report whose lines are facts about orders rather than order lines (feedback, returns) where it would be
 * read alone: its order ids would become order lines without dates. The CLI merges such reports with an order report.
 */
export function requireOrderLines(report: Pick<OpenedReport, 'kind'>, where: string): void {
  if (report.kind !== 'feedback' && report.kind !== 'returns') return;
  throw new ReportError(
    `This is a ${report.kind} report (${kindSpec(report.kind)!.title}): its lines add facts to orders and hold no order lines of their own. ` +
      `${where} reads order reports and claim sheets only; import it (POST /v1/imports keeps it by order), or merge it with an order report on the command line: atoz evaluate orders.txt ${report.kind}.txt (docs/reports.md).`,
  );
}

/** The declared kind (checked against the header) or the detected one. */
function reportKindOf(headerCells: readonly string[], declared: ReportKind | undefined): ReportKind {
  if (declared === undefined) return detectKind(headerCells) ?? 'orders';
  const spec = kindSpec(declared);
  if (!spec) throw new ReportError(`A ${declared} report is a JSON document, not a table; this file has a header line.`);
  const at = columnsOf(headerCells);
  const missing = spec.needs.filter((c) => at[c] === undefined).map(columnLabel);
  if (spec.needsOneOf && !spec.needsOneOf.some((c) => at[c] !== undefined)) missing.push(`one of ${spec.needsOneOf.map(columnLabel).join(', ')}`);
  if (missing.length > 0) {
    throw new ReportError(`The file was declared a ${declared} report (${spec.title}), but its header has no ${missing.join(' and ')} column. Detected: ${detectKind(headerCells) ?? 'no known kind'}.`);
  }
  return declared;
}

/**
 * The next batch of records; the reader's ReportFormatError (e.g. one record of 32 million characters: an
 * unclosed quote or a file without line breaks, the header search included) becomes a ReportError.
 */
async function nextRecords(iterator: AsyncIterator<RawRecord[]>): Promise<IteratorResult<RawRecord[]>> {
  try {
    return await iterator.next();
  } catch (error) {
    if (error instanceof ReportFormatError) throw new ReportError(error.message);
    throw error;
  }
}

/** Some exports (and test mocks) repeat the header line further down; such a line is not an order. */
function repeatedHeaderFilter(headerCells: readonly string[], columns: ColumnMap, skipped: (line: number) => void) {
  const orderIdAt = columns.orderId!.index;
  const headerOrderId = headerCells[orderIdAt];
  const headerKey = headerCells.join('\u0000');
  return (records: RawRecord[]) => {
    if (!records.some((r) => r.cells[orderIdAt] === headerOrderId && r.cells.join('\u0000') === headerKey)) return records;
    return records.filter((r) => {
      const repeat = r.cells[orderIdAt] === headerOrderId && r.cells.join('\u0000') === headerKey;
      if (repeat) skipped(r.line);
      return !repeat;
    });
  };
}

type MangledIds = RowBuilder['mangled'];

/** The warnings known once every row is read: repeated header lines, ids a spreadsheet mangled. */
function endOfReadingWarnings(repeatedHeaders: readonly number[], mangled: MangledIds): string[] {
  const warnings: string[] = [];
  if (repeatedHeaders.length > 0) {
    warnings.push(`line${repeatedHeaders.length > 1 ? 's' : ''} ${repeatedHeaders.slice(0, 10).join(', ')}${repeatedHeaders.length > 10 ? ', …' : ''} repeat the header and were skipped`);
  }
  for (const [column, { firstLine, count, example }] of mangled) {
    warnings.push(
      `${column}: ${count} value${count > 1 ? 's' : ''} from line ${firstLine} on (e.g. ${shortened(example)}) were turned into numbers by a spreadsheet and lost digits; those rows are matched without them`,
    );
  }
  return warnings;
}

/** What the reader of one piece of a report's body needs from openReport's reading of its start. */
export type ReportLayout = Pick<OpenedReport, 'encoding' | 'delimiter' | 'headerCells' | 'columns'>;

/** What a piece's reading adds to the report's warnings, merged by pieceWarnings. */
export interface ReportPieceNotes {
  invalidBytesLine: number | undefined;
  repeatedHeaderLines: number[];
  /** Per column, in the order first seen: ids a spreadsheet turned into numbers. */
  mangled: [string, { firstLine: number; count: number; example: string }][];
}

export interface ReportPiece {
  batches: AsyncIterable<ReportBatch>;
  /** Complete once `batches` is exhausted. */
  notes(): ReportPieceNotes;
}

/**
 * Reads one byte range of a report's body (see readRecordRange for what a range must be) into typed rows and row
 * errors exactly as openReport reads those lines of the whole file. `layout` comes from openReport on the file.
 */
export function openReportPiece(source: ByteSource, layout: ReportLayout, firstLine: number, options: ReportOptions = {}): ReportPiece {
  const range = readRecordRange(source, { encoding: layout.encoding, delimiter: layout.delimiter, firstLine });
  const builder = new RowBuilder(layout.columns, {
    policy: options.policy ?? DEFAULT_POLICY,
    dateOrder: options.dateOrder,
    excelDateSystem: options.excelDateSystem,
  });
  const repeatedHeaderLines: number[] = [];
  const withoutRepeatedHeaders = repeatedHeaderFilter(layout.headerCells, layout.columns, (line) => repeatedHeaderLines.push(line));

  async function* batches(): AsyncGenerator<ReportBatch> {
    try {
      for await (const records of range.batches) yield buildBatch(builder, withoutRepeatedHeaders(records));
    } catch (error) {
      if (error instanceof ReportFormatError) throw new ReportError(error.message);
      throw error;
    }
  }

  return {
    batches: batches(),
    notes: () => ({ invalidBytesLine: range.invalidBytesLine(), repeatedHeaderLines, mangled: [...builder.mangled] }),
  };
}

/**
 * The warnings of a report read in pieces: those openReport gave while finding the header (`headWarnings`), then
 * what the pieces (in file order) found, merged into the very warnings one reader of the whole file gives.
 */
export function pieceWarnings(headWarnings: readonly string[], encoding: string, pieces: readonly ReportPieceNotes[]): string[] {
  const warnings = [...headWarnings];
  // The header's reading may already have decoded the first bad bytes; a file gets one such warning.
  const invalidBytesLine = pieces.find((piece) => piece.invalidBytesLine !== undefined)?.invalidBytesLine;
  if (invalidBytesLine !== undefined && !warnings.some(isInvalidBytesWarning)) {
    warnings.push(invalidBytesWarning(encoding as EncodingName, invalidBytesLine));
  }
  const mangled: MangledIds = new Map();
  for (const piece of pieces) {
    for (const [column, ids] of piece.mangled) {
      const seen = mangled.get(column);
      if (seen) seen.count += ids.count;
      else mangled.set(column, { ...ids });
    }
  }
  warnings.push(...endOfReadingWarnings(pieces.flatMap((piece) => piece.repeatedHeaderLines), mangled));
  return warnings;
}

function buildBatch(builder: RowBuilder, records: readonly RawRecord[]): ReportBatch {
  const items: ReportItem[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { line, cells } = records[i]!;
    const built = builder.build(cells, line);
    items[i] = Array.isArray(built) ? { line, cells, errors: built } : { line, cells, row: built };
  }
  return { items };
}

function looksLikeData(record: RawRecord): boolean {
  return record.cells.some((c) => ORDER_ID_LIKE.test(c.trim()) || DATETIME_LIKE.test(c.trim()));
}

function throwIfDataOrJson(record: RawRecord): void {
  const text = record.cells.join('').trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new ReportError(
      `This looks like a JSON document, not a tab- or comma-separated order report (line ${record.line} starts with "${text[0]}"). ` +
        `The only JSON report read is Amazon's Seller Performance report (seller-performance), given beside an order report.`,
    );
  }
  if (looksLikeData(record)) {
    const sample = record.cells.find((c) => ORDER_ID_LIKE.test(c.trim())) ?? record.cells.slice(0, 3).map((c) => shortened(c.trim())).join(' | ');
    throw new ReportError(
      `The file has no header line: line ${record.line} already holds order data (${shortened(sample.trim(), 3 * EXCERPT_CHARS)}). ` +
        `Add the report's header line (e.g. amazon-order-id, purchase-date, order-status, …) as line 1, or download the report again from Seller Central.`,
    );
  }
}

function noOrderIdColumn(delimiter: string, record: RawRecord): ReportError {
  const found = record.cells.map((c) => c.trim()).filter(Boolean).slice(0, 12).map((c) => shortened(c));
  const delimiterName = delimiter === '\t' ? 'tab' : delimiter === ',' ? 'comma' : delimiter === ';' ? 'semicolon' : JSON.stringify(delimiter);
  return new ReportError(
    `No order id column found. The header row needs one of: ${CANONICAL_COLUMNS.orderId.join(', ')}. ` +
      `Line ${record.line}, split on ${delimiterName}s, has: ${found.length ? found.join(', ') : '(nothing)'}. ` +
      `It is no report this tool knows; it could be: ${kindCandidates(record.cells).join('; ')}.`,
  );
}
