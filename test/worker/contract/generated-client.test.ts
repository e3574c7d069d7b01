import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import createClient, { type Middleware } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsFromEnv, startWorker, type RunningWorker } from '../../../worker/main.js';
import { EXAMPLE } from '../helpers.js';
import type { paths } from './openapi-types.js';
import { OPENAPI_TYPES_FILE, openapiTypesSource } from './openapi-types-source.js';

/**
 * The sync's calls (connect, import upload, changes pull, order fetch, PATCH with If-Match and its 409 and
 * 428) through a client generated from the document the worker serves (openapi-typescript + openapi-fetch),
 * against a real worker on a random 127.0.0.1 port. Every answer must be one the document declares for
 * that operation (status, media type) and match its schema: the document and the server cannot disagree.
 */
const TOKEN = 'generated-client-token';
const dir = mkdtempSync(join(tmpdir(), 'atoz-generated-client-'));
let worker: RunningWorker;
let document: OpenApiDocument;
const seen: string[] = [];

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
}

beforeAll(async () => {
  worker = await startWorker(settingsFromEnv({ PORT: '0', ATOZ_API_TOKEN: TOKEN, ATOZ_DATA_DIR: dir, ATOZ_IMPORT_THREADS: '1' }), () => undefined);
  document = (await (await fetch(`${worker.url}/openapi.json`)).json()) as OpenApiDocument;
});
afterAll(async () => {
  await worker?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Checks every answer against the document: declared status and media type, body valid against its schema. */
function conformance(): Middleware {
  // OpenAPI 3.0 schemas are JSON Schema draft 04's dialect (boolean exclusiveMinimum, nullable).
  const ajv = new Ajv04.default({ strict: false, allErrors: true });
  addFormats.default(ajv); // a CommonJS module: its function is also its own `default`
  const validators = new Map<string, ValidateFunction>();
  return {
    async onResponse({ request, response, schemaPath }) {
      const method = request.method.toLowerCase();
      const operation = document.paths[schemaPath]?.[method];
      const where = `${request.method} ${schemaPath} → ${response.status}`;
      expect(operation, `${request.method} ${schemaPath} is not in the document`).toBeDefined();
      const declared = operation!.responses[String(response.status)];
      expect(declared, `${where}: status not declared`).toBeDefined();
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
      expect(Object.keys(declared!.content ?? {}), `${where}: media type`).toContain(mediaType);
      if (mediaType.endsWith('json')) {
        const pointer = `openapi.json#/paths/${escape(schemaPath)}/${method}/responses/${response.status}/content/${escape(mediaType)}/schema`;
        let validate = validators.get(pointer);
        if (!validate) {
          if (!ajv.getSchema('openapi.json')) ajv.addSchema(document, 'openapi.json');
          validate = ajv.compile({ $ref: pointer });
          validators.set(pointer, validate);
        }
        const body: unknown = await response.clone().json();
        expect(validate(body) ? [] : validate.errors, `${where}: body does not match the document's schema`).toEqual([]);
      }
      seen.push(`${operation!.operationId} ${response.status}`);
    },
  };
}
const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

type ChangedLine = paths['/v1/changes']['get']['responses'][200]['content']['application/json']['items'][number];

function generatedClient(token = TOKEN) {
  const client = createClient<paths>({ baseUrl: worker.url, headers: { Authorization: `Bearer ${token}` } });
  client.use(conformance());
  return client;
}

describe('a client generated from the served /openapi.json', () => {
  it('is what openapi-typescript makes of the served document today (the checked-in types have not drifted)', async () => {
    const generated = await openapiTypesSource(document);
    // On a difference: `npm run openapi:types`, and review the diff (it is the API's change).
    expect(readFileSync(OPENAPI_TYPES_FILE, 'utf8') === generated, 'test/worker/contract/openapi-types.ts is stale: run `npm run openapi:types`').toBe(true);
  });

  it('runs the sync\'s calls against a real worker, every answer as the document says', async () => {
    const api = generatedClient();

    // Connect: health, then the add-in's connection test (token, URL, CORS in one request).
    expect((await api.GET('/healthz')).data).toEqual({ status: 'ok' });
    const summary = await api.GET('/v1/summary');
    expect(summary.data?.lines).toBe(0);
    expect((await generatedClient('wrong-token').GET('/v1/summary')).error?.status).toBe(401);

    // Import upload: the report's bytes as they are.
    const imported = await api.POST('/v1/imports', {
      params: { query: { fileName: 'orders-and-claims.csv' } },
      body: EXAMPLE,
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(imported.response.status).toBe(201);
    expect(imported.data?.counts).toEqual({ inserted: 10, updated: 0, unchanged: 0, rejected: 0 });
    const unusable = await api.POST('/v1/imports', { body: 'not a report', bodySerializer: (body) => body, headers: { 'Content-Type': 'text/csv' } });
    expect(unusable.error?.status).toBe(422);

    // Changes pull, in pages, until hasMore is false.
    const lines: ChangedLine[] = [];
    let since = '0';
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(10);
      const { data } = await api.GET('/v1/changes', { params: { query: { since, limit: 4 } } });
      lines.push(...data!.items);
      since = data!.cursor;
      if (!data!.hasMore) break;
    }
    expect(lines).toHaveLength(10);
    const line = lines.find((l) => l.orderId === '111-0000004-0000004')!;

    // Order fetch: one line, its ETag ready for If-Match.
    const order = await api.GET('/v1/orders/{orderId}', { params: { path: { orderId: line.orderId }, query: { line: line.lineKey } } });
    expect(order.data?.lines.map((l) => l.lineKey)).toEqual([line.lineKey]);
    const etag = order.response.headers.get('etag')!;
    expect(etag).toBe(line.etag);

    // PATCH with If-Match: saved, then the same stale version is a 409 with the current line.
    const patchOf = (ifMatch: string) =>
      api.PATCH('/v1/orders/{orderId}', {
        params: { path: { orderId: line.orderId }, query: { line: line.lineKey }, header: { 'if-match': ifMatch } },
        body: { claimStatus: 'open', claimAt: '2024-03-13' },
      });
    const saved = await patchOf(etag);
    expect(saved.data?.row.claimStatus).toBe('open');
    expect(saved.data?.version).toBe(line.version + 1);
    const conflict = await patchOf(etag);
    expect(conflict.response.status).toBe(409);
    expect(conflict.error).toMatchObject({ status: 409, yourVersion: line.version, currentVersion: line.version + 1, current: { lineKey: line.lineKey } });

    // Without If-Match: 428 (the document requires the header; the server says why).
    const unconditional = await api.PATCH('/v1/orders/{orderId}', {
      // @ts-expect-error -- If-Match is required by the document: this call leaves it out on purpose
      params: { path: { orderId: line.orderId }, query: { line: line.lineKey } },
      body: { claimStatus: 'denied' },
    });
    expect(unconditional.error?.status).toBe(428);
    // A value the worker refuses, and an order it does not have (the sync's "refused" and "missing").
    const badValue = await api.PATCH('/v1/orders/{orderId}', {
      params: { path: { orderId: line.orderId }, query: { line: line.lineKey }, header: { 'if-match': '"9"' } },
      // @ts-expect-error -- not one of the document's claim statuses
      body: { claimStatus: 'maybe' },
    });
    expect(badValue.error?.invalidParams?.[0]?.name).toBe('body.claimStatus');
    const missing = await api.PATCH('/v1/orders/{orderId}', {
      params: { path: { orderId: '000-0000000-0000000' }, header: { 'if-match': '"1"' } },
      body: { claimStatus: 'open' },
    });
    expect(missing.error?.status).toBe(404);

    // The import the sync started from, as GET /v1/imports/{id} keeps it.
    const kept = await api.GET('/v1/imports/{id}', { params: { path: { id: imported.data!.id } } });
    expect(kept.data?.status).toBe('committed');

    expect(seen).toEqual(
      expect.arrayContaining([
        'getHealth 200',
        'getSummary 200',
        'getSummary 401',
        'createImport 201',
        'createImport 422',
        'listChanges 200',
        'getOrder 200',
        'patchOrderLine 200',
        'patchOrderLine 409',
        'patchOrderLine 428',
        'patchOrderLine 400',
        'patchOrderLine 404',
        'getImport 200',
      ]),
    );
  });
});
