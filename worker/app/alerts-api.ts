import { z } from '@hono/zod-openapi';
import { AlertSettingsSchema, type AlertSettings } from '../../shared/alerts/settings.js';

/**
 * The alerts' contract: the channel configurations the API takes and the views it gives (secrets never in a
 * view), and the service the routes call. The service is Node code (worker/alerts/), injected into the app.
 */

const url = z.string().url().max(2048).refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL');
const name = z.string().trim().min(1).max(100);

const WebhookChannel = z.object({ kind: z.literal('webhook'), name, url, secret: z.string().min(16).max(512).openapi({ description: 'HMAC-SHA256 key: the receiver checks X-Atoz-Signature with it' }) }).strict();
const SlackChannel = z.object({ kind: z.literal('slack'), name, url }).strict();
const TeamsChannel = z.object({ kind: z.literal('teams'), name, url: url.openapi({ description: 'A Teams Workflows webhook URL ("When a Teams webhook request is received")' }) }).strict();
const FeishuChannel = z.object({ kind: z.literal('feishu'), name, url, secret: z.string().min(1).max(512).optional().openapi({ description: 'The bot\'s signing secret, if it has one' }) }).strict();
const DingtalkChannel = z.object({ kind: z.literal('dingtalk'), name, url, secret: z.string().min(1).max(512).optional().openapi({ description: 'The robot\'s SEC… signing secret, if it has one' }) }).strict();
const WecomChannel = z.object({ kind: z.literal('wecom'), name, url }).strict();
const EmailChannel = z
  .object({
    kind: z.literal('email'),
    name,
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(587),
    /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    user: z.string().max(320).optional(),
    password: z.string().max(1024).optional(),
    from: z.string().email().max(320),
    to: z.array(z.string().email().max(320)).min(1).max(50),
  })
  .strict();

/** A channel as configured: every field is kept encrypted but `kind` and `name`. */
export const ChannelConfig = z.discriminatedUnion('kind', [WebhookChannel, SlackChannel, TeamsChannel, FeishuChannel, DingtalkChannel, WecomChannel, EmailChannel]).openapi('AlertChannelConfig');
export type ChannelConfig = z.infer<typeof ChannelConfig>;
export const CHANNEL_KINDS = ['webhook', 'slack', 'teams', 'feishu', 'dingtalk', 'wecom', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const ChannelView = z
  .object({
    id: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    name: z.string(),
    /** Where it goes, without secrets: the webhook's host, or the SMTP server and the number of recipients. */
    target: z.string(),
    status: z.enum(['ok', 'broken']),
    /** For a broken channel: what its service answered (an excerpt). */
    lastAnswer: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AlertChannel');
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelPatch = z
  .object({ name: name.optional(), enabled: z.boolean().optional(), config: ChannelConfig.optional() })
  .strict()
  .openapi('AlertChannelPatch');
export type ChannelPatch = z.infer<typeof ChannelPatch>;

export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'failed', 'held'] as const;
export const Attempt = z.object({ at: z.string(), outcome: z.enum(['sent', 'retry', 'refused', 'timeout', 'error']), status: z.number().int().nullable(), answer: z.string().nullable(), ms: z.number().int() }).openapi('AlertAttempt');
export type Attempt = z.infer<typeof Attempt>;
export const DeliveryView = z
  .object({
    id: z.string(),
    channelId: z.string(),
    event: z.string(),
    lineKey: z.string(),
    orderId: z.string().nullable(),
    /** Sent with the message (header Idempotency-Key, or the mail's Message-ID): a repeat carries the same one. */
    idempotencyKey: z.string(),
    state: z.enum(DELIVERY_STATES),
    attempts: z.array(Attempt),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('AlertDelivery');
export type DeliveryView = z.infer<typeof DeliveryView>;

export const AlertSettingsBody = AlertSettingsSchema.extend({}).openapi('AlertSettings');

export const CalendarTokenView = z.object({ id: z.string(), label: z.string(), createdAt: z.string() }).openapi('CalendarToken');
export type CalendarTokenView = z.infer<typeof CalendarTokenView>;

/** What the alert routes need; worker/alerts/service.ts implements it over the store's database. */
export interface AlertsApi {
  listChannels(accountId: string): Promise<ChannelView[]>;
  addChannel(accountId: string, config: ChannelConfig): Promise<ChannelView>;
  /** null: no such channel in the account. A new config (or `enabled: true`) makes a broken channel ok again. */
  updateChannel(accountId: string, id: string, patch: ChannelPatch): Promise<ChannelView | null>;
  removeChannel(accountId: string, id: string): Promise<boolean>;
  /** Sends a test message now; null: no such channel. */
  testChannel(accountId: string, id: string): Promise<DeliveryView | null>;
  listDeliveries(accountId: string, options: { channelId?: string | undefined; limit: number }): Promise<DeliveryView[]>;
  getSettings(accountId: string): Promise<AlertSettings>;
  putSettings(accountId: string, settings: AlertSettings): Promise<AlertSettings>;
  createCalendarToken(accountId: string, label: string): Promise<CalendarTokenView & { token: string }>;
  listCalendarTokens(accountId: string): Promise<CalendarTokenView[]>;
  revokeCalendarToken(accountId: string, id: string): Promise<boolean>;
  /** The account of a calendar token (looked up by its SHA-256), null if unknown or revoked. */
  accountForCalendarToken(token: string): Promise<string | null>;
}
