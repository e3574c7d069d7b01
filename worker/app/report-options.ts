import { parsePolicy, type Policy } from '../../shared/policy/schema.js';
import type { ReportOptions } from '../../shared/report/read-report.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import { parseDateCell, type DateOrder } from '../../shared/time/parse.js';
import { invalidRequest } from './problem.js';
import { POLICY_OVERRIDE_KEYS } from './schemas.js';

export interface ReadingQuery {
  timeZone?: string | undefined;
  dateOrder?: DateOrder | undefined;
  dateSystem?: '1900' | '1904' | undefined;
  encoding?: string | undefined;
}

/**
 * The worker's policy with the request's overrides, validated by the shared parsePolicy (its messages
 * name the key). Query text is turned into the JSON type of the key's default first.
 */
export function policyFromQuery(base: Policy, query: Record<string, string | undefined>): Policy {
  const overrides: Record<string, unknown> = {};
  for (const key of [...POLICY_OVERRIDE_KEYS, 'timeZone' as const]) {
    const text = query[key];
    if (text !== undefined) overrides[key] = fromQueryText(key, text, base[key]);
  }
  return Object.keys(overrides).length === 0 ? base : parsePolicy({ ...base, ...overrides });
}

function fromQueryText(key: string, text: string, example: unknown): unknown {
  const trimmed = text.trim();
  if (trimmed === 'null') return null;
  if (typeof example === 'boolean') return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
  if (typeof example === 'number' || (example === null && key !== 'timeZone')) {
    return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
  }
  if (typeof example === 'object' && example !== null) {
    try {
      return JSON.parse(trimmed);
    } catch {
      throw invalidRequest([{ name: `query.${key}`, reason: 'expected a JSON object, e.g. {"Amazon.in":"Asia/Kolkata"}' }]);
    }
  }
  return text;
}

/** The reader's options for a request's reading parameters; the query's encoding wins over the declared charset. */
export function readOptions(policy: Policy, query: ReadingQuery, declaredCharset: string | undefined): ReportOptions {
  return {
    policy,
    dateOrder: query.dateOrder,
    excelDateSystem: query.dateSystem === undefined ? undefined : (Number(query.dateSystem) as ExcelDateSystem),
    encoding: query.encoding ?? declaredCharset,
  };
}

/** `asOf` as the CLI reads --as-of: an offset-less value on the policy zone's clock; default now. */
export function resolveAsOf(text: string | undefined, policy: Policy, now: () => number): number {
  if (text === undefined) return now();
  const parsed = parseDateCell(text, { zone: policy.timeZone ?? policy.defaultTimeZone });
  if (!parsed.ok) throw invalidRequest([{ name: 'query.asOf', reason: parsed.message }]);
  return parsed.ms;
}
