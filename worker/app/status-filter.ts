import { APPEAL_STATES, DELIVERY_STATES, ELIGIBILITY_STATES, NEXT_ACTIONS, RESPONSE_STATES } from '../../shared/schemas/statuses.js';
import type { OrderLineJson } from './order-view.js';
import { invalidRequest, type InvalidParam } from './problem.js';

type Statuses = OrderLineJson['statuses'];
type FilterKey = 'delivery' | 'eligibility' | 'response' | 'appeal' | 'nextAction';

const STATES: Record<FilterKey, readonly string[]> = {
  delivery: DELIVERY_STATES,
  eligibility: ELIGIBILITY_STATES,
  response: RESPONSE_STATES,
  appeal: APPEAL_STATES,
  nextAction: NEXT_ACTIONS,
};

/** A line matches when each given status is one of the listed values (comma-separated lists are "or"). */
export type StatusFilter = (statuses: Statuses) => boolean;

export function statusFilter(query: Partial<Record<FilterKey, string>> & { odrDefect?: 'true' | 'false' | undefined }): StatusFilter | null {
  const tests: StatusFilter[] = [];
  const problems: InvalidParam[] = [];
  for (const key of Object.keys(STATES) as FilterKey[]) {
    const text = query[key];
    if (text === undefined) continue;
    const wanted = new Set(text.split(',').map((s) => s.trim()).filter(Boolean));
    const unknown = [...wanted].filter((value) => !STATES[key].includes(value));
    if (wanted.size === 0 || unknown.length > 0) {
      problems.push({ name: `query.${key}`, reason: `${unknown.length ? `unknown value ${unknown.join(', ')}` : 'empty'}; expected one or more of ${STATES[key].join(', ')}` });
      continue;
    }
    tests.push((statuses) => wanted.has(statuses[key]));
  }
  if (problems.length) throw invalidRequest(problems);
  if (query.odrDefect !== undefined) {
    const defect = query.odrDefect === 'true';
    tests.push((statuses) => statuses.odrDefect === defect);
  }
  if (tests.length === 0) return null;
  return (statuses) => tests.every((test) => test(statuses));
}
