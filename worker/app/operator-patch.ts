import { parseDateCell } from '../../shared/time/parse.js';
import type { OperatorPatch } from '../store/types.js';
import { invalidRequest } from './problem.js';
import type { OperatorPatchBody } from './schemas.js';

const DATE_FIELDS = ['claimAt', 'buyerContactAt', 'responseAt', 'decisionAt', 'appealAt'] as const;

/** A validated PATCH body as the store takes it: dates become instants, a day alone 00:00 in the line's zone. */
export function toOperatorPatch(body: OperatorPatchBody, timeZone: string): OperatorPatch {
  const { claimAt: _a, buyerContactAt: _b, responseAt: _c, decisionAt: _d, appealAt: _e, ...rest } = body;
  const patch: OperatorPatch = { ...rest };
  for (const field of DATE_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (value === null) {
      patch[field] = null;
      continue;
    }
    const parsed = parseDateCell(value, { zone: timeZone });
    if (!parsed.ok) throw invalidRequest([{ name: `body.${field}`, reason: parsed.message }]);
    patch[field] = parsed.ms;
  }
  return patch;
}
