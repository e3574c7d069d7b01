import Papa from 'papaparse';
import { ReportFormatError } from './report-format-error.js';

/** A record as read: the physical 1-based line it starts on, and its cells as written. */
export interface RawRecord {
  line: number;
  cells: string[];
}

export interface SplitOptions {
  delimiter: string;
  /** false: quotes are plain data (Amazon's tab-delimited files have bare `12" x 18"` in product names). */
  quoted: boolean;
  newline: '\n' | '\r';
  /** Tuning, for tests that need many parse and batch boundaries in small inputs. */
  parseChars?: number;
  batchRecords?: number;
}

/**
 * Text is parsed in pieces of about this many characters, like papaparse's own 64 KB stream chunks:
 * the pieces and the cells split from them stay in the young generation and the CPU cache;
 * 1 MB pieces measured 30-50% slower.
 */
const PARSE_CHARS = 1 << 16;

/**
 * Records are handed out in batches of at least this many (except the last), so per-batch costs vanish.
 * Not more: records held across many parses outlive V8's young generation, and 4096 measured 2x slower.
 */
export const BATCH_RECORDS = 1024;

/**
 * A record that grows past this is not a report row: most likely a CSV quote that is never closed, which
 * would otherwise swallow the rest of a huge file into memory.
 */
export const MAX_RECORD_CHARS = 32_000_000;

/**
 * Splits streamed text into records with papaparse's low-level Parser, like papaparse's own ChunkStreamer:
 * each call parses the unfinished tail of the previous text plus the new text, and keeps the new
 * unfinished tail. Also skips blank lines and keeps physical line numbers.
 */
export class RecordSplitter {
  private readonly parser: Papa.Parser;
  private readonly newline: '\n' | '\r';
  private readonly quoted: boolean;
  private readonly parseChars: number;
  private readonly batchRecords: number;
  private buffered: string[] = [];
  private bufferedChars = 0;
  /** Text after the last complete record: the start of a record that has not ended yet. */
  private unfinished = '';
  /** Physical line on which `unfinished` starts. */
  private unfinishedLine = 1;
  /** Offset of `unfinished` in the whole text. */
  private unfinishedOffset = 0;
  /** Line of a quote that a CSV never closes (the rest of the file became one cell), if any. */
  unclosedQuoteLine: number | undefined;
  /** Records parsed but not yet handed out. */
  private batch: RawRecord[] = [];

  constructor({ delimiter, quoted, newline, parseChars = PARSE_CHARS, batchRecords = BATCH_RECORDS }: SplitOptions) {
    this.newline = newline;
    this.quoted = quoted;
    this.parseChars = parseChars;
    this.batchRecords = batchRecords;
    // fastMode: true splits on delimiters only and ignores quotes entirely; undefined lets papaparse take
    // that same fast path by itself whenever a piece of text has no quote in it.
    this.parser = new Papa.Parser({ delimiter, newline, fastMode: quoted ? undefined : true, quoteChar: '"' });
  }

  /** Adds decoded text; nothing is parsed until takeBatch() or finish(). */
  push(text: string): void {
    this.buffered.push(text);
    this.bufferedChars += text.length;
  }

  /**
   * Parses the waiting text once there is enough of it, and returns a full batch of records if one is ready.
   * While one record is still unfinished, the next parse waits until the text has doubled, so a very long
   * record (a 10 MB line) costs linear, not quadratic, time; but not past MAX_RECORD_CHARS, to stop there.
   */
  takeBatch(): RawRecord[] | undefined {
    const waiting = this.unfinished.length + this.bufferedChars;
    if (waiting >= Math.max(this.parseChars, Math.min(2 * this.unfinished.length, MAX_RECORD_CHARS))) this.parseWaiting();
    if (this.batch.length < this.batchRecords) return undefined;
    const batch = this.batch;
    this.batch = [];
    return batch;
  }

  /** All remaining records, at the end of the input. */
  finish(): RawRecord[] {
    let text = this.takeText();
    // A CR without its LF at the very end still ends the last line (a quoted last cell needs that).
    if (this.newline === '\n' && text.endsWith('\r')) text = text.slice(0, -1);
    const result = this.parser.parse(text, 0, false) as Papa.ParseResult<string[]>;
    this.addRecords(result.data, text);
    if (result.errors.some((error) => error.code === 'MissingQuotes') && this.batch.length > 0) {
      this.unclosedQuoteLine = this.batch[this.batch.length - 1]!.line;
    }
    this.unfinished = '';
    const batch = this.batch;
    this.batch = [];
    return batch;
  }

  /** Physical line of a text offset that has been pushed but not yet taken as records. */
  lineAt(offset: number): number {
    const text = this.unfinished + this.buffered.join('');
    const end = Math.min(Math.max(offset - this.unfinishedOffset, 0), text.length);
    let line = this.unfinishedLine;
    for (let at = text.indexOf(this.newline); at !== -1 && at < end; at = text.indexOf(this.newline, at + 1)) line++;
    return line;
  }

  /** Parses the complete records in the waiting text and keeps the unfinished rest. */
  private parseWaiting(): void {
    const text = this.takeText();
    const result = this.parser.parse(text, 0, true) as Papa.ParseResult<string[]>;
    const consumed = result.meta.cursor;
    this.addRecords(result.data, text);
    this.unfinished = text.slice(consumed);
    this.unfinishedOffset += consumed;
    if (this.unfinished.length >= MAX_RECORD_CHARS) throw recordTooLong(this.unfinishedLine, this.quoted);
  }

  private takeText(): string {
    const text = this.unfinished + this.buffered.join('');
    this.buffered = [];
    this.bufferedChars = 0;
    return text;
  }

  /**
   * Numbers the rows, drops blank ones, strips the CR that CRLF line ends leave on the last cell.
   * A quoted cell may hold line breaks; only then do rows span more than one physical line.
   */
  private addRecords(rows: string[][], text: string): void {
    const records = this.batch;
    const stripCarriageReturn = this.newline === '\n';
    const mayHaveMultilineCells = this.quoted && text.includes('"');
    let line = this.unfinishedLine;
    for (let i = 0; i < rows.length; i++) {
      const cells = rows[i]!;
      const startLine = line;
      line += mayHaveMultilineCells ? 1 + this.countNewlines(cells) : 1;
      const last = cells.length - 1;
      if (stripCarriageReturn) {
        const lastCell = cells[last]!;
        if (lastCell.charCodeAt(lastCell.length - 1) === 13) cells[last] = lastCell.slice(0, -1);
      }
      if (last === 0 && cells[0]!.trim() === '') continue;
      records.push({ line: startLine, cells });
    }
    this.unfinishedLine = line;
  }

  private countNewlines(cells: string[]): number {
    let count = 0;
    for (const cell of cells) {
      for (let at = cell.indexOf(this.newline); at !== -1; at = cell.indexOf(this.newline, at + 1)) count++;
    }
    return count;
  }
}

function recordTooLong(line: number, quoted: boolean): ReportFormatError {
  const millions = MAX_RECORD_CHARS / 1_000_000;
  return new ReportFormatError(
    `Line ${line} starts a record longer than ${millions} million characters, so this is not a readable report` +
      (quoted ? ': probably a quote (") there is never closed.' : '.'),
  );
}
