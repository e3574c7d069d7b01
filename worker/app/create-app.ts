import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { DEFAULT_POLICY, type Policy } from '../../shared/policy/schema.js';
import type { Store } from '../store/types.js';
import { bearerAuth } from './auth.js';
import type { AppDeps, XlsxRenderer } from './env.js';
import { readImport, type ImportReader } from './import/read-import.js';
import type { XlsxReader } from './import/xlsx-upload.js';
import { HttpProblem, problemResponse, toProblem } from './problem.js';
import { createRouter } from './router.js';
import { shortened } from '../../shared/text/excerpt.js';
import { changeRoutes } from './routes/changes.js';
import { evaluateRoutes } from './routes/evaluate.js';
import { getOpenApiDocument, healthRoutes } from './routes/health.js';
import { importRoutes } from './routes/imports.js';
import { orderRoutes } from './routes/orders.js';
import { summaryRoutes } from './routes/summary.js';
import type { AlertsApi } from './alerts-api.js';
import { alertRoutes } from './routes/alerts.js';
import { calendarRoutes } from './routes/calendar.js';

export interface AppOptions {
  store: Store;
  /** The policy stored orders are evaluated with; /v1/evaluate requests may override it. Default: docs/rules.md's. */
  policy?: Policy;
  /** Origins allowed by CORS (the add-in's); no other origin gets CORS headers. */
  corsOrigins: string[];
  /** Largest request body, enforced on Content-Length and while streaming. */
  bodyLimitBytes: number;
  /** The clock: the default "as of" instant. */
  now: () => number;
  /** Aborted when the worker shuts down (imports in flight roll back). */
  shutdown?: AbortSignal;
  /** Where unexpected errors are logged; default console.error. */
  logError?: (error: unknown, context: string) => void;
  /** The .xlsx renderer (worker/xlsx-renderer.ts on Node); without it /v1/evaluate answers xlsx with 406. */
  renderXlsx?: XlsxRenderer;
  /** Reads an import's upload (worker/threads on Node: off the event loop); default: in the request's thread. */
  readImport?: ImportReader;
  /** Reads .xlsx uploads (worker/xlsx-reader.ts on Node); without it a workbook upload to /v1/imports is 415. */
  readXlsx?: XlsxReader;
  /** Alerts and the calendar feed (worker/alerts on Node); without them those routes answer 503. */
  alerts?: AlertsApi;
}

export const API_VERSION = '1.0.0';

/**
 * The worker as a runtime-neutral Hono app (web-standard Request/Response, Web Crypto, web streams):
 * Node serves it through worker/main.ts; tests call `app.request()`.
 */
export function createApp(options: AppOptions) {
  const deps: AppDeps = {
    store: options.store,
    policy: options.policy ?? DEFAULT_POLICY,
    bodyLimitBytes: options.bodyLimitBytes,
    now: options.now,
    shutdown: options.shutdown ?? new AbortController().signal,
    logError: options.logError ?? ((error, context) => console.error(`atoz worker: ${context}:`, error)),
    renderXlsx: options.renderXlsx,
    readImport: options.readImport ?? readImport,
    readXlsx: options.readXlsx,
  };

  const app = createRouter();
  // An API answers with data only: nothing in it may run or be framed as a page.
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }));
  app.use(
    '*',
    cors({
      origin: options.corsOrigins,
      allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Accept'],
      exposeHeaders: ['ETag', 'Location'],
      maxAge: 600,
    }),
  );
  app.onError((error, c) => {
    const problem = toProblem(error);
    // Only the unexpected: every other problem is the client's (or a shutdown) and is explained in the answer.
    if (problem.slug === 'internal') deps.logError(error, `${c.req.method} ${c.req.path}`);
    return problemResponse(problem);
  });
  app.notFound((c) => {
    // A known path asked with a method it does not have: 405 with the methods it has (RFC 9110 §15.5.6).
    const allowed = allowedMethods(app.routes, c.req.path);
    if (allowed.length > 0) {
      return problemResponse(
        new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `${c.req.method} is not allowed on this path; use ${allowed.join(' or ')}.`, {}, { Allow: allowed.join(', ') }),
      );
    }
    return problemResponse(new HttpProblem(404, 'not-found', 'Not found', `There is no ${c.req.method} ${shortened(c.req.path, 200)}.`));
  });

  // One chained expression: its type (AppType) carries every route's request and answers to the clients
  // (hono/client's hc<AppType> in the add-in and the CLI), so a route change fails type-checking there.
  // Middleware in the chain runs for the routes chained after it.
  const routes = app
    .route('/', healthRoutes())
    .openapi(getOpenApiDocument, (c) => c.json(openApiDocument(), 200))
    .route('/v1', calendarRoutes(deps, options.alerts))
    .use('/v1/*', bearerAuth(deps.store))
    .route('/v1', evaluateRoutes(deps))
    .route('/v1', importRoutes(deps))
    .route('/v1', orderRoutes(deps))
    .route('/v1', changeRoutes(deps))
    .route('/v1', summaryRoutes(deps))
    .route('/v1', alertRoutes(options.alerts));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token of the seller account (ATOZ_API_TOKEN for the default account); stored as its SHA-256 only.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'calendarToken', {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'A read-only calendar token (POST /v1/alerts/calendar-tokens): it opens GET /v1/calendar.ics only.',
  });
  let document: ReturnType<typeof app.getOpenAPIDocument> | undefined;
  const openApiDocument = () => (document ??= app.getOpenAPIDocument(OPENAPI_CONFIG));
  return routes;
}

/** The document's frame; paths and components come from the routes' zod schemas. */
export const OPENAPI_CONFIG = {
  openapi: '3.0.3',
  info: {
    title: 'A-to-z Claim Guard worker',
    version: API_VERSION,
    description:
      'Imports Amazon order reports, keeps the order lines per seller account, and serves claim statuses computed by the shared ' +
      'engine (docs/rules.md). Every error answer is application/problem+json, one schema: Problem (RFC 9457). docs/api.md ' +
      'explains the contract and how the clients are typed from it.',
    license: { name: 'Proprietary (UNLICENSED): all rights reserved', url: 'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license' },
  },
  servers: [{ url: '/', description: 'The worker that serves this document (its own address)' }],
  tags: [
    { name: 'meta', description: 'Liveness and this document (public)' },
    { name: 'evaluate', description: 'Statuses of a report, nothing stored' },
    { name: 'imports', description: 'Reports imported into the account\'s orders' },
    { name: 'orders', description: 'Stored order lines, their statuses, operator fields' },
    { name: 'sync', description: 'What the add-in\'s sync reads' },
    { name: 'alerts', description: 'Alert channels, deliveries and the calendar of deadlines' },
  ],
} satisfies Parameters<ReturnType<typeof createRouter>['getOpenAPIDocument']>[0];

/** The worker's routes as a type: `hc<AppType>(url)` from 'hono/client' is a client typed by them. */
export type AppType = ReturnType<typeof createApp>;
export type App = AppType;

const ROUTE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The methods routed for `path` (its handlers, not middleware), GET implying HEAD. */
function allowedMethods(routes: readonly { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (!ROUTE_METHODS.includes(route.method)) continue;
    const pattern = route.path
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    if (!new RegExp(`^${pattern}/?$`).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return ROUTE_METHODS.filter((m) => methods.has(m));
}

