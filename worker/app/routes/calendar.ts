import { createRoute, z } from '@hono/zod-openapi';
import { lineDeadlines, renderCalendar, type CalendarEntry } from '../../../shared/alerts/calendar.js';
import { rowDays } from '../../../shared/rules/days.js';
import { evaluateRow } from '../../../shared/rules/evaluate.js';
import type { AlertsApi } from '../alerts-api.js';
import type { AppDeps } from '../env.js';
import { HttpProblem } from '../problem.js';
import { createRouter, problemResponses } from '../router.js';

const SCAN_BATCH = 1000;

const calendar = createRoute({
  operationId: 'getCalendar',
  method: 'get',
  path: '/calendar.ics',
  tags: ['alerts'],
  // Calendar clients cannot send headers: a read-only calendar token in the query instead of the bearer token.
  security: [{ calendarToken: [] }],
  summary: 'Every open deadline of the account as an iCalendar feed (subscribe from Outlook or Google Calendar)',
  description:
    'Answer due instants (UTC), appeal last days and the claim-window last days of late orders (all-day events on the marketplace\'s day). ' +
    'Authenticated by `token`, a calendar token (POST /v1/alerts/calendar-tokens): it reads this feed only and can be revoked.',
  request: { query: z.object({ token: z.string().min(1).max(200).openapi({ description: 'A calendar token' }) }).strict() },
  responses: {
    200: { description: 'RFC 5545 text', content: { 'text/calendar': { schema: z.string() } } },
    ...problemResponses(400, 401, 503),
  },
});

/** GET /v1/calendar.ics, chained before the bearer-token middleware (its token is the query's). */
export function calendarRoutes(deps: AppDeps, alerts: AlertsApi | undefined) {
  return createRouter().openapi(calendar, async (c) => {
    if (!alerts) throw new HttpProblem(503, 'alerts-off', 'Alerts are off', 'This worker runs without alerts, so without a calendar.');
    const accountId = await alerts.accountForCalendarToken(c.req.valid('query').token);
    if (accountId === null) throw new HttpProblem(401, 'unauthorized', 'Unauthorized', 'The calendar token is not valid (revoked, or never made).');
    const asOf = deps.now();
    const entries: CalendarEntry[] = [];
    for await (const batch of deps.store.scanOrders(accountId, SCAN_BATCH)) {
      for (const { lineKey, row } of batch) entries.push(...lineDeadlines(lineKey, evaluateRow(row, deps.policy, asOf, 1, rowDays(row, asOf))));
    }
    const body = renderCalendar(entries, { name: 'A-to-z deadlines', stamp: new Date(asOf).toISOString() });
    return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, max-age=300' });
  });
}
