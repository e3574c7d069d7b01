import { PassThrough, Readable } from 'node:stream';
import type { XlsxRenderer } from './app/env.js';

/**
 * The .xlsx answer on Node: exceljs writes Node streams, so it lives beside the Node entry, outside the
 * runtime-neutral app, and is loaded only when a client first asks for a workbook.
 */
export const nodeXlsxRenderer: XlsxRenderer = (report, options) => {
  const output = new PassThrough();
  import('../shared/sheet/xlsx/export-report.js')
    .then(({ writeReportXlsx }) => writeReportXlsx(report, options, output))
    .catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
};
