import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { invalidRequest, type InvalidParam } from './problem.js';
import { Problem } from './schemas.js';

/** Validation targets as a client names them in `invalidParams` (`query.limit`, `body.claimAt`). */
const TARGET_NAMES: Record<string, string> = { json: 'body', form: 'body', param: 'path', query: 'query', header: 'header', cookie: 'cookie' };

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** Every router answers zod validation failures the same way: 400 with each failing field's path. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const target = TARGET_NAMES[result.target] ?? result.target;
      throw invalidRequest((result.error.issues as ZodIssueLike[]).flatMap((issue) => invalidParams(target, issue)));
    },
  });
}

function invalidParams(target: string, issue: ZodIssueLike): InvalidParam[] {
  const at = [target, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const reason = issue.message.startsWith('Unrecognized key') ? `unknown ${target === 'query' ? 'parameter' : 'field'}` : issue.message;
    return issue.keys.map((key) => ({ name: `${at}.${key}`, reason }));
  }
  return [{ name: at, reason: issue.message }];
}

export const BEARER_SECURITY = [{ bearer: [] }];
/** A route that needs no token, on purpose (`security: []` in the document says so). */
export const PUBLIC_SECURITY = [];

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid parameters or body (invalidParams names each one)',
  401: 'Missing or invalid bearer token',
  404: 'Not found (or not this account\'s)',
  406: 'None of the accepted media types can be produced',
  409: 'Version conflict: the body holds your version and the current line',
  413: 'Body larger than the limit (checked on Content-Length and while streaming)',
  415: 'Unsupported media type or content encoding',
  422: 'The report cannot be read (empty, binary, no header line, no order id column, not UTF-8 as declared, …)',
  428: 'If-Match is required',
  503: 'The worker is shutting down; try again',
};

/** The problem responses a route can give, for its OpenAPI description. */
export function problemResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', content: { 'application/problem+json': { schema: Problem } } },
    ]),
  ) as Record<S, { description: string; content: { 'application/problem+json': { schema: typeof Problem } } }>;
}
