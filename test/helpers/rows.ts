import { DEFAULT_POLICY, parsePolicy, type Policy, type PolicyInput } from '../../shared/policy/schema.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';

/**
 * Test helpers. Expected values in the tests are computed by hand from docs/rules.md with the JavaScript
 * Date built-ins only, never with the engine's own time functions.
 */

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** An instant from an ISO string that carries its offset (or Z); throws on anything else. */
export function at(iso: string): number {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new Error(`test instant needs an explicit offset: ${iso}`);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant: ${iso}`);
  return ms;
}

/** The epoch day (days since 1970-01-01) of a `YYYY-MM-DD`, by Date.UTC. */
export function dayNo(ymd: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) throw new Error(`bad test day: ${ymd}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / DAY;
}

/** `YYYY-MM-DD` of `ymd` plus `n` days, by Date.UTC. */
export function addDays(ymd: string, n: number): string {
  return new Date((dayNo(ymd) + n) * DAY).toISOString().slice(0, 10);
}

type DateField = 'purchaseAt' | 'maxEddAt' | 'deliveredAt' | 'claimAt' | 'buyerContactAt' | 'responseAt' | 'decisionAt' | 'appealAt';
const DATE_FIELDS: DateField[] = ['purchaseAt', 'maxEddAt', 'deliveredAt', 'claimAt', 'buyerContactAt', 'responseAt', 'decisionAt', 'appealAt'];

/** Like OrderRow, every field optional, and dates as ISO strings (with offset) or ms. */
export type RowSpec = Partial<Omit<OrderRow, DateField>> & Partial<Record<DateField, string | number>>;

/** A physical, seller-fulfilled Amazon.com order with no chargeback unless the spec says otherwise. */
export function row(spec: RowSpec = {}): OrderRow {
  const out: Record<string, unknown> = {
    orderId: '111-0000000-0000001',
    timeZone: 'America/Los_Angeles',
    fulfillment: 'mfn',
    itemType: 'physical',
    chargeback: false,
  };
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined) continue;
    out[key] = (DATE_FIELDS as string[]).includes(key) && typeof value === 'string' ? at(value) : value;
  }
  return out as OrderRow;
}

export const P: Policy = DEFAULT_POLICY;

export function policy(overrides: PolicyInput): Policy {
  return parsePolicy(overrides);
}
