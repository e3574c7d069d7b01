import type { EvaluatedItem } from '../evaluate-report.js';
import type { Locale } from '../i18n/locales.js';
import { LOCALES } from '../i18n/locales.js';
import { rowErrorText } from '../sheet/row-cells.js';
import { sheetValue } from '../i18n/sheet-vocabulary.js';
import { REASON_LABELS } from '../i18n/status-labels.js';
import type { EvaluatedRow } from '../schemas/statuses.js';
import type { OdrSummary, RowError } from '../schemas/statuses.js';
import type { OdrSideComparison } from '../report/seller-performance.js';
import { formatWallClock } from '../time/format.js';
import { STATUS_COLUMNS, statusCells, statusHeaders } from './columns.js';
import { evaluatedRowJson } from './row-json.js';
import { formulaSafe } from './safe-text.js';

export type OutputFormat = 'json' | 'ndjson' | 'csv';

export interface OutputStart {
  asOf: string;
  headers: string[];
}
export interface OutputEnd {
  asOf: string;
  summary: OdrSummary;
  warnings: string[];
  /** Amazon's ODR beside ours, when a Seller Performance report was given. */
  amazonOdr?: OdrSideComparison[] | undefined;
}

const summaryOf = (info: OutputEnd) => (info.amazonOdr ? { odr: info.summary, amazonOdr: info.amazonOdr } : { odr: info.summary });

/** Turns an evaluation into text, piece by piece, so nothing needs the whole report in memory. */
export interface OutputWriter {
  readonly contentType: string;
  start(info: OutputStart): string;
  batch(items: readonly EvaluatedItem[]): string;
  end(info: OutputEnd): string;
}

/**
 * For people reading the output. `language`: the CSV's status columns in that language's words (as the
 * flagged sheet writes them), instead of codes. `labels`: JSON and NDJSON rows also carry a `labels`
 * object in `language` (default en) beside the codes, which stay the machine contract.
 */
export interface WriterLabels {
  language?: Locale | undefined;
  labels?: boolean | undefined;
}

export function createWriter(format: OutputFormat, words: WriterLabels = {}): OutputWriter {
  const labels = words.labels ? (words.language ?? 'en') : undefined;
  switch (format) {
    case 'json':
      return new JsonWriter(labels);
    case 'ndjson':
      return new NdjsonWriter(labels);
    case 'csv':
      return new CsvWriter(words.language);
  }
}

/** `,"labels":{…}` for a row: its states in a language's words. */
function labelsJson(row: EvaluatedRow, language: Locale): string {
  return `,"labels":${JSON.stringify({
    delivery: sheetValue('delivery', row.delivery, language),
    eligibility: sheetValue('eligibility', row.eligibility, language),
    eligibilityReasons: row.eligibilityReasons.map((r) => REASON_LABELS[r][language]),
    response: sheetValue('response', row.response, language),
    appeal: sheetValue('appeal', row.appeal, language),
    odrDefect: sheetValue('odrDefect', row.odrDefect ? 'yes' : 'no', language),
    nextAction: sheetValue('nextAction', row.nextAction, language),
  })}`;
}

/** The row's JSON, with its labels when asked for. */
function rowJson(row: EvaluatedRow, prefix: string, labels: Locale | undefined): string {
  const json = evaluatedRowJson(row, prefix);
  return labels === undefined ? json : `${json.slice(0, -1)}${labelsJson(row, labels)}}`;
}

/** Every spelling of our CSV status headers (codes and the three languages), to replace an earlier run's. */
const OUR_CSV_HEADERS = new Set<string>([...STATUS_COLUMNS, ...LOCALES.flatMap((l) => statusHeaders(l).map((h) => h.toLowerCase()))]);

/**
 * A report can also be written in pieces: runs of consecutive lines evaluated apart (by worker threads), each
 * with its own writer used for `batch()` only. What such a writer carries to the end of the report:
 */
export interface PieceCarry {
  /** Whether the piece wrote any row. */
  wroteRows: boolean;
  /** JSON only: the row errors, kept for the end. */
  errors: RowError[];
}

/**
 * What a piece's writer carries so far, taken out of it: the errors are moved, not copied, so a piece may hand them
 * on batch by batch (carries taken from one writer add up: wroteRows OR'ed, errors appended).
 */
export function takePieceCarry(writer: OutputWriter): PieceCarry {
  return writer instanceof JsonWriter ? writer.takeCarry() : { wroteRows: false, errors: [] };
}

