import { excerpt, shortened } from '../../../shared/text/excerpt.js';
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { VersionConflictError, type StoredOrder } from '../../store/types.js';
import { decodeOrderCursor } from '../cursor.js';
import type { AppDeps, AppEnv } from '../env.js';
import { formatEtag, versionFromIfMatch } from '../etag.js';
import { toOperatorPatch } from '../operator-patch.js';
import { listOrderLines, MAX_SCANNED_LINES } from '../order-listing.js';
import { orderLineJson } from '../order-view.js';
import { HttpProblem, invalidRequest } from '../problem.js';
import { resolveAsOf } from '../report-options.js';
import { BEARER_SECURITY, createRouter, problemResponses } from '../router.js';
import { OperatorPatchBody, Order, OrderLine, OrderLineQuery, OrderPage, OrderParams, OrdersQuery, VersionConflict } from '../schemas.js';
import { statusFilter } from '../status-filter.js';

const PATCH_BODY_LIMIT = 64 * 1024;

const listOrders = createRoute({
  operationId: 'listOrders',
  method: 'get',
  path: '/orders',
  tags: ['orders'],
  security: BEARER_SECURITY,
  summary: 'Order lines of the account with their statuses, filtered by status, in pages',
  description:
    'Statuses are computed as of `asOf` (default now). Filters combine with "and"; a comma-separated list within one filter means "or" ' +
    '(e.g. `response=overdue,due_soon&delivery=late`). Lines come in lineKey order. A filtered page may hold fewer than `limit` lines ' +
    `(at most ${MAX_SCANNED_LINES} lines are looked at per request) while more follow: keep paging until nextCursor is null.`,
  request: { query: OrdersQuery },
  responses: {
    200: { description: 'One page', content: { 'application/json': { schema: OrderPage } } },
    ...problemResponses(400, 401),
  },
});

const getOrder = createRoute({
  operationId: 'getOrder',
  method: 'get',
  path: '/orders/{orderId}',
  tags: ['orders'],
  security: BEARER_SECURITY,
  summary: 'All lines of one order with their statuses (or one line with ?line=)',
  description:
    'Each line carries its lineKey and its ETag (its version). When the answer holds one line (a one-line order, or `?line=LINEKEY`), ' +
    'the ETag header is that line\'s, ready for PATCH\'s If-Match.',
  request: { params: OrderParams, query: OrderLineQuery },
  responses: {
    200: { description: 'The order', headers: { ETag: { schema: { type: 'string' }, description: 'When one line is returned' } }, content: { 'application/json': { schema: Order } } },
    ...problemResponses(400, 401, 404),
  },
});

const requireIfMatch = createMiddleware<AppEnv>(async (c, next) => {
  versionFromIfMatch(c.req.header('if-match'));
  await next();
});

const patchOrder = createRoute({
  operationId: 'patchOrderLine',
  method: 'patch',
  path: '/orders/{orderId}',
  tags: ['orders'],
  security: BEARER_SECURITY,
  summary: 'Set operator fields of one order line (optimistic concurrency)',
  description:
    'Only operator-owned fields (claim tracking). `If-Match: "VERSION"` is required (428 without it); if the line changed meanwhile the ' +
    'answer is 409 with `yourVersion`, `currentVersion` and the `current` line. An order with several lines needs `?line=LINEKEY`. ' +
    'A patch that changes nothing keeps the version.',
  middleware: [
    bodyLimit({
      maxSize: PATCH_BODY_LIMIT,
      onError: () => {
        throw new HttpProblem(413, 'payload-too-large', 'Payload too large', `A PATCH body is at most ${PATCH_BODY_LIMIT / 1024} KB.`);
      },
    }),
    requireIfMatch,
  ] as const,
  request: {
    params: OrderParams,
    query: OrderLineQuery,
    headers: z.object({ 'if-match': z.string().openapi({ description: 'The line\'s ETag, e.g. "3" (required: 428 without it).' }) }),
    body: { required: true, content: { 'application/json': { schema: OperatorPatchBody } } },
  },
  responses: {
    200: { description: 'The line after the change', headers: { ETag: { schema: { type: 'string' } } }, content: { 'application/json': { schema: OrderLine } } },
    409: {
      description: 'The line changed since your version: your version and patch, and the current line',
      headers: { ETag: { schema: { type: 'string' }, description: 'The current version' } },
      content: { 'application/problem+json': { schema: VersionConflict } },
    },
    ...problemResponses(400, 401, 404, 413, 415, 428),
  },
});

