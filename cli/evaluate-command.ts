import { createWriteStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { evaluateReport } from '../shared/evaluate-report.js';
import { createWriter, type OutputFormat, type OutputWriter } from '../shared/output/writers.js';
import { LOCALES, type Locale } from '../shared/i18n/locales.js';
import { parsePolicy, type Policy } from '../shared/policy/schema.js';
import { openReport, type OpenedReport } from '../shared/report/read-report.js';
import { parseDateCell, type DateOrder } from '../shared/time/parse.js';
import type { ExcelDateSystem } from '../shared/time/excel-serial.js';
import { declaredKinds, mergeInputs, openInput, primaryInput, type OpenedInput } from './evaluate-inputs.js';
import { compareOdr } from '../shared/report/seller-performance.js';
import { evaluateInParallel, type EvaluationTotals } from './parallel/evaluate-parallel.js';
import { parallelSettings } from './parallel/settings.js';
import { Progress } from './progress.js';
import { UsageError } from './usage-error.js';
import type { CliIo } from './io.js';
import type { ReportXlsxOptions } from '../shared/sheet/xlsx/export-report.js';
import { isValidTimeZone } from '../shared/time/zone.js';

export const EVALUATE_HELP = `Usage: atoz evaluate FILE|- [FILE…] [options]

Reads an Amazon order report (tab- or comma-separated, any supported encoding) or an operator's
claim sheet (CSV or .xlsx), and prints every row's claim statuses. Given several files (orders,
shipments, feedback, returns, claim sheet, Seller Performance JSON), each one's kind is detected
from its header, and they are merged by order (and order item) before evaluating: the lines of the
order report are evaluated, the others add their facts (docs/reports.md). A fact two files state
differently is a warning naming both files and lines.

Options:
  --as-of ISO           evaluate as of this instant (default: now), e.g. 2024-03-15T12:00:00-07:00;
                        a date alone means 00:00 of that day in the policy's time zone
  --time-zone IANA      count calendar days in this zone for every row (default: by sales channel)
  --date-order MDY|DMY  how to read ambiguous dates such as 01/02/2024 (default: refuse them)
  --date-system 1900|1904  the Excel date system of serial-number dates (default 1900)
  --encoding NAME       utf-8, utf-16le, utf-16be, windows-1252, shift_jis (default: detect)
  --policy FILE         JSON file of policy overrides (docs/rules.md lists every key)
  --format F            json (default), ndjson, csv (input columns + statuses, UTF-8 with BOM), or
                        xlsx (the flagged sheet with live conditional formats and a dashboard sheet;
                        needs --out FILE)
  --clock-zone IANA     xlsx: the zone of the computer that will open the workbook, whose NOW() the
                        live rules compare with (default: this computer's zone)
  --lang en|zh-CN|zh-TW csv, xlsx: the status columns (and the dashboard) in that language's words,
                        as the add-in writes them (default: csv codes, xlsx en)
  --labels              json, ndjson: each row also gets "labels", its states in --lang's words
  --out FILE            write there instead of standard output
  --kind [FILE=]KIND    declare a file's kind instead of detecting it (repeatable): orders, shipments,
                        feedback, returns, claims, seller-performance
  --sheet NAME          .xlsx: read the sheet of this name (default: the first sheet)
Exit codes: 0 the file was read (row errors are part of the output), 2 unusable input or arguments.`;

export async function evaluateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      'time-zone': { type: 'string' },
      'date-order': { type: 'string' },
      'date-system': { type: 'string' },
      encoding: { type: 'string' },
      policy: { type: 'string' },
      format: { type: 'string', default: 'json' },
      'clock-zone': { type: 'string' },
      out: { type: 'string' },
      kind: { type: 'string', multiple: true },
      sheet: { type: 'string' },
      lang: { type: 'string' },
      labels: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${EVALUATE_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('evaluate takes a FILE (or - for standard input), and more files to merge with it');
  if (positionals.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be given once');
  if (new Set(positionals).size !== positionals.length) throw new UsageError('a file is given twice');
  const kinds = declaredKinds(values.kind, positionals);

  const format = values.format as OutputFormat | 'xlsx';
  if (!['json', 'ndjson', 'csv', 'xlsx'].includes(format)) throw new UsageError(`--format must be json, ndjson, csv or xlsx, not "${values.format}"`);
  if (format === 'xlsx' && !values.out) throw new UsageError('--format xlsx writes a workbook: give it a file with --out FILE.xlsx');
  const language = values.lang === undefined ? undefined : (LOCALES as readonly string[]).includes(values.lang) ? (values.lang as Locale) : undefined;
  if (values.lang !== undefined && language === undefined) throw new UsageError(`--lang must be one of ${LOCALES.join(', ')}, not "${values.lang}"`);
  if (values.labels && (format === 'csv' || format === 'xlsx')) throw new UsageError(`--labels is for json and ndjson; ${format} takes --lang alone`);
  const words = { language, labels: values.labels };
  const clockZone = values['clock-zone'] ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isValidTimeZone(clockZone)) throw new UsageError(`--clock-zone: "${clockZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  const dateOrder = values['date-order']?.toUpperCase();
  if (dateOrder !== undefined && dateOrder !== 'MDY' && dateOrder !== 'DMY') throw new UsageError(`--date-order must be MDY or DMY, not "${values['date-order']}"`);
  const dateSystem = values['date-system'] === undefined ? undefined : Number(values['date-system']);
  if (dateSystem !== undefined && dateSystem !== 1900 && dateSystem !== 1904) throw new UsageError(`--date-system must be 1900 or 1904, not "${values['date-system']}"`);

  const policy = await loadPolicy(values.policy, values['time-zone']);
  const asOf = resolveAsOf(values['as-of'], policy, io.now);

  let bytesRead = 0;
  const inputs: OpenedInput[] = [];
  for (const name of positionals) {
    const options = { policy, dateOrder: dateOrder as DateOrder | undefined, excelDateSystem: dateSystem as ExcelDateSystem | undefined, encoding: values.encoding, kind: kinds.get(name) };
    inputs.push(await openInput(name, io, options, values.sheet, (n) => (bytesRead = n)));
  }
  const primary = primaryInput(inputs);
  const file = primary.file;
  const totalBytes = file === '-' || primary.xlsx ? undefined : fileSize(file);
  const progress = new Progress(totalBytes, io.stderr);
  const fileStream = primary.fileStream;
  const merged = await mergeInputs(inputs, primary, { dateOrder: dateOrder as DateOrder | undefined, excelDateSystem: dateSystem as ExcelDateSystem | undefined });
  const report = merged.report;

  if (format === 'xlsx') return writeWorkbook(report, { policy, asOf, clockZone, ...(language ? { language } : {}) }, values.out!, io, merged.warnings);

  const out: NodeJS.WritableStream = values.out ? createWriteStream(values.out) : io.stdout;
  const writer = createWriter(format, words);
  const asOfText = new Date(asOf).toISOString();
  const write = async (chunk: string | Uint8Array) => {
    if (chunk.length > 0 && !out.write(chunk)) await once(out, 'drain');
  };
  const writeBuffer = (bytes: Uint8Array) => new Promise<void>((resolve, reject) => out.write(bytes, (error) => (error ? reject(error) : resolve())));

  await write(writer.start({ asOf: asOfText, headers: report.headers }));
  // A large file is read in byte ranges by several threads when it can be (see parallel/), otherwise by this one.
  const parallel =
    fileStream &&
    inputs.length === 1 &&
    (await evaluateInParallel({
      file,
      report,
      stopReadingReport: () => fileStream.destroy(),
      settings: parallelSettings(),
      policy,
      dateOrder,
      excelDateSystem: dateSystem,
      asOf,
      format,
      words,
      writer,
      write,
      writeBuffer,
      progress: io.stderr.isTTY ? (bytes, rows) => progress.update(bytes, rows) : undefined,
    }));
  const totals = parallel || (await evaluateSingleThreaded(report, policy, asOf, writer, write, (rows) => progress.update(bytesRead, rows)));
  progress.update(parallel ? totalBytes! : bytesRead, totals.rows, true);
  progress.done();
  const warnings = [...totals.warnings, ...merged.warnings()];
  const amazonOdr = merged.performance ? compareOdr(totals.summary, merged.performance, policy) : undefined;
  await write(writer.end({ asOf: asOfText, summary: totals.summary, warnings, amazonOdr }));
  if (out !== io.stdout) {
    out.end();
    await once(out, 'finish');
  }
  for (const warning of warnings) io.stderr.write(`atoz: warning: ${warning}\n`);
  for (const side of amazonOdr ?? []) for (const line of side.explanation) io.stderr.write(`atoz: ${side.side.toUpperCase()} ODR: ${line}\n`);
  if (totals.errorRows > 0) io.stderr.write(`atoz: ${totals.errorRows} of ${totals.rows} rows have bad cells and were not evaluated: ${WHERE_ERRORS[format]} says which cell and what it accepts; fix those cells and run again\n`);
  return 0;
}

/** Where each output format lists a row's bad cells. */
const WHERE_ERRORS: Record<OutputFormat, string> = { json: 'the output\'s "errors" list', ndjson: 'each {"type":"error"} line', csv: 'the row\'s row-errors column' };

/** `--format xlsx`: the flagged workbook (shared/sheet plan rendered by exceljs), streamed into the file. */
async function writeWorkbook(report: OpenedReport, options: ReportXlsxOptions, path: string, io: CliIo, mergeWarnings: () => string[]): Promise<number> {
  // exceljs is large: loaded only for this format, so every other run starts fast.
  const { writeReportXlsx } = await import('../shared/sheet/xlsx/export-report.js');
  const out = createWriteStream(path);
  const finished = once(out, 'finish');
  const { errors } = await writeReportXlsx(report, options, out);
  await finished;
  for (const warning of [...report.warnings, ...mergeWarnings()]) io.stderr.write(`atoz: warning: ${warning}\n`);
  const errorRows = new Set(errors.map((e) => e.line)).size;
  if (errorRows > 0) io.stderr.write(`atoz: ${errorRows} rows have bad cells and were not evaluated: their "row errors" cell says which cell and what it accepts; fix those cells and run again\n`);
  return 0;
}

/** The single-threaded path: evaluates the opened report batch by batch and writes each batch's output. */
async function evaluateSingleThreaded(
  report: OpenedReport,
  policy: Policy,
  asOf: number,
  writer: OutputWriter,
  write: (text: string) => Promise<void>,
  onProgress: (rows: number) => void,
): Promise<EvaluationTotals> {
  const evaluation = evaluateReport(report, policy, asOf);
  let rows = 0;
  let errorRows = 0;
  for await (const items of evaluation.batches) {
    for (const item of items) if (item.errors) errorRows++;
    rows += items.length;
    onProgress(rows);
    await write(writer.batch(items));
  }
  return { rows, errorRows, summary: evaluation.summary(), warnings: report.warnings };
}

async function loadPolicy(path: string | undefined, timeZone: string | undefined): Promise<Policy> {
  let overrides: Record<string, unknown> = {};
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the policy file ${path}: ${(error as Error).message} (check the path given to --policy)`);
    }
    try {
      overrides = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`the policy file ${path} is not valid JSON: ${(error as Error).message} (write it as {"responseWindowHours": 48})`);
    }
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new UsageError(`the policy file ${path} must hold a JSON object, such as {"responseWindowHours": 48}`);
  }
  if (timeZone !== undefined) overrides = { ...overrides, timeZone };
  return parsePolicy(overrides);
}

function resolveAsOf(text: string | undefined, policy: Policy, now: () => number): number {
  if (text === undefined) return now();
  const parsed = parseDateCell(text, { zone: policy.timeZone ?? policy.defaultTimeZone });
  if (!parsed.ok) throw new UsageError(`--as-of: ${parsed.message}`);
  return parsed.ms;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (check the path, or give - to read standard input)' : (error as Error).message}`);
  }
}
