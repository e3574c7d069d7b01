import { createRoute } from '@hono/zod-openapi';
import { openReport, requireOrderLines } from '../../../shared/report/read-report.js';
import { parseMediaType } from '../body/media-type.js';
import { openUpload } from '../body/upload.js';
import type { AppDeps } from '../env.js';
import { evaluationBody } from '../evaluation-stream.js';
import { isSellerPerformanceUpload } from '../import/seller-performance-import.js';
import { openXlsxUpload } from '../import/xlsx-upload.js';
import { answerLanguageFor, outputFormatFor, XLSX_MEDIA_TYPE } from '../negotiate.js';
import { HttpProblem } from '../problem.js';
import { policyFromQuery, readOptions, resolveAsOf } from '../report-options.js';
import { BEARER_SECURITY, createRouter, problemResponses } from '../router.js';
import { EvaluateQuery, Evaluation } from '../schemas.js';
import { excerpt } from '../../../shared/text/excerpt.js';

const text = { schema: { type: 'string' as const } };
export const REPORT_BODY = {
  required: true,
  description:
    'The report itself, streamed (never buffered whole): tab-, comma- or semicolon-separated; UTF-8 (BOM or not), UTF-16 (BOM), ' +
    'Windows-1252 or Shift_JIS (detected, or the Content-Type charset, or `encoding`). Or an .xlsx workbook (a claim sheet or order ' +
    'report saved from Excel, recognised by its ZIP signature whatever the label; read by streaming, its first sheet or `sheet`; date cells are dates). ' +
    'Or multipart/form-data with one file part (the first part with a filename, or the part named "file").',
  content: {
    'text/csv': text,
    'text/tab-separated-values': text,
    'text/plain': text,
    [XLSX_MEDIA_TYPE]: { schema: { type: 'string' as const, format: 'binary' } },
    'multipart/form-data': {
      schema: { type: 'object' as const, properties: { file: { type: 'string' as const, format: 'binary' } }, required: ['file'] },
    },
  },
};

const evaluate = createRoute({
  operationId: 'evaluateReport',
  method: 'post',
  path: '/evaluate',
  tags: ['evaluate'],
  security: BEARER_SECURITY,
  summary: 'Claim statuses of every row of a report (stateless: nothing is stored)',
  description:
    'Exactly the CLI\'s output (`atoz evaluate --format json|ndjson|csv`), chosen by Accept: application/json (default), ' +
    'application/x-ndjson, or text/csv (UTF-8 with BOM); or the flagged workbook with its live conditional formats and dashboard ' +
    `(${XLSX_MEDIA_TYPE}, the same as \`atoz evaluate --format xlsx\`; clockZone = the zone of whoever opens it). ` +
    'The body is read and the answer written batch by batch. ' +
    'Any policy key is a query override (validated like --policy). A failure after the answer has started cuts the transfer off. ' +
    'The CSV and .xlsx answers speak the language of `lang` or Accept-Language (Content-Language says which). ' +
    'The upload is an order report or claim sheet, as text or an .xlsx workbook (every answer format works for both; a workbook without ' +
    'an .xlsx reader on the worker\'s runtime is a 415). A feedback or returns report, and Amazon\'s Seller Performance report (JSON: ' +
    '`kind=seller-performance`, a `.json` file name, or Content-Type application/json), hold no order lines: a 422 saying so and where they go ' +
    '(POST /v1/imports; with a Seller Performance report imported, GET /v1/summary shows Amazon\'s ODR beside ours).',
  request: { query: EvaluateQuery, body: REPORT_BODY },
  responses: {
    200: {
      description: 'The evaluation',
      content: {
        'application/json': { schema: Evaluation },
        'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object a line: type row, error, and a last summary.' } },
        'text/csv': { schema: { type: 'string', description: 'The report\'s columns plus the status columns, UTF-8 with BOM.' } },
        [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary', description: 'The flagged sheet, live conditional formats and the dashboard sheet.' } },
      },
    },
    ...problemResponses(400, 401, 406, 413, 415, 422, 503),
  },
});

export function evaluateRoutes(deps: AppDeps) {
  return createRouter().openapi(evaluate, async (c) => {
    const query = c.req.valid('query');
    const format = outputFormatFor(c.req.header('accept'));
    if (format === 'xlsx' && !deps.renderXlsx) {
      throw new HttpProblem(406, 'not-acceptable', 'Not acceptable', 'This worker cannot write .xlsx workbooks on its runtime; ask for JSON, NDJSON or CSV.');
    }
    const policy = policyFromQuery(deps.policy, query);
    const asOf = resolveAsOf(query.asOf, policy, deps.now);
    // Amazon's Seller Performance report (JSON) holds Amazon's ODR and no order line: refused before its body is read.
    if (parseMediaType(c.req.header('content-type'))?.essence === 'application/json') throw noOrderLines('A JSON body');
    const upload = await openUpload(c.req.raw, deps.bodyLimitBytes, deps.shutdown);
    if (isSellerPerformanceUpload(query.kind, upload.fileName)) {
      await upload.bytes[Symbol.asyncIterator]().return?.();
      throw noOrderLines(query.kind ? 'kind=seller-performance' : `The file ${excerpt(upload.fileName ?? '')}`);
    }
    // An .xlsx workbook (a claim sheet saved from Excel) is read as its sheet's rows, as imports read it.
    const sheet = await openXlsxUpload(upload, query.sheet, deps.readXlsx);
    const kind = query.kind === 'seller-performance' ? undefined : query.kind;
    const report = await openReport(sheet.bytes, { ...readOptions(policy, query, sheet.charset), kind });
    requireOrderLines(report, 'POST /v1/evaluate');
    const language = format === 'csv' || format === 'xlsx' ? answerLanguageFor(query.lang, c.req.header('accept-language')) : undefined;
    const spoken = { Vary: 'Accept, Accept-Language', ...(language ? { 'Content-Language': language } : {}) };
    if (format === 'xlsx') {
      const clockZone = query.clockZone ?? policy.timeZone ?? policy.defaultTimeZone;
      const stream = deps.renderXlsx!(report, { policy, asOf, clockZone, ...(language ? { language } : {}) });
      return new Response(stream, {
        status: 200,
        headers: { 'Content-Type': XLSX_MEDIA_TYPE, 'Content-Disposition': 'attachment; filename="claims-flagged.xlsx"', ...spoken },
      });
    }
    const body = await evaluationBody(report, policy, asOf, format, (error) => deps.logError(error, 'POST /v1/evaluate (answer cut off)'), { language });
    return new Response(body.stream, { status: 200, headers: { 'Content-Type': body.contentType, ...spoken } });
  });
}

/**
 * A Seller Performance report (JSON: Amazon's ODR per fulfilment side) has no order lines to evaluate. It means
 * something beside the orders it counts: imported, GET /v1/summary shows Amazon's ODR beside ours for the stored
 * orders, and `atoz evaluate` takes it beside the report files.
 */
function noOrderLines(what: string): HttpProblem {
  return new HttpProblem(
    422,
    'no-order-lines',
    'No order lines to evaluate',
    `${what} is read as Amazon's Seller Performance report (JSON): it holds Amazon's ODR, no order lines, so there is nothing to evaluate. ` +
      'Import it (POST /v1/imports?kind=seller-performance) with your order reports, and GET /v1/summary shows Amazon\'s ODR beside ours; ' +
      'or on the command line: atoz evaluate orders.txt seller-performance.json (docs/reports.md). POST /v1/evaluate reads order reports and claim sheets (text or .xlsx).',
  );
}