export function orderRoutes(deps: AppDeps) {
  const { store } = deps;

  return createRouter()
    .openapi(listOrders, async (c) => {
      const query = c.req.valid('query');
      const asOf = resolveAsOf(query.asOf, deps.policy, deps.now);
      const page = await listOrderLines(store, {
        accountId: c.var.accountId,
        after: decodeOrderCursor(query.cursor),
        limit: query.limit,
        filter: statusFilter(query),
        policy: deps.policy,
        asOf,
      });
      return c.json({ asOf: iso(asOf), ...page }, 200);
    })
    .openapi(getOrder, async (c) => {
      const { orderId } = c.req.valid('param');
      const query = c.req.valid('query');
      const asOf = resolveAsOf(query.asOf, deps.policy, deps.now);
      const lines = await orderLines(deps, c.var.accountId, orderId);
      const chosen = query.line === undefined ? lines : [lineOf(lines, orderId, query.line)];
      if (chosen.length === 1) c.header('ETag', formatEtag(chosen[0]!.version));
      const facts = await deps.store.getOrderFacts(c.var.accountId, orderId);
      return c.json({ orderId, asOf: iso(asOf), lines: chosen.map((line) => orderLineJson(line, deps.policy, asOf, facts)) }, 200);
    })
    .openapi(patchOrder, async (c) => {
      const ifVersion = versionFromIfMatch(c.req.header('if-match'));
      const { orderId } = c.req.valid('param');
      const query = c.req.valid('query');
      const body = c.req.valid('json');
      const asOf = resolveAsOf(query.asOf, deps.policy, deps.now);
      const lines = await orderLines(deps, c.var.accountId, orderId);
      const target = query.line === undefined ? onlyLine(lines, orderId) : lineOf(lines, orderId, query.line);
      const patch = toOperatorPatch(body, target.row.timeZone);
      // The answer shows the line as /v1/changes does (with its order's facts), so a client compares like with like.
      const facts = (await store.getFactsOfOrders(c.var.accountId, [orderId])).get(orderId);
      let updated: StoredOrder | null;
      try {
        updated = await store.patchOrderLine(c.var.accountId, target.lineKey, ifVersion, patch);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        throw new HttpProblem(
          409,
          'version-conflict',
          'Version conflict',
          `The line changed since version ${ifVersion}: it is at version ${error.current.version} now. Merge your change into the current line and send it with If-Match: ${formatEtag(error.current.version)}.`,
          { yourVersion: ifVersion, yourPatch: body, currentVersion: error.current.version, current: orderLineJson(error.current, deps.policy, asOf, facts) },
          { ETag: formatEtag(error.current.version) },
        );
      }
      if (!updated) throw notFound(orderId);
      c.header('ETag', formatEtag(updated.version));
      return c.json(orderLineJson(updated, deps.policy, asOf, facts), 200);
    });
}

async function orderLines(deps: AppDeps, accountId: string, orderId: string): Promise<StoredOrder[]> {
  const lines = await deps.store.getOrderLines(accountId, orderId);
  if (lines.length === 0) throw notFound(orderId);
  return lines;
}

function lineOf(lines: StoredOrder[], orderId: string, lineKey: string): StoredOrder {
  const line = lines.find((l) => l.lineKey === lineKey);
  if (!line) throw new HttpProblem(404, 'not-found', 'Not found', `Order ${shortened(orderId)} has no line ${excerpt(lineKey)}; its lines are ${lines.map((l) => JSON.stringify(l.lineKey)).join(', ')}.`);
  return line;
}

function onlyLine(lines: StoredOrder[], orderId: string): StoredOrder {
  if (lines.length === 1) return lines[0]!;
  throw invalidRequest([
    { name: 'query.line', reason: `order ${orderId} has ${lines.length} lines: name one by its lineKey (${lines.map((l) => JSON.stringify(l.lineKey)).join(', ')})` },
  ]);
}

const notFound = (orderId: string) => new HttpProblem(404, 'not-found', 'Not found', `This account has no order ${shortened(orderId)}.`);
const iso = (ms: number) => new Date(ms).toISOString();
