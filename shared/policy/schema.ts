import { z } from 'zod';
import { isValidTimeZone } from '../time/zone.js';

const days = (max: number) => z.number().int().min(0).max(max);
const hours = (max: number) => z.number().min(0).max(max);
const zoneName = z.string().refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. America/Los_Angeles)' });

/**
 * Every number of docs/rules.md is a parameter here, with the rule book's default.
 * Amazon's pages disagree between marketplaces and over time, so nothing is hard-coded in the rules.
 */
export const PolicySchema = z
  .object({
    /** §2: days after the max estimated delivery date before a not-delivered order is late. */
    lateGraceDays: days(365).default(3),
    /** §2: optional order-age cap on "not received" (30 when turned on); null = off. */
    orderAgeCapDays: days(365).nullable().default(null),
    /** §3: a claim may stand up to this many days after the max EDD. */
    claimWindowDays: days(3650).default(90),
    /** §3: with no max EDD, purchase date + this many days stands in for it. */
    noEddStandInDays: days(365).default(30),
    /** §3: a buyer must have contacted the seller this long before filing. */
    contactFirstHours: hours(24 * 365).default(48),
    /** §3: the contact-first rule is applied (the seller guide says it is). */
    requireContactFirst: z.boolean().default(true),
    /** §4: hours the seller has to answer a claim. */
    responseWindowHours: hours(24 * 365).default(72),
    /** §4: a response is due soon when at most this many hours are left. */
    dueSoonHours: hours(24 * 365).default(24),
    /** §5: days after a decision against the seller during which it can appeal. */
    appealWindowDays: days(3650).default(30),
    /** §6: ODR window length and the lag before the as-of day. */
    odrWindowDays: z.number().int().min(1).max(3650).default(60),
    odrLagDays: days(3650).default(14),
    /** §6: the account-health target (rate must stay below it). */
    odrTarget: z.number().min(0).max(1).default(0.01),
    /** §1: zone for an unknown sales channel. */
    defaultTimeZone: zoneName.default('America/Los_Angeles'),
    /** §1: the user's override of the marketplace zone for every row; null = by sales channel. */
    timeZone: zoneName.nullable().default(null),
    /** §1: extra or replaced sales-channel → zone pairs (keys like "Amazon.com"). */
    channelTimeZones: z.record(z.string(), zoneName).default({}),
  })
  .strict();

export type Policy = z.output<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = Object.freeze(PolicySchema.parse({})) as Policy;

export class PolicyError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid policy: ${issues.join("; ")}`);
    this.name = 'PolicyError';
  }
}

/** Validates a user's overrides (from a JSON file, query string or settings panel) on top of the defaults. */
export function parsePolicy(input: unknown): Policy {
  const result = PolicySchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new PolicyError(
    result.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(policy)';
      return `${where}: ${issue.message}`;
    }),
  );
}