/**
 * Takes a piece's carry into the writer of the whole report (the one that writes `start` and `end`), and returns
 * the text that goes before that piece's batch text, so that start + (joint + piece)… + end equals one writer's
 * output. Pieces in file order; the first piece never needs a joint, so it may be streamed before its carry is known.
 */
export function joinPiece(writer: OutputWriter, carry: PieceCarry): string {
  return writer instanceof JsonWriter ? writer.join(carry) : '';
}

/** `{ asOf, rows, errors, warnings, summary }`, rows streamed as they come; errors are few and kept till the end. */
class JsonWriter implements OutputWriter {
  readonly contentType = 'application/json; charset=utf-8';
  private readonly errors: RowError[] = [];
  private first = true;

  constructor(private readonly labels?: Locale) {}

  start(info: OutputStart): string {
    return `{"asOf":${JSON.stringify(info.asOf)},"rows":[`;
  }

  batch(items: readonly EvaluatedItem[]): string {
    let out = '';
    for (const item of items) {
      if (item.result) {
        out += rowJson(item.result, this.first ? '\n{' : ',\n{', this.labels);
        this.first = false;
      } else {
        this.errors.push(...item.errors);
      }
    }
    return out;
  }

  takeCarry(): PieceCarry {
    return { wroteRows: !this.first, errors: this.errors.splice(0) };
  }

  /** A piece's first row starts with '\n{' (its writer was fresh): after rows of earlier pieces it needs a comma. */
  join(piece: PieceCarry): string {
    const joint = !this.first && piece.wroteRows ? ',' : '';
    if (piece.wroteRows) this.first = false;
    for (const error of piece.errors) this.errors.push(error);
    return joint;
  }

  end(info: OutputEnd): string {
    const errors = this.errors.map((e) => JSON.stringify(e)).join(',\n');
    return (
      `${this.first ? '' : '\n'}],\n"errors":[${errors ? `\n${errors}\n` : ''}],\n` +
      `"warnings":${JSON.stringify(info.warnings)},\n"summary":${JSON.stringify(summaryOf(info))}}\n`
    );
  }
}

/** One JSON object a line, each with a `type`: `row` (the JSON format's row fields), `error`, and a last `summary`. */
class NdjsonWriter implements OutputWriter {
  readonly contentType = 'application/x-ndjson; charset=utf-8';

  constructor(private readonly labels?: Locale) {}

  start(): string {
    return '';
  }

  batch(items: readonly EvaluatedItem[]): string {
    let out = '';
    for (const item of items) {
      if (item.result) out += `${rowJson(item.result, '{"type":"row",', this.labels)}\n`;
      else for (const e of item.errors) out += `{"type":"error",${JSON.stringify(e).slice(1)}\n`;
    }
    return out;
  }

  end(info: OutputEnd): string {
    return `${JSON.stringify({ type: 'summary', asOf: info.asOf, warnings: info.warnings, summary: summaryOf(info) })}\n`;
  }
}

/**
 * The report's own columns, then the status columns, UTF-8 with a BOM so Excel shows Chinese text;
 * a row with bad cells keeps its data and says what is wrong in `row-errors`. No cell can run as a formula.
 */
class CsvWriter implements OutputWriter {
  readonly contentType = 'text/csv; charset=utf-8';
  /** Indexes of the report's own columns; status columns from an earlier run are replaced, not repeated. */
  private keep: number[] = [];

  constructor(private readonly language?: Locale) {}

  start(info: OutputStart): string {
    this.keep = info.headers.flatMap((h, i) => (OUR_CSV_HEADERS.has(h.trim().toLowerCase()) ? [] : [i]));
    const ours = this.language === undefined ? STATUS_COLUMNS : statusHeaders(this.language);
    return `\uFEFF${csvLine([...this.keep.map((i) => info.headers[i]!), ...ours])}`;
  }

  batch(items: readonly EvaluatedItem[]): string {
    let out = '';
    for (const item of items) {
      const own = this.keep.map((i) => item.cells[i] ?? '');
      let status: string[];
      if (item.result) {
        const due = item.result.responseDueAt;
        status = statusCells(item.result, due === null ? '' : formatWallClock(Date.parse(due), item.result.timeZone), this.language);
      } else {
        status = STATUS_COLUMNS.map(() => '');
        status[status.length - 1] = rowErrorText(item.errors, this.language ?? 'en');
      }
      out += csvLine([...own, ...status]);
    }
    return out;
  }

  end(): string {
    return '';
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const text = formulaSafe(cells[i]!);
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return `${line}\r\n`;
}
