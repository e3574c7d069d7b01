import { createRoute } from '@hono/zod-openapi';
import { rowDays } from '../../../shared/rules/days.js';
import { evaluateRow } from '../../../shared/rules/evaluate.js';
import { OdrAccumulator } from '../../../shared/rules/odr-summary.js';
import { compareOdr } from '../../../shared/report/seller-performance.js';
import { latestSellerPerformance } from '../import/seller-performance-import.js';
import { APPEAL_STATES, DELIVERY_STATES, ELIGIBILITY_STATES, NEXT_ACTIONS, RESPONSE_STATES } from '../../../shared/schemas/statuses.js';
import type { AppDeps } from '../env.js';
import { resolveAsOf } from '../report-options.js';
import { BEARER_SECURITY, createRouter, problemResponses } from '../router.js';
import { AsOfQuery, Summary } from '../schemas.js';

const SCAN_BATCH = 1000;

const summary = createRoute({
  operationId: 'getSummary',
  method: 'get',
  path: '/summary',
  tags: ['orders'],
  security: BEARER_SECURITY,
  summary: 'Order Defect Rate and the number of lines in each status',
  description:
    'As of `asOf` (default now), over every order line of the account (read in batches). The ODR counts each order once, placed ' +
    'by its purchase day in its own marketplace zone; its window is shown in the policy zone, else the first line\'s zone. ' +
    'A line without a feedback rating takes the first one a feedback import gave its order (docs/reports.md). With a Seller Performance ' +
    'report imported, `amazonOdr` shows Amazon\'s ODR beside ours with the difference explained.',
  request: { query: AsOfQuery },
  responses: {
    200: { description: 'The summary', content: { 'application/json': { schema: Summary } } },
    ...problemResponses(400, 401),
  },
});

const zeroCounts = <S extends string>(states: readonly S[]) => Object.fromEntries(states.map((s) => [s, 0])) as Record<S, number>;

export function summaryRoutes(deps: AppDeps) {
  return createRouter().openapi(summary, async (c) => {
    const { asOf: asOfText } = c.req.valid('query');
    const { policy } = deps;
    const asOf = resolveAsOf(asOfText, policy, deps.now);
    const counts = {
      delivery: zeroCounts(DELIVERY_STATES),
      eligibility: zeroCounts(ELIGIBILITY_STATES),
      response: zeroCounts(RESPONSE_STATES),
      appeal: zeroCounts(APPEAL_STATES),
      nextAction: zeroCounts(NEXT_ACTIONS),
      odrDefect: { true: 0, false: 0 },
    };
    let odr: OdrAccumulator | undefined;
    let lines = 0;
    const ratings = await deps.store.feedbackRatings(c.var.accountId);
    for await (const batch of deps.store.scanOrders(c.var.accountId, SCAN_BATCH)) {
      for (const stored of batch) {
        const rating = stored.row.feedbackRating === undefined ? ratings.get(stored.orderId) : undefined;
        const row = rating === undefined ? stored.row : { ...stored.row, feedbackRating: rating };
        lines++;
        const days = rowDays(row, asOf);
        const statuses = evaluateRow(row, policy, asOf, 1, days);
        counts.delivery[statuses.delivery]++;
        counts.eligibility[statuses.eligibility]++;
        counts.response[statuses.response]++;
        counts.appeal[statuses.appeal]++;
        counts.nextAction[statuses.nextAction]++;
        counts.odrDefect[statuses.odrDefect ? 'true' : 'false']++;
        // Same zone rule as evaluating a report: the policy's override, else the first line's marketplace.
        (odr ??= new OdrAccumulator(policy, asOf, policy.timeZone ?? row.timeZone)).add(row, days);
      }
    }
    odr ??= new OdrAccumulator(policy, asOf, policy.timeZone ?? policy.defaultTimeZone);
    const ours = odr.summary();
    const performance = await latestSellerPerformance(deps.store, c.var.accountId);
    const amazonOdr = performance ? { amazonOdr: compareOdr(ours, performance, policy) } : {};
    return c.json({ asOf: new Date(asOf).toISOString(), lines, counts, odr: ours, ...amazonOdr }, 200);
  });
}
