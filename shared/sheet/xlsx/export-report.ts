import type { Writable } from 'node:stream';
import type { Locale } from '../../i18n/locales.js';
import type { Policy } from '../../policy/schema.js';
import type { OpenedReport } from '../../report/read-report.js';
import { rowDays } from '../../rules/days.js';
import { evaluateRow } from '../../rules/evaluate.js';
import { OdrAccumulator } from '../../rules/odr-summary.js';
import type { OdrSummary, RowError } from '../../schemas/statuses.js';
import type { SheetPlan } from '../plan.js';
import { renderFlaggedWorkbook, writeFlaggedWorkbook, type SheetExportItem } from './render-xlsx.js';

export interface ReportXlsxOptions {
  policy: Policy;
  asOf: number;
  /** The sheet clock: the zone where the workbook will be opened (see shared/sheet/serial.ts). */
  clockZone: string;
  sheetName?: string;
  /** The workbook's language (default en). */
  language?: Locale;
}

export interface ReportXlsxResult {
  plan: SheetPlan;
  /** The engine's ODR as of `asOf` (the dashboard shows the same, live). */
  summary: OdrSummary;
  errors: RowError[];
}

/**
 * `atoz evaluate --format xlsx` and the worker's xlsx answer: evaluates an opened report as of `asOf`
 * and streams the flagged workbook to `output` (a file, stdout, an HTTP response).
 */
export async function writeReportXlsx(report: OpenedReport, options: ReportXlsxOptions, output: Writable): Promise<ReportXlsxResult> {
  return evaluateInto(report, options, (items) => writeFlaggedWorkbook({ ...options, headers: report.headers, items }, output));
}

/** The same as bytes in memory. */
export async function reportToXlsx(report: OpenedReport, options: ReportXlsxOptions): Promise<ReportXlsxResult & { buffer: Uint8Array }> {
  let buffer: Uint8Array = new Uint8Array();
  const result = await evaluateInto(report, options, async (items) => {
    const rendered = await renderFlaggedWorkbook({ ...options, headers: report.headers, items });
    buffer = rendered.buffer;
    return rendered.plan;
  });
  return { ...result, buffer };
}

async function evaluateInto(
  report: OpenedReport,
  options: ReportXlsxOptions,
  render: (items: AsyncIterable<SheetExportItem>) => Promise<SheetPlan>,
): Promise<ReportXlsxResult> {
  const { policy, asOf } = options;
  let odr: OdrAccumulator | undefined;
  const errors: RowError[] = [];
  async function* items(): AsyncGenerator<SheetExportItem> {
    for await (const batch of report.batches) {
      for (const item of batch.items) {
        if (!item.row) {
          errors.push(...item.errors);
          yield { line: item.line, cells: item.cells, errors: item.errors };
          continue;
        }
        const days = rowDays(item.row, asOf);
        (odr ??= new OdrAccumulator(policy, asOf, policy.timeZone ?? item.row.timeZone)).add(item.row, days);
        yield { line: item.line, cells: item.cells, row: item.row, days, result: evaluateRow(item.row, policy, asOf, item.line, days) };
      }
    }
  }
  const plan = await render(items());
  const summary = (odr ?? new OdrAccumulator(policy, asOf, policy.timeZone ?? policy.defaultTimeZone)).summary();
  return { plan, summary, errors };
}
