import { describe, expect, it } from 'vitest';
import { testWorker } from './helpers.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema?: SchemaObject }> }>;
}

interface SchemaObject {
  $ref?: string;
  allOf?: SchemaObject[];
  properties?: Record<string, unknown>;
}

interface Document {
  openapi: string;
  info: { title: string; license?: { name: string } };
  servers?: { url: string }[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject>; securitySchemes: Record<string, unknown> };
}

const PROBLEM_REF = '#/components/schemas/Problem';
/** Routes that need no token, on purpose. */
const PUBLIC_ROUTES = ['GET /healthz', 'GET /openapi.json'];

async function servedDocument(): Promise<Document> {
  const worker = await testWorker();
  const response = await worker.call('/openapi.json', { token: null });
  expect(response.status).toBe(200);
  return JSON.parse(await response.text()) as Document;
}

const operationsOf = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, path, operation })),
  );

/** The Problem schema itself, or a schema built on it (allOf: [Problem, its own fields]). */
const isProblemSchema = (schema: SchemaObject | undefined, schemas: Record<string, SchemaObject>): boolean => {
  if (!schema) return false;
  if (schema.$ref === PROBLEM_REF) return true;
  if (schema.$ref?.startsWith('#/components/schemas/')) return isProblemSchema(schemas[schema.$ref.slice('#/components/schemas/'.length)], schemas);
  return schema.allOf?.[0]?.$ref === PROBLEM_REF;
};

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3 document of every route, generated from the zod schemas', async () => {
    const doc = await servedDocument();
    expect(doc.openapi).toMatch(/^3\./);
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /healthz',
        'GET /openapi.json',
        'POST /v1/evaluate',
        'POST /v1/imports',
        'GET /v1/imports/{id}',
        'GET /v1/orders',
        'GET /v1/orders/{orderId}',
        'PATCH /v1/orders/{orderId}',
        'GET /v1/changes',
        'GET /v1/summary',
        'GET /v1/alerts/channels',
        'POST /v1/alerts/channels',
        'PATCH /v1/alerts/channels/{id}',
        'DELETE /v1/alerts/channels/{id}',
        'POST /v1/alerts/channels/{id}/test',
        'GET /v1/alerts/deliveries',
        'GET /v1/alerts/settings',
        'PUT /v1/alerts/settings',
        'GET /v1/alerts/calendar-tokens',
        'POST /v1/alerts/calendar-tokens',
        'DELETE /v1/alerts/calendar-tokens/{id}',
        'GET /v1/calendar.ics',
      ].sort(),
    );
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      // The calendar feed alone: calendar clients cannot send headers.
      calendarToken: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'token' }),
    });
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const operation of Object.values(methods)) {
        if (path.startsWith('/v1/') && path !== '/v1/calendar.ics') {
          expect(operation.security, path).toEqual([{ bearer: [] }]);
          expect(operation.responses['401']?.content, path).toHaveProperty(['application/problem+json']);
        }
      }
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Problem', 'OrderLine', 'OrderRow', 'Statuses', 'Import', 'Summary', 'OdrSummary', 'EvaluatedRow', 'RowError', 'OperatorPatch', 'Evaluation', 'VersionConflict']),
    );
    const evaluate = doc.paths['/v1/evaluate']!.post!;
    expect(Object.keys(evaluate.requestBody!.content)).toEqual(['text/csv', 'text/tab-separated-values', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'multipart/form-data']);
    expect(Object.keys(evaluate.responses['200']!.content!)).toEqual(['application/json', 'application/x-ndjson', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(evaluate.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['asOf', 'timeZone', 'dateOrder', 'responseWindowHours', 'orderAgeCapDays']));
    const patch = doc.paths['/v1/orders/{orderId}']!.patch!;
    expect(patch.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['path:orderId', 'query:line', 'header:if-match']));
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '409', '428']));
    const statuses = doc.components.schemas['Statuses'] as { properties: Record<string, { enum?: string[] }> };
    expect(statuses.properties['nextAction']!.enum).toContain('respond_overdue');
  });

  // Generic: routes added later (any file) are held to the same contract.
  it('every operation: a unique camelCase operationId, a declared tag, its security said, a 4xx answer; every error answer is the one Problem schema', async () => {
    const doc = await servedDocument();
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(0);
    const declaredTags = new Set((doc.tags ?? []).map((tag) => tag.name));
    const ids = new Map<string, string>();
    for (const { route, path, operation } of operations) {
      expect(operation.operationId, `${route}: operationId`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(ids.get(operation.operationId!), `${route}: operationId ${operation.operationId} used twice`).toBeUndefined();
      ids.set(operation.operationId!, route);
      expect(operation.tags?.length, `${route}: tags`).toBeGreaterThan(0);
      for (const tag of operation.tags!) expect(declaredTags.has(tag), `${route}: tag ${tag} is not in the document's tags`).toBe(true);
      // Public only on purpose (this list); every other operation names declared security schemes.
      if (PUBLIC_ROUTES.includes(route)) expect(operation.security, `${route}: public, on purpose`).toEqual([]);
      else {
        expect(operation.security?.length, `${route}: says no security (public routes are listed here)`).toBeGreaterThan(0);
        const schemes = operation.security!.flatMap((requirement) => Object.keys(requirement as object));
        for (const scheme of schemes) expect(Object.keys(doc.components.securitySchemes), `${route}: security scheme ${scheme}`).toContain(scheme);
      }
      if (path.startsWith('/v1/')) expect(Object.keys(operation.responses), `${route}: 401`).toContain('401');

      const errors = Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status) || status === 'default');
      expect(errors.some(([status]) => status.startsWith('4')), `${route}: lists no 4xx answer`).toBe(true);
      for (const [status, response] of errors) {
        expect(Object.keys(response.content ?? {}), `${route} ${status}: content`).toEqual(['application/problem+json']);
        expect(isProblemSchema(response.content!['application/problem+json']!.schema, doc.components.schemas), `${route} ${status}: not the Problem schema`).toBe(true);
      }
    }
  });

  it('every 4xx the worker gives to simple wrong requests (no token, an unknown parameter, an empty body) is listed by its operation', async () => {
    const worker = await testWorker();
    const doc = await servedDocument();
    const undeclared: string[] = [];
    for (const { route, path, operation } of operationsOf(doc)) {
      const method = route.split(' ')[0]!;
      const url = path.replace(/\{[^}]+\}/g, 'no-such-id');
      const withBody = method !== 'GET' && method !== 'HEAD' && method !== 'DELETE';
      const probes: (RequestInit & { token?: string | null; query?: string })[] = [
        { token: null },
        { query: '?zzUnknownParameter=1' },
        ...(withBody ? [{ body: '', headers: { 'Content-Type': 'application/json' } }, { body: '', headers: { 'Content-Type': 'text/csv' } }] : []),
      ];
      for (const { query = '', ...probe } of probes) {
        const response = await worker.call(`${url}${query}`, { method, ...probe });
        await response.body?.cancel();
        if (response.status >= 400 && !(String(response.status) in operation.responses)) undeclared.push(`${route} answered ${response.status} (${JSON.stringify({ query, ...probe })})`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('has one problem schema: no other component redefines type, title, status and detail', async () => {
    const { components } = await servedDocument();
    const lookalikes = Object.entries(components.schemas)
      .filter(([name, schema]) => name !== 'Problem' && ['type', 'title', 'status', 'detail'].every((key) => key in (schema.properties ?? {})))
      .map(([name]) => name);
    expect(lookalikes).toEqual([]);
    expect(components.schemas['VersionConflict']!.allOf?.[0]).toEqual({ $ref: PROBLEM_REF });
  });

  it('names its servers and its licence', async () => {
    const doc = await servedDocument();
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.info.license?.name).toBeTruthy();
  });
});
