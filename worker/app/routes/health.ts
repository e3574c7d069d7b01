import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../router.js';
import { Health } from '../schemas.js';

const health = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness (no authentication)',
  responses: { 200: { description: 'The worker is up', content: { 'application/json': { schema: Health } } } },
});

export function healthRoutes() {
  return createRouter().openapi(health, (c) => c.json({ status: 'ok' as const }, 200));
}
