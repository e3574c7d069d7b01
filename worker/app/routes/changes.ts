import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../env.js';
import { orderLineJson } from '../order-view.js';
import { resolveAsOf } from '../report-options.js';
import { BEARER_SECURITY, createRouter, problemResponses } from '../router.js';
import { Changes, ChangesQuery } from '../schemas.js';

const changes = createRoute({
  operationId: 'listChanges',
  method: 'get',
  path: '/changes',
  tags: ['sync'],
  security: BEARER_SECURITY,
  summary: 'Order lines changed since a cursor, with their statuses (the add-in\'s sync)',
  description:
    'Every line changed (by an import or a PATCH) after `since`, oldest change first, each once at its latest state. ' +
    'A feedback, returns or shipments import that tells something new of an order changes its lines too (not their version): ' +
    'a line whose order has such facts carries `facts`, and its `row` and `statuses` include them. ' +
    'Keep the answer\'s `cursor` and pass it as `since` next time: it only grows. While `hasMore` is true, ask again at once.',
  request: { query: ChangesQuery },
  responses: {
    200: { description: 'Changed lines', content: { 'application/json': { schema: Changes } } },
    ...problemResponses(400, 401),
  },
});

export function changeRoutes(deps: AppDeps) {
  return createRouter().openapi(changes, async (c) => {
    const query = c.req.valid('query');
    const asOf = resolveAsOf(query.asOf, deps.policy, deps.now);
    const page = await deps.store.changesSince(c.var.accountId, Number(query.since), query.limit);
    const last = page.items[page.items.length - 1];
    const facts = await deps.store.getFactsOfOrders(c.var.accountId, page.items.map((line) => line.orderId));
    return c.json(
      {
        asOf: new Date(asOf).toISOString(),
        items: page.items.map((line) => orderLineJson(line, deps.policy, asOf, facts.get(line.orderId))),
        cursor: last ? String(last.changeSeq) : String(Number(query.since)),
        hasMore: page.nextCursor !== null,
      },
      200,
    );
  });
}
