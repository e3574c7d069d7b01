import { createRoute } from '@hono/zod-openapi';
import { createRouter, PUBLIC_SECURITY, problemResponses } from '../router.js';
import { Health, NoQuery, OpenApiDocument } from '../schemas.js';

const getHealth = createRoute({
  operationId: 'getHealth',
  method: 'get',
  path: '/healthz',
  tags: ['meta'],
  security: PUBLIC_SECURITY,
  summary: 'Liveness (no authentication)',
  request: { query: NoQuery },
  responses: {
    200: { description: 'The worker is up', content: { 'application/json': { schema: Health } } },
    ...problemResponses(400),
  },
});

export function healthRoutes() {
  return createRouter().openapi(getHealth, (c) => c.json({ status: 'ok' as const }, 200));
}

/** Served by createApp, which holds the document. */
export const getOpenApiDocument = createRoute({
  operationId: 'getOpenApiDocument',
  method: 'get',
  path: '/openapi.json',
  tags: ['meta'],
  security: PUBLIC_SECURITY,
  summary: 'This document: the API\'s contract (no authentication)',
  description: 'Generated from the same zod schemas that validate requests, so it cannot drift from the routes.',
  request: { query: NoQuery },
  responses: {
    200: { description: 'The OpenAPI 3.0 document', content: { 'application/json': { schema: OpenApiDocument } } },
    ...problemResponses(400),
  },
});
