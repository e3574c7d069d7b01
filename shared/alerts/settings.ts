import { z } from 'zod';
import { LOCALES } from '../i18n/locales.js';
import { isValidTimeZone } from '../time/zone.js';

/** The events an account can be alerted about (docs/alerts.md, "Events"). */
export const ALERT_EVENTS = ['claim_due_soon', 'claim_overdue', 'appeal_closing', 'order_late', 'new_claim', 'odr_over_target', 'digest'] as const;
export type AlertEventKind = (typeof ALERT_EVENTS)[number];

const zone = z.string().refine(isValidTimeZone, 'not an IANA time zone, e.g. Asia/Shanghai');

/**
 * Per account: which events are sent, their parameters, the language and the reader's zone. Every key has a
 * default, so `{}` is valid; unknown keys are refused (same as the policy schema).
 */
export const AlertSettingsSchema = z
  .object({
    language: z.enum(LOCALES).default('en'),
    /** The readers' zone: deadlines are shown in it beside the marketplace's, and the digest is sent on its clock. */
    timeZone: zone.default('UTC'),
    /** A claim whose answer is due within this many hours (default 24). */
    dueWithinHours: z.number().min(0).max(8760).default(24),
    /** An appeal window that closes within this many days (default 3). */
    appealClosesWithinDays: z.number().int().min(0).max(3650).default(3),
    /** The daily digest's time on the readers' clock, HH:MM; null turns the digest off. */
    digestAt: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM, e.g. 08:30')
      .nullable()
      .default('08:00'),
    /** Events turned off. */
    disabled: z.array(z.enum(ALERT_EVENTS)).max(ALERT_EVENTS.length).default([]),
  })
  .strict();
export type AlertSettings = z.infer<typeof AlertSettingsSchema>;
export const DEFAULT_ALERT_SETTINGS: AlertSettings = AlertSettingsSchema.parse({});
