import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AlertSettingsBody, CalendarTokenView, ChannelConfig, ChannelPatch, ChannelView, DeliveryView, type AlertsApi } from '../alerts-api.js';
import { HttpProblem } from '../problem.js';
import { BEARER_SECURITY, createRouter, problemResponses } from '../router.js';

const BODY_LIMIT = 16 * 1024;
const limitBody = bodyLimit({
  maxSize: BODY_LIMIT,
  onError: () => {
    throw new HttpProblem(413, 'payload-too-large', 'Payload too large', `An alerts body is at most ${BODY_LIMIT / 1024} KB.`);
  },
});
const IdParams = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
const jsonBody = <S extends z.ZodTypeAny>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });
const json = <S extends z.ZodTypeAny>(description: string, schema: S) => ({ description, content: { 'application/json': { schema } } });
const common = { tags: ['alerts'], security: BEARER_SECURITY };

const listChannels = createRoute({ ...common, operationId: 'listAlertChannels', method: 'get', path: '/alerts/channels', summary: 'The account\'s alert channels (never their secrets)', responses: { 200: json('The channels', z.object({ items: z.array(ChannelView) })), ...problemResponses(401, 503) } });
const addChannel = createRoute({
  ...common,
  operationId: 'addAlertChannel',
  method: 'post',
  path: '/alerts/channels',
  summary: 'Add a channel: webhook, Slack, Teams, Feishu/Lark, DingTalk, WeCom or e-mail (SMTP)',
  description: 'URLs, keys and passwords are stored encrypted (AES-256-GCM, key ATOZ_ALERTS_KEY) and never returned. A webhook may not target a private, loopback or link-local address unless ATOZ_ALERTS_ALLOW_HOSTS names it.',
  middleware: [limitBody] as const,
  request: { body: jsonBody(ChannelConfig) },
  responses: { 201: json('The channel', ChannelView), ...problemResponses(400, 401, 413, 415, 503) },
});
const patchChannel = createRoute({
  ...common,
  operationId: 'updateAlertChannel',
  method: 'patch',
  path: '/alerts/channels/{id}',
  summary: 'Rename, switch on or off, or replace the configuration of a channel',
  description: 'A new configuration (or `enabled: true`) makes a broken channel ok again: the messages it held are sent.',
  middleware: [limitBody] as const,
  request: { params: IdParams, body: jsonBody(ChannelPatch) },
  responses: { 200: json('The channel', ChannelView), ...problemResponses(400, 401, 404, 413, 415, 503) },
});
const removeChannel = createRoute({ ...common, operationId: 'removeAlertChannel', method: 'delete', path: '/alerts/channels/{id}', summary: 'Remove a channel and its deliveries', request: { params: IdParams }, responses: { 204: { description: 'Removed' }, ...problemResponses(401, 404, 503) } });
const testChannel = createRoute({
  ...common,
  operationId: 'testAlertChannel',
  method: 'post',
  path: '/alerts/channels/{id}/test',
  summary: 'Send a test message now, and answer with its delivery',
  request: { params: IdParams },
  responses: { 200: json('The test delivery: state sent, or failed with the attempt\'s answer', DeliveryView), ...problemResponses(401, 404, 503) },
});
const DeliveriesQuery = z.object({ channelId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
const listDeliveries = createRoute({
  ...common,
  operationId: 'listAlertDeliveries',
  method: 'get',
  path: '/alerts/deliveries',
  summary: 'The latest deliveries with every attempt',
  request: { query: DeliveriesQuery },
  responses: { 200: json('Newest first', z.object({ items: z.array(DeliveryView) })), ...problemResponses(400, 401, 503) },
});
const getSettings = createRoute({ ...common, operationId: 'getAlertSettings', method: 'get', path: '/alerts/settings', summary: 'Which events are sent, their thresholds, the language and the readers\' zone', responses: { 200: json('The settings', AlertSettingsBody), ...problemResponses(401, 503) } });
const putSettings = createRoute({
  ...common,
  operationId: 'putAlertSettings',
  method: 'put',
  path: '/alerts/settings',
  summary: 'Replace the alert settings (a missing key takes its default)',
  middleware: [limitBody] as const,
  request: { body: jsonBody(AlertSettingsBody) },
  responses: { 200: json('The settings', AlertSettingsBody), ...problemResponses(400, 401, 413, 415, 503) },
});
const listTokens = createRoute({ ...common, operationId: 'listCalendarTokens', method: 'get', path: '/alerts/calendar-tokens', summary: 'The calendar feed\'s tokens (never the tokens themselves)', responses: { 200: json('The tokens', z.object({ items: z.array(CalendarTokenView) })), ...problemResponses(401, 503) } });
const createToken = createRoute({
  ...common,
  operationId: 'createCalendarToken',
  method: 'post',
  path: '/alerts/calendar-tokens',
  summary: 'A read-only token for GET /v1/calendar.ics, shown once with the feed\'s address',
  middleware: [limitBody] as const,
  request: { body: jsonBody(z.object({ label: z.string().trim().min(1).max(100).default('calendar') }).strict()) },
  responses: { 201: json('The token (only now) and the path to subscribe to', CalendarTokenView.extend({ token: z.string(), path: z.string() })), ...problemResponses(400, 401, 413, 415, 503) },
});
const revokeToken = createRoute({ ...common, operationId: 'revokeCalendarToken', method: 'delete', path: '/alerts/calendar-tokens/{id}', summary: 'Revoke a calendar token: the feed refuses it from then on', request: { params: IdParams }, responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 404, 503) } });

