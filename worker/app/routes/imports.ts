import { shortened } from '../../../shared/text/excerpt.js';
import { createRoute } from '@hono/zod-openapi';
import type { ImportRecord } from '../../store/types.js';
import { openUpload } from '../body/upload.js';
import type { AppDeps } from '../env.js';
import { runImport } from '../import/run-import.js';
import { openXlsxUpload } from '../import/xlsx-upload.js';
import { importSellerPerformance, isSellerPerformanceUpload } from '../import/seller-performance-import.js';
import { HttpProblem } from '../problem.js';
import { policyFromQuery, readOptions } from '../report-options.js';
import { BEARER_SECURITY, createRouter, problemResponses } from '../router.js';
import { Import, ImportParams, ImportQuery } from '../schemas.js';
import { REPORT_BODY } from './evaluate.js';

const createImport = createRoute({
  operationId: 'createImport',
  method: 'post',
  path: '/imports',
  tags: ['imports'],
  security: BEARER_SECURITY,
  summary: 'Import a report into the account\'s orders',
  description:
    'Upserts every valid row by order line (lineKey = order id + U+001F + (order-item id ?? SKU ?? "")). Report columns are owned by ' +
    'imports; the claim-tracking columns (claim, contact, response, decision, appeal, chargeback, feedback, item type) by operators: ' +
    'an import never overwrites a non-empty operator value. Each kind sets only its own columns, in `row` and in `cells` (the report\'s text by ' +
    'header): a claim sheet its claim, key and unread columns (never the order report\'s purchase date or status), an order report every ' +
    'column it has, and a line keeps the other cells, the order report\'s columns first (docs/reports.md). All valid rows are merged in one commit, or none: a failure at any point ' +
    '(unreadable bytes, body over the limit, interrupted upload, shutdown, database error) leaves the import `failed` and the orders ' +
    'untouched; input unusable from the start creates no import at all. Rows with bad cells are rejected (listed in errors) and the ' +
    'rest imported. An .xlsx workbook (a claim sheet) is read by streaming, its first sheet or `sheet`. Amazon\'s Seller Performance report (JSON, `kind=seller-performance` or a `.json` file name, at most 1 MiB) is kept for the account and shown beside our ODR in GET /v1/summary. A report with a header and no rows is a valid empty import (201, zero counts, a warning). A body declared UTF-8 ' +
    '(or detected so) must be valid UTF-8 (422 otherwise: an import keeps no garbled text).',
  request: { query: ImportQuery, body: REPORT_BODY },
  responses: {
    201: { description: 'Committed', content: { 'application/json': { schema: Import } } },
    ...problemResponses(400, 401, 413, 415, 422, 503),
  },
});

const getImport = createRoute({
  operationId: 'getImport',
  method: 'get',
  path: '/imports/{id}',
  tags: ['imports'],
  security: BEARER_SECURITY,
  summary: 'An import of this account: status, counts, row errors, warnings',
  request: { params: ImportParams },
  responses: {
    200: { description: 'The import', content: { 'application/json': { schema: Import } } },
    ...problemResponses(401, 404),
  },
});

export function importRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(createImport, async (c) => {
      const query = c.req.valid('query');
      const policy = policyFromQuery(deps.policy, { timeZone: query.timeZone });
      const upload = await openUpload(c.req.raw, deps.bodyLimitBytes, deps.shutdown);
      const fileName = query.fileName ?? upload.fileName;
      const record = isSellerPerformanceUpload(query.kind, fileName)
        ? await importSellerPerformance(deps.store, c.var.accountId, upload, fileName)
        : await runImport({
            store: deps.store,
            accountId: c.var.accountId,
            upload: await openXlsxUpload(upload, query.sheet, deps.readXlsx),
            options: { ...readOptions(policy, query, upload.charset), kind: query.kind === 'seller-performance' ? undefined : query.kind },
            fileName,
            readImport: deps.readImport,
            shutdown: deps.shutdown,
            logError: deps.logError,
          });
      c.header('Location', `/v1/imports/${encodeURIComponent(record.id)}`);
      return c.json(importJson(record), 201);
    })
    .openapi(getImport, async (c) => {
      const { id } = c.req.valid('param');
      const record = await deps.store.getImport(c.var.accountId, id);
      if (!record) throw new HttpProblem(404, 'not-found', 'Not found', `This account has no import ${shortened(id)}.`);
      return c.json(importJson(record), 200);
    });
}

function importJson(record: ImportRecord) {
  const { accountId: _accountId, ...rest } = record;
  return rest;
}
