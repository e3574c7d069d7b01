import { createHmac } from 'node:crypto';
import type { AlertMessage } from '../../shared/alerts/messages.js';
import type { ChannelConfig } from '../app/alerts-api.js';

/**
 * What each channel's service expects, as pure functions of the message, the channel's configuration and
 * the instant (for the signatures' timestamps): no I/O here, worker/alerts/send.ts posts the result.
 */
export interface HttpMessage {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Envelope {
  message: AlertMessage;
  /** The same on every attempt of one delivery. */
  idempotencyKey: string;
  event: string;
  /** The event as data, for the generic webhook's receivers. */
  data: unknown;
  /** The clock, ms (signatures carry it). */
  now: number;
}

const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };
export const plainText = (m: AlertMessage) => [m.title, ...m.lines].join('\n');
const markdown = (m: AlertMessage) => [`**${m.title}**`, ...m.lines].join('\n\n');

/**
 * Generic webhook: JSON, signed. `X-Atoz-Signature: v1=HEX(HMAC-SHA256(secret, TIMESTAMP + "." + BODY))` with
 * `X-Atoz-Timestamp: TIMESTAMP` (Unix seconds): a receiver recomputes it and rejects old timestamps (replays).
 */
export function webhookRequest(config: Extract<ChannelConfig, { kind: 'webhook' }>, e: Envelope): HttpMessage {
  const timestamp = String(Math.floor(e.now / 1000));
  const body = JSON.stringify({ id: e.idempotencyKey, event: e.event, title: e.message.title, text: plainText(e.message), orderId: e.message.orderId, data: e.data });
  const signature = createHmac('sha256', config.secret).update(`${timestamp}.${body}`).digest('hex');
  return { url: config.url, headers: { ...JSON_TYPE, 'Idempotency-Key': e.idempotencyKey, 'X-Atoz-Timestamp': timestamp, 'X-Atoz-Signature': `v1=${signature}` }, body };
}

/** Slack incoming webhook: `text` (the notification) and a section block in mrkdwn. */
export function slackRequest(config: { url: string }, e: Envelope): HttpMessage {
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const text = [`*${escape(e.message.title)}*`, ...e.message.lines.map(escape)].join('\n');
  return { url: config.url, headers: JSON_TYPE, body: JSON.stringify({ text: escape(e.message.title), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }) };
}

/** Microsoft Teams Workflows webhook: a message with one Adaptive Card attachment (schema 1.4). */
export function teamsRequest(config: { url: string }, e: Envelope): HttpMessage {
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [{ type: 'TextBlock', text: e.message.title, weight: 'Bolder', size: 'Medium', wrap: true }, ...e.message.lines.map((text) => ({ type: 'TextBlock', text, wrap: true }))],
  };
  return { url: config.url, headers: JSON_TYPE, body: JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] }) };
}

/**
 * Feishu / Lark custom bot: with a secret, `sign` = base64(HMAC-SHA256 keyed by TIMESTAMP + "\n" + SECRET over
 * nothing), TIMESTAMP in seconds, both in the body.
 */
export function feishuRequest(config: { url: string; secret?: string | undefined }, e: Envelope): HttpMessage {
  const timestamp = String(Math.floor(e.now / 1000));
  const signed = config.secret === undefined ? {} : { timestamp, sign: feishuSign(timestamp, config.secret) };
  return { url: config.url, headers: JSON_TYPE, body: JSON.stringify({ ...signed, msg_type: 'text', content: { text: plainText(e.message) } }) };
}
export const feishuSign = (timestamp: string, secret: string) => createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');

/**
 * DingTalk robot: with a secret, `timestamp` (ms) and `sign` = base64(HMAC-SHA256 keyed by SECRET over
 * TIMESTAMP + "\n" + SECRET) are added to the URL's query.
 */
export function dingtalkRequest(config: { url: string; secret?: string | undefined }, e: Envelope): HttpMessage {
  const url = new URL(config.url);
  if (config.secret !== undefined) {
    const timestamp = String(e.now);
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('sign', dingtalkSign(timestamp, config.secret));
  }
  return { url: url.href, headers: JSON_TYPE, body: JSON.stringify({ msgtype: 'markdown', markdown: { title: e.message.title, text: markdown(e.message) } }) };
}
export const dingtalkSign = (timestamp: string, secret: string) => createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');

/** WeCom (企业微信) group robot: markdown. */
export function wecomRequest(config: { url: string }, e: Envelope): HttpMessage {
  return { url: config.url, headers: JSON_TYPE, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdown(e.message) } }) };
}

/** The HTTP request of a webhook channel (every kind but e-mail). */
export function httpRequestFor(config: Exclude<ChannelConfig, { kind: 'email' }>, e: Envelope): HttpMessage {
  switch (config.kind) {
    case 'webhook':
      return webhookRequest(config, e);
    case 'slack':
      return slackRequest(config, e);
    case 'teams':
      return teamsRequest(config, e);
    case 'feishu':
      return feishuRequest(config, e);
    case 'dingtalk':
      return dingtalkRequest(config, e);
    case 'wecom':
      return wecomRequest(config, e);
  }
}

/**
 * Services that answer HTTP 200 with an error code in the body (Feishu `code`, DingTalk and WeCom `errcode`):
 * the error as text, or null when the answer means sent.
 */
export function refusalInBody(kind: ChannelConfig['kind'], body: string): string | null {
  if (kind !== 'feishu' && kind !== 'dingtalk' && kind !== 'wecom') return null;
  try {
    const parsed = JSON.parse(body) as { code?: unknown; errcode?: unknown; msg?: unknown; errmsg?: unknown };
    const code = parsed.code ?? parsed.errcode;
    if (code === undefined || code === 0) return null;
    return `${String(code)} ${String(parsed.msg ?? parsed.errmsg ?? '')}`.trim();
  } catch {
    return null;
  }
}

/** The mail of an e-mail channel (nodemailer's message options). */
export function mailFor(config: Extract<ChannelConfig, { kind: 'email' }>, e: Envelope) {
  return {
    from: config.from,
    to: config.to,
    subject: e.message.title,
    text: plainText(e.message),
    // The idempotency key as the Message-ID: a repeated mail is recognisably the same message.
    messageId: `<${e.idempotencyKey}@atoz-guard>`,
    headers: { 'X-Atoz-Idempotency-Key': e.idempotencyKey },
  };
}

/** Where a channel goes, shown instead of its secrets: the URL's host, or the SMTP server and how many recipients. */
export function targetOf(config: ChannelConfig): string {
  if (config.kind === 'email') return `smtp://${config.host}:${config.port} → ${config.to.length} recipient${config.to.length === 1 ? '' : 's'}`;
  return new URL(config.url).host;
}
