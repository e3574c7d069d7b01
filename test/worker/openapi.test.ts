import { describe, expect, it } from 'vitest';
import { testWorker } from './helpers.js';

interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3 document of every route, generated from the zod schemas', async () => {
    const worker = await testWorker();
    const response = await worker.call('/openapi.json', { token: null });
    expect(response.status).toBe(200);
    const doc = JSON.parse(await response.text()) as {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /healthz',
        'POST /v1/evaluate',
        'POST /v1/imports',
        'GET /v1/imports/{id}',
        'GET /v1/orders',
        'GET /v1/orders/{orderId}',
        'PATCH /v1/orders/{orderId}',
        'GET /v1/changes',
        'GET /v1/summary',
      ].sort(),
    );
    expect(doc.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const operation of Object.values(methods)) {
        if (path.startsWith('/v1/')) {
          expect(operation.security, path).toEqual([{ bearer: [] }]);
          expect(operation.responses['401']?.content, path).toHaveProperty(['application/problem+json']);
        }
      }
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Problem', 'OrderLine', 'OrderRow', 'Statuses', 'Import', 'Summary', 'OdrSummary', 'EvaluatedRow', 'RowError', 'OperatorPatch', 'Evaluation', 'VersionConflict']),
    );
    const evaluate = doc.paths['/v1/evaluate']!.post!;
    expect(Object.keys(evaluate.requestBody!.content)).toEqual(['text/csv', 'text/tab-separated-values', 'text/plain', 'multipart/form-data']);
    expect(Object.keys(evaluate.responses['200']!.content!)).toEqual(['application/json', 'application/x-ndjson', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(evaluate.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['asOf', 'timeZone', 'dateOrder', 'responseWindowHours', 'orderAgeCapDays']));
    const patch = doc.paths['/v1/orders/{orderId}']!.patch!;
    expect(patch.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['path:orderId', 'query:line', 'header:if-match']));
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '409', '428']));
    const statuses = doc.components.schemas['Statuses'] as { properties: Record<string, { enum?: string[] }> };
    expect(statuses.properties['nextAction']!.enum).toContain('respond_overdue');
  });
});
