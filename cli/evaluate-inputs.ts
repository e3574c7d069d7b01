import { closeSync, createReadStream, openSync, readFileSync, readSync, type ReadStream } from 'node:fs';
import { FactIndex } from '../shared/merge/merge-facts.js';
import { collectFacts, MergeNotes, mergedReport } from '../shared/merge/merge-report.js';
import { isReportKind, kindSpec, REPORT_KINDS, ROW_KINDS, type ReportKind } from '../shared/report/kinds.js';
import type { FactReadOptions } from '../shared/report/facts.js';
import { openReport, type OpenedReport, type ReportOptions } from '../shared/report/read-report.js';
import { parseSellerPerformance, type SellerPerformance } from '../shared/report/seller-performance.js';
import { xlsxAsCsv } from '../shared/report/xlsx-rows.js';
import { FILE_CHUNK_BYTES } from './file-chunks.js';
import type { CliIo } from './io.js';
import { countBytes } from './progress.js';
import { UsageError } from './usage-error.js';

/** One file of `atoz evaluate FILE…`, opened: a table report (its header read), or a Seller Performance report. */
export interface OpenedInput {
  file: string;
  report?: OpenedReport;
  performance?: SellerPerformance;
  /** The stream a table file is read from (not for standard input or an .xlsx). */
  fileStream?: ReadStream;
  xlsx: boolean;
}

/** `--kind KIND` (one file) or `--kind FILE=KIND`, repeatable: the declared kinds per file. */
export function declaredKinds(values: readonly string[] | undefined, files: readonly string[]): Map<string, ReportKind> {
  const kinds = new Map<string, ReportKind>();
  for (const value of values ?? []) {
    const at = value.lastIndexOf('=');
    const [file, kind] = at < 0 ? [files.length === 1 ? files[0]! : undefined, value] : [value.slice(0, at), value.slice(at + 1)];
    if (file === undefined) throw new UsageError(`--kind ${value}: with several files, say which: --kind FILE=KIND`);
    if (!isReportKind(kind)) throw new UsageError(`--kind: "${kind}" is not a report kind; kinds: ${REPORT_KINDS.join(', ')}`);
    if (!files.includes(file)) throw new UsageError(`--kind ${value}: ${file} is not one of the files given`);
    kinds.set(file, kind);
  }
  return kinds;
}

function head(file: string): Uint8Array {
  const bytes = new Uint8Array(8);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (check the path, or give - to read standard input)' : (error as Error).message}`);
  }
  try {
    return bytes.subarray(0, readSync(fd, bytes, 0, 8, 0));
  } finally {
    closeSync(fd);
  }
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
/** A JSON document's first byte (after a UTF-8 BOM and spaces). */
function startsJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b;
}

/** Opens one input: an .xlsx workbook by streaming (its first sheet or `sheet`), a JSON Seller Performance report, or a table. */
export async function openInput(file: string, io: CliIo, options: ReportOptions, sheet: string | undefined, onBytes?: (n: number) => void): Promise<OpenedInput> {
  if (file === '-') return { file, report: await openReport(countBytes(io.stdin, onBytes ?? (() => {})), options), xlsx: false };
  const bytes = head(file);
  if (options.kind === 'seller-performance' || (options.kind === undefined && startsJson(bytes))) {
    return { file, performance: parseSellerPerformance(readFileSync(file, 'utf8')), xlsx: false };
  }
  if (isZip(bytes)) {
    const stream = createReadStream(file);
    return { file, report: await openReport(xlsxAsCsv(stream, sheet), options), xlsx: true };
  }
  const fileStream = createReadStream(file, { highWaterMark: FILE_CHUNK_BYTES });
  return { file, report: await openReport(countBytes(fileStream, onBytes ?? (() => {})), options), fileStream, xlsx: false };
}

/** The file whose lines are evaluated: the first order report, else the first shipment report, else the first claim sheet. */
export function primaryInput(inputs: readonly OpenedInput[]): OpenedInput {
  for (const kind of ROW_KINDS) {
    const found = inputs.find((input) => input.report?.kind === kind);
    if (found) return found;
  }
  const kinds = inputs
    .map((input) => `${input.file} is ${input.report ? `a ${input.report.kind} report` : "a JSON document, Amazon's Seller Performance report"}`)
    .join(', ');
  throw new UsageError(`none of the files holds order lines to evaluate (${kinds}); give an ${kindSpec('orders')!.title}, a shipment report or a claim sheet too`);
}

export interface MergedInputs {
  report: OpenedReport;
  /** Warnings of the other files and of the merge; complete once `report`'s batches are read. */
  warnings(): string[];
  performance: SellerPerformance | undefined;
}

/**
 * Reads every input but the primary into facts by order, and gives the primary's lines merged with them,
 * streaming. With one input, that input as it is.
 */
export async function mergeInputs(inputs: readonly OpenedInput[], primary: OpenedInput, options: FactReadOptions = {}): Promise<MergedInputs> {
  const index = new FactIndex();
  const notes = new MergeNotes();
  const early: string[] = [];
  let performance: SellerPerformance | undefined;
  for (const input of inputs) {
    if (input === primary) continue;
    if (input.performance) {
      performance = input.performance;
      continue;
    }
    const { errors } = await collectFacts(input.report!, input.file, index, options);
    for (const warning of input.report!.warnings) early.push(`${input.file}: ${warning}`);
    for (const error of errors.slice(0, 20)) early.push(`${error.file} line ${error.line}${error.column ? `, ${error.column}` : ''}: ${error.message}; the line is not used`);
    if (errors.length > 20) early.push(`${input.file}: ${errors.length - 20} more lines with bad cells not used`);
  }
  const report = index.size > 0 ? mergedReport(primary.report!, primary.file, index, notes) : primary.report!;
  return {
    report,
    performance,
    warnings: () => (inputs.length > 1 ? [...early, ...notes.summary(index, primary.file)] : []),
  };
}
