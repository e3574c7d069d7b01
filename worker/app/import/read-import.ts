import { ENCODING_LABELS, type EncodingName } from '../../../shared/report/encodings.js';
import { FactBuilder, statedFields, type FactRecord } from '../../../shared/report/facts.js';
import type { ColumnMap } from '../../../shared/columns/map-header.js';
import type { ReportKind } from '../../../shared/report/kinds.js';
import { openReport, ReportError, type ReportOptions } from '../../../shared/report/read-report.js';
import { isInvalidBytesWarning } from '../../../shared/report/records.js';
import type { RowError } from '../../../shared/schemas/statuses.js';
import { encodeImportLine } from '../../store/encode-line.js';
import { lineKeyOf } from '../../store/line-key.js';
import { packImportLines, type PackedImportLines } from '../../store/packed-lines.js';
import type { EncodedImportLine } from '../../store/types.js';
import { Utf8Guard } from '../body/utf8-guard.js';
import { limitRowError, limitText, MAX_DETAIL_CHARS } from '../echo-limit.js';
import { CellMapper } from './cell-mapper.js';

/** Row errors kept with an import; past this many only the count grows (a file of bad rows must not fill memory). */
export const MAX_LISTED_ERRORS = 1000;

/** One batch of a report read for an import: its valid lines as the store stages them, and its rejected rows. */
export interface ImportBatch {
  /** Report rows in the batch, valid and rejected. */
  rows: number;
  /** Packed: a reader thread's batch crosses to the store (and its writer thread) as one block of bytes. */
  lines: PackedImportLines;
  /** A feedback, returns or shipments report's lines: facts about orders (docs/reports.md); a shipments report's lines are order lines too. */
  facts: FactRecord[];
  rejectedRows: number;
  /** The rejected rows' errors, as long as fewer than MAX_LISTED_ERRORS were listed for the report. */
  errors: RowError[];
  /** Rejected rows past that limit, whose errors are not listed. */
  unlistedRows: number;
}

/** A report opened for an import: what its header told, then its batches as they are read. */
export interface ImportReading {
  encoding: string;
  /** The line the header is on (1-based). */
  headerLine: number;
  /** Which report it is (declared, or detected from the header). */
  kind: ReportKind;
  /** The row fields the import sets (CommitOptions.sets): the columns the header has, a claim sheet's only of those it owns. */
  sets: string[];
  /** Throws ReportError for bytes that an import cannot keep (invalid UTF-8) or a report that turns unusable. */
  batches: AsyncIterable<ImportBatch>;
  /** The report's file-level warnings: complete once the batches are read. */
  warnings(): string[];
}

/**
 * Reads an upload for an import. Throws ReportError if the report is unusable from the start. The worker
 * on Node runs it in reader threads (worker/threads); any runtime can run it in the request's own thread.
 */
export type ImportReader = (bytes: AsyncIterable<Uint8Array>, options: ReportOptions) => Promise<ImportReading>;

/** Kinds whose imports are kept as facts about orders (table order_facts): docs/reports.md. */
export const FACT_KINDS = ['feedback', 'returns', 'shipments'] as const satisfies readonly ReportKind[];
export const isFactKind = (kind: ReportKind): kind is (typeof FACT_KINDS)[number] => (FACT_KINDS as readonly ReportKind[]).includes(kind);
/**
 * Kinds whose lines are order lines: a shipments report (FBA Amazon Fulfilled Shipments) holds whole order lines, so
 * they are stored as lines and its carrier and tracking as facts beside them (a seller who downloads only
 * shipment reports still sees every order).
 */
export const storesLines = (kind: ReportKind): boolean => !isFactKind(kind) || kind === 'shipments';

/** The import reader itself: UTF-8 check, the shared report reader, the cell mapping and the stored form of each line. */
export const readImport: ImportReader = async (bytes, options) => {
  const utf8 = new Utf8Guard();
  const report = await openReport(utf8.check(bytes), options);
  // Feedback, returns and shipment lines are facts about orders, not order lines; their source file is named at the commit.
  const facts = isFactKind(report.kind) ? new FactBuilder(report.kind, report.headers, report.columns, '', options) : undefined;
  const declared = options.encoding !== undefined;
  utf8.enforceFor(report.encoding, declared);
  const cells = new CellMapper(report.headers);
  const notes = [...cells.warnings];
  // UTF-8 is checked byte by byte; a BOM names its encoding; anything else was a guess, which the answer says.
  const guessed = !declared && report.encoding !== 'utf-8' && !report.encoding.startsWith('utf-16');
  if (guessed) notes.unshift(guessedEncodingNote(report.encoding));
  let listedErrors = 0;

  const linesToo = storesLines(report.kind);
  async function* batches(): AsyncGenerator<ImportBatch> {
    for await (const batch of report.batches) {
      const lines: EncodedImportLine[] = [];
      const read: Omit<ImportBatch, 'lines'> = { rows: batch.items.length, facts: [], rejectedRows: 0, errors: [], unlistedRows: 0 };
      for (const item of batch.items) {
        const built = facts && facts.build(item);
        const fact = built && !Array.isArray(built) ? built : undefined;
        if (fact) read.facts.push(fact);
        if (item.row && (!built || (fact && linesToo))) {
          lines.push(encodeImportLine({ lineKey: lineKeyOf(item.row), row: item.row, cells: cells.cells(item.cells) }));
        } else if (!fact) {
          read.rejectedRows++;
          const errors = Array.isArray(built) ? built : (item.errors ?? []);
          if (listedErrors < MAX_LISTED_ERRORS) {
            for (const error of errors) read.errors.push(limitRowError(error));
            listedErrors += errors.length;
          } else {
            read.unlistedRows++;
          }
        }
      }
      yield { ...read, lines: packImportLines(lines) };
    }
    // A guessed encoding that met bytes it cannot read: no encoding reads the file cleanly, and an import keeps no garbled text.
    const replaced = report.warnings.find(isInvalidBytesWarning);
    if (guessed && replaced) {
      throw new ReportError(
        `No encoding reads this file cleanly: it is not UTF-8, and read as ${ENCODING_LABELS[report.encoding as EncodingName] ?? report.encoding} (a guess) ${replaced.replace(/;.*$/, '')}. ` +
          'Save it as "CSV UTF-8", or name its real encoding (encoding=windows-1252 or shift_jis, or charset in Content-Type).',
      );
    }
  }

  return {
    encoding: report.encoding,
    headerLine: report.headerLine,
    kind: report.kind,
    sets: fieldsSet(report.columns, report.kind),
    batches: batches(),
    warnings: () => [...notes, ...report.warnings].map((warning) => limitText(warning, MAX_DETAIL_CHARS)),
  };
};

/**
 * The row fields an import of this header sets. An order report (or an order report with claim columns) sets the
 * columns it has; a claim sheet only its claim columns (its purchase date is the order report's to set).
 */
function fieldsSet(columns: ColumnMap, kind: ReportKind): string[] {
  const fields = statedFields(columns, kind === 'claims' ? kind : undefined);
  if (kind === 'claims') fields.delete('purchaseAt');
  return [...fields];
}

function guessedEncodingNote(encoding: string): string {
  const label = ENCODING_LABELS[encoding as EncodingName] ?? encoding;
  return (
    `no encoding was declared and the file is not UTF-8: it was read as ${label} (a guess). If names or addresses look wrong, ` +
    `import it again with its encoding named (encoding=${encoding === 'windows-1252' ? 'shift_jis' : 'windows-1252'}, or charset in Content-Type), or save it as "CSV UTF-8"`
  );
}