const notFound = (what: string) => new HttpProblem(404, 'not-found', 'Not found', `The account has no such ${what}.`);

/** /v1/alerts/…: channels, their test, deliveries, settings and calendar tokens (docs/alerts.md). */
export function alertRoutes(alerts: AlertsApi | undefined) {
  const api = (): AlertsApi => {
    if (!alerts) throw new HttpProblem(503, 'alerts-off', 'Alerts are off', 'This worker runs without alerts (worker/main.ts starts them).');
    return alerts;
  };
  return createRouter()
    .openapi(listChannels, async (c) => c.json({ items: await api().listChannels(c.var.accountId) }, 200))
    .openapi(addChannel, async (c) => c.json(await api().addChannel(c.var.accountId, c.req.valid('json')), 201))
    .openapi(patchChannel, async (c) => {
      const channel = await api().updateChannel(c.var.accountId, c.req.valid('param').id, c.req.valid('json'));
      if (!channel) throw notFound('channel');
      return c.json(channel, 200);
    })
    .openapi(removeChannel, async (c) => {
      if (!(await api().removeChannel(c.var.accountId, c.req.valid('param').id))) throw notFound('channel');
      return c.body(null, 204);
    })
    .openapi(testChannel, async (c) => {
      const delivery = await api().testChannel(c.var.accountId, c.req.valid('param').id);
      if (!delivery) throw notFound('channel');
      return c.json(delivery, 200);
    })
    .openapi(listDeliveries, async (c) => {
      const { channelId, limit } = c.req.valid('query');
      return c.json({ items: await api().listDeliveries(c.var.accountId, { channelId, limit }) }, 200);
    })
    .openapi(getSettings, async (c) => c.json(await api().getSettings(c.var.accountId), 200))
    .openapi(putSettings, async (c) => c.json(await api().putSettings(c.var.accountId, c.req.valid('json')), 200))
    .openapi(listTokens, async (c) => c.json({ items: await api().listCalendarTokens(c.var.accountId) }, 200))
    .openapi(createToken, async (c) => {
      const created = await api().createCalendarToken(c.var.accountId, c.req.valid('json').label);
      return c.json({ ...created, path: `/v1/calendar.ics?token=${encodeURIComponent(created.token)}` }, 201);
    })
    .openapi(revokeToken, async (c) => {
      if (!(await api().revokeCalendarToken(c.var.accountId, c.req.valid('param').id))) throw notFound('calendar token');
      return c.body(null, 204);
    });
}
