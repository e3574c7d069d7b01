import type { $ZodIssue } from 'zod/v4/core';
import { DEFAULT_POLICY, PolicySchema, type Policy, type PolicyInput } from '../../../shared/policy/schema.js';
import type { UiStrings } from '../i18n/en.js';

/**
 * The settings form as text the user edits, and its way back to a policy checked by PolicySchema.
 * Every key of Policy has a kind here (the Record type makes a new parameter a compile error until
 * it gets a field).
 */
export type FieldKind = 'days' | 'hours' | 'optionalDays' | 'switch' | 'rate' | 'zone' | 'optionalZone' | 'channelZones';

export const POLICY_FIELDS: Record<keyof Policy, FieldKind> = {
  lateGraceDays: 'days',
  orderAgeCapDays: 'optionalDays',
  claimWindowDays: 'days',
  noEddStandInDays: 'days',
  contactFirstHours: 'hours',
  requireContactFirst: 'switch',
  responseWindowHours: 'hours',
  dueSoonHours: 'hours',
  appealWindowDays: 'days',
  odrWindowDays: 'days',
  odrLagDays: 'days',
  odrTarget: 'rate',
  defaultTimeZone: 'zone',
  timeZone: 'optionalZone',
  channelTimeZones: 'channelZones',
};

/** The value the order-age cap takes when switched on without a number (the seller guide's 30). */
export const ORDER_AGE_CAP_WHEN_ON = 30;

export interface ChannelZoneDraft {
  channel: string;
  zone: string;
}

export interface PolicyDraft {
  numbers: Partial<Record<keyof Policy, string>>;
  orderAgeCapOn: boolean;
  requireContactFirst: boolean;
  defaultTimeZone: string;
  /** '' = by sales channel. */
  timeZone: string;
  channels: ChannelZoneDraft[];
}

export type FieldErrors = Partial<Record<keyof Policy, string>> & { channels?: Record<number, string> };

const NUMBER_KEYS = (Object.keys(POLICY_FIELDS) as (keyof Policy)[]).filter((key) =>
  ['days', 'hours', 'optionalDays', 'rate'].includes(POLICY_FIELDS[key]),
);

/** Rates are edited as percentages (1 for 1 %); 4 decimals keep 0.01 % steps exact. */
const toPercent = (rate: number) => String(Math.round(rate * 1e6) / 1e4);

export function draftOf(policy: Policy): PolicyDraft {
  const numbers: PolicyDraft['numbers'] = {};
  for (const key of NUMBER_KEYS) {
    const value = policy[key] as number | null;
    if (POLICY_FIELDS[key] === 'rate') numbers[key] = toPercent(value ?? 0);
    else numbers[key] = value === null ? String(ORDER_AGE_CAP_WHEN_ON) : String(value);
  }
  return {
    numbers,
    orderAgeCapOn: policy.orderAgeCapDays !== null,
    requireContactFirst: policy.requireContactFirst,
    defaultTimeZone: policy.defaultTimeZone,
    timeZone: policy.timeZone ?? '',
    channels: Object.entries(policy.channelTimeZones).map(([channel, zone]) => ({ channel, zone })),
  };
}

/** The text a field shows as its default. */
export function defaultText(key: keyof Policy, t: UiStrings): string {
  const value = DEFAULT_POLICY[key];
  switch (POLICY_FIELDS[key]) {
    case 'rate':
      return `${toPercent(value as number)} %`;
    case 'switch':
      return value ? t.settings.on : t.settings.off;
    case 'optionalDays':
    case 'optionalZone':
      return value === null ? t.settings.off : String(value);
    case 'channelZones':
      return t.settings.channelZones.none;
    default:
      return String(value);
  }
}

export type FormResult = { ok: true; policy: Policy } | { ok: false; errors: FieldErrors };

/** Reads the draft: text that is not a number is refused here, everything else by PolicySchema. */
export function readDraft(draft: PolicyDraft, t: UiStrings): FormResult {
  const errors: FieldErrors = {};
  const input: Record<string, unknown> = {
    requireContactFirst: draft.requireContactFirst,
    defaultTimeZone: draft.defaultTimeZone.trim(),
    timeZone: draft.timeZone.trim() === '' ? null : draft.timeZone.trim(),
  };
  for (const key of NUMBER_KEYS) {
    if (key === 'orderAgeCapDays' && !draft.orderAgeCapOn) {
      input[key] = null;
      continue;
    }
    const text = (draft.numbers[key] ?? '').trim().replace(',', '.');
    const value = text === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) errors[key] = t.settings.errors.number;
    else input[key] = POLICY_FIELDS[key] === 'rate' ? value / 100 : value;
  }
  const channels: Record<string, string> = {};
  draft.channels.forEach(({ channel, zone }, row) => {
    const name = channel.trim();
    if (name === '') (errors.channels ??= {})[row] = t.settings.errors.channel;
    else if (Object.hasOwn(channels, name)) (errors.channels ??= {})[row] = t.settings.errors.duplicateChannel;
    else channels[name] = zone.trim();
  });
  input.channelTimeZones = channels;

  const parsed = PolicySchema.safeParse(input);
  if (!parsed.success) {
    const rows = new Map(draft.channels.map(({ channel }, row) => [channel.trim(), row]));
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof Policy;
      if (errors[key] !== undefined) continue; // the "not a number" message says more
      const message = issueMessage(issue, POLICY_FIELDS[key], t);
      if (key === 'channelTimeZones') {
        const row = rows.get(String(issue.path[1]));
        if (row !== undefined) (errors.channels ??= {})[row] = message;
      } else {
        errors[key] = message;
      }
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, policy: parsed.data };
}

/** PolicySchema's issue in the user's language, bounds shown in the unit the field is edited in. */
function issueMessage(issue: $ZodIssue, kind: FieldKind | undefined, t: UiStrings): string {
  const bound = (value: unknown) => (kind === 'rate' ? toPercent(Number(value)) : String(value));
  switch (issue.code) {
    case 'too_small':
      return t.settings.errors.min(bound(issue.minimum));
    case 'too_big':
      return t.settings.errors.max(bound(issue.maximum));
    case 'invalid_type':
      return issue.expected === 'int' ? t.settings.errors.wholeNumber : t.settings.errors.number;
    case 'custom':
      return t.settings.errors.zone;
    default:
      return issue.message;
  }
}

export type { PolicyInput };
