import { excerpt } from '../../shared/text/excerpt.js';
import { HttpProblem } from './problem.js';

/** A line's ETag is its version, quoted (strong): the URL plus `?line=` say which line it belongs to. */
export const formatEtag = (version: number): string => `"${version}"`;

/** A version: 1 or more, no leading zero, within the safe integers (checked below). */
const IF_MATCH = /^\s*(?:W\/)?"([1-9]\d{0,15})"\s*$/;

/**
 * The version an If-Match header names: 428 without one (a blind write could undo another operator's
 * change), 400 for `*`, a list, or anything that is not one of our ETags.
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new HttpProblem(
      428,
      'precondition-required',
      'Precondition required',
      'Send If-Match with the line\'s ETag (from GET /v1/orders/{orderId}), so a change made meanwhile by someone else is not overwritten.',
    );
  }
  const match = IF_MATCH.exec(header);
  if (!match || !Number.isSafeInteger(Number(match[1]))) {
    throw new HttpProblem(400, 'invalid-request', 'Invalid request', `If-Match must be one ETag of the line, e.g. "3", not ${excerpt(header.trim())}.`, {
      invalidParams: [{ name: 'header.if-match', reason: 'expected one ETag such as "3" (a * or a list is not accepted)' }],
    });
  }
  return Number(match[1]);
}
