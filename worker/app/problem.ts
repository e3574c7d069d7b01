import type { z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PolicyError } from '../../shared/policy/schema.js';
import { ReportError } from '../../shared/report/read-report.js';
import { ReportFormatError } from '../../shared/report/report-format-error.js';
import { BodyReadError, PayloadTooLargeError, WorkerStoppingError } from './body/errors.js';
import { limitProblemBody } from './echo-limit.js';
import type { Problem } from './schemas.js';

/** A request parameter or body field that failed validation: where (`query.asOf`, `body.claimAt`) and why. */
export type InvalidParam = NonNullable<ProblemFields['invalidParams']>[number];

type ProblemFields = z.infer<typeof Problem>;

/**
 * RFC 9457 problem details, plus row errors (line, column) and invalid parameters where they apply: the one
 * Problem schema (worker/app/schemas.ts) every error answer of the OpenAPI document references, and extensions.
 */
export interface ProblemBody extends ProblemFields {
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types: stable identifiers a client can switch on (URNs: they do not pretend to be web pages). */
export const problemType = (slug: string) => `urn:atoz-guard:problem:${slug}`;

/** An error that is answered as a problem response with its own status: thrown anywhere in a route. */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Omit<Partial<ProblemBody>, 'type' | 'title' | 'status' | 'detail'> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  body(): ProblemBody {
    return { type: problemType(this.slug), title: this.title, status: this.status, detail: this.detail, ...this.extensions };
  }
}

export const invalidRequest = (invalidParams: InvalidParam[]) =>
  new HttpProblem(400, 'invalid-request', 'Invalid request', invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; '), { invalidParams });

export function problemResponse(problem: HttpProblem): Response {
  return new Response(JSON.stringify(limitProblemBody(problem.body())), {
    status: problem.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...problem.headers },
  });
}

/**
 * What any error becomes for the client. Known failures keep their message (written for sellers);
 * anything else is a 500 with a generic text: stack traces and SQL stay in the log.
 */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  // ReportFormatError: the reader's own error, should it ever get past the report reader unwrapped.
  if (error instanceof ReportError || error instanceof ReportFormatError) {
    return new HttpProblem(422, 'unusable-report', 'The report cannot be read', error.message);
  }
  if (error instanceof PolicyError) {
    return invalidRequest(error.issues.map(policyIssueParam));
  }
  if (error instanceof PayloadTooLargeError) {
    return new HttpProblem(413, 'payload-too-large', 'Payload too large', error.message, { limitBytes: error.limit });
  }
  if (error instanceof WorkerStoppingError) {
    return new HttpProblem(503, 'shutting-down', 'Service unavailable', error.message, {}, { 'Retry-After': '5' });
  }
  if (error instanceof BodyReadError) {
    return new HttpProblem(400, 'upload-interrupted', 'The upload was interrupted', error.message);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return new HttpProblem(status, httpExceptionSlug(status), error.message || 'Bad request', error.message || `HTTP ${status}`);
  }
  return new HttpProblem(500, 'internal', 'Internal server error', 'The worker failed while handling this request; the error is in its log.');
}

/** PolicyError issues read `key: message`; the key becomes the query parameter's name. */
function policyIssueParam(issue: string): InvalidParam {
  const at = issue.indexOf(': ');
  if (at < 0) return { name: 'query', reason: issue };
  const key = issue.slice(0, at);
  return { name: key === '(policy)' ? 'query' : `query.${key}`, reason: issue.slice(at + 2) };
}

function httpExceptionSlug(status: number): string {
  switch (status) {
    case 400:
      return 'invalid-request';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    default:
      return `http-${status}`;
  }
}
